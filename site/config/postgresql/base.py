"""Django's PostgreSQL backend with two costs of every request cut (ENGINE "config.postgresql").

- **The health check without a round trip.** With CONN_HEALTH_CHECKS (production), Django runs `SELECT 1`
  before the first query of every request on a persistent connection. A connection the server has closed
  (restart, `pg_terminate_backend`, idle timeout) has something to read on its socket: the server's
  goodbye or the end of the stream. So the socket is polled first, without waiting: nothing to read and
  psycopg's connection healthy means usable; anything else gets Django's `SELECT 1` as before.
- **Timestamps parsed in C.** Django's timestamptz loader (psycopg_any.BaseTzLoader) runs psycopg's
  pure-Python parser on every value; a course list reads about 360 of them. `FastTzLoader` parses the ISO
  text PostgreSQL sends with `datetime.fromisoformat` (C) and sets the same tzinfo as Django's; any other
  text (another DateStyle, infinity, years past 9999) goes to Django's loader.

Chosen over setting CONN_HEALTH_CHECKS off, which serves an error to the first request after a database
restart in every worker. Both measured in `make bench-pages` (ARCHITECTURE "Caching: measured").
"""

import datetime
import select

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from psycopg.pq import TransactionStatus


class FastTzLoader(BaseTzLoader):
    def load(self, data):
        try:
            value = datetime.datetime.fromisoformat(bytes(data).decode())
        except ValueError:
            return super().load(data)
        return value.replace(tzinfo=self.timezone)


def fast_tz_loader(timezone):
    return type("FastSpecificTzLoader", (FastTzLoader,), {"timezone": timezone})


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django's create_cursor compares the loader's timezone with its own: the same, so it keeps this one.
        connection.adapters.register_loader("timestamptz", fast_tz_loader(self.timezone))
        # psycopg keeps 100 prepared statements per connection and deallocates the least recently used
        # beyond that; a worker serving every page type prepares more (69 for 15 public pages), and each
        # eviction costs a DEALLOCATE and a new PREPARE. DATABASES["default"]["PREPARED_MAX"] (config/env.py).
        connection.prepared_max = self.settings_dict.get("PREPARED_MAX") or connection.prepared_max
        return connection

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            readable = True
        if not readable and connection.info.transaction_status == TransactionStatus.IDLE:
            return True
        return super().is_usable()  # something arrived unasked, or mid-transaction: ask the server
