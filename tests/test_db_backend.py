"""The site's PostgreSQL backend (config/postgresql): the health check at the start of a request needs no
round trip on a healthy connection and still catches one the server closed; timestamps parsed in C are
exactly the ones Django's own loader gives, and other text still goes to Django's loader."""

import datetime
import time

from django.db import close_old_connections, connection, transaction
from django.db.backends.postgresql.psycopg_any import register_tzloader

import psycopg
import pytest
from psycopg.pq import Format

from config.postgresql.base import FastTzLoader

TIMESTAMPTZ_OID = 1184
VALUES = [
    "2026-12-01 05:25:10.534723+00",
    "2026-12-01 05:25:10+08",
    "2027-01-31 23:59:59.999999+00",
    "1970-01-01 00:00:00+00",
    "0001-01-01 00:00:00+00",
    "2026-06-15 12:00:00.5-03:30",
]


def load_all(cursor):
    cursor.execute("SELECT " + ", ".join(f"'{v}'::timestamptz" for v in VALUES))
    return cursor.fetchone()


def load_both(datestyle):
    """The values as this backend loads them and as Django's own loader does (or the error each raises)."""
    connection.ensure_connection()
    assert issubclass(connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT), FastTzLoader)
    results = []
    with connection.cursor() as cursor:
        cursor.execute(f"SET DateStyle TO '{datestyle}'")
        try:
            for django_loader in (False, True):
                if django_loader:
                    register_tzloader(connection.timezone, cursor.cursor)  # Django's own, on this cursor
                try:
                    results.append(load_all(cursor))
                except Exception as error:  # noqa: BLE001 - compared below
                    results.append((type(error), str(error)))
        finally:
            cursor.execute("RESET DateStyle")
    return results


@pytest.mark.django_db
def test_timestamps_load_as_djangos_loader_loads_them():
    fast, django = load_both("ISO, MDY")  # PostgreSQL's default, and Django's
    assert fast == django
    assert all(value.tzinfo is datetime.UTC for value in fast)
    assert fast[0] == datetime.datetime(2026, 12, 1, 5, 25, 10, 534723, tzinfo=datetime.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("datestyle", ["SQL, DMY", "Postgres, YMD"])
def test_other_datestyles_go_to_djangos_loader(datestyle):
    fast, django = load_both(datestyle)
    assert fast == django and fast[0] is NotImplementedError  # psycopg reads ISO text only, as before


@pytest.mark.django_db
def test_a_timestamp_python_cannot_hold_fails_as_with_djangos_loader():
    with connection.cursor() as cursor, pytest.raises(Exception) as failed:
        cursor.execute("SELECT 'infinity'::timestamptz")
        cursor.fetchone()
    assert "infinity" in str(failed.value).lower() or "too large" in str(failed.value).lower()


def server_round_trips(monkeypatch):
    """How many cursors Django opens on the raw psycopg connection (Django's health check opens one)."""
    opened = []
    original = psycopg.Connection.cursor

    def cursor(self, *args, **kwargs):
        opened.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "cursor", cursor)
    return opened


@pytest.fixture
def health_checks():
    """Production's connection handling: persistent (CONN_MAX_AGE), checked at the start of a request."""
    connection.ensure_connection()
    connection.health_check_enabled, connection.close_at = True, None
    yield
    connection.health_check_enabled = connection.settings_dict["CONN_HEALTH_CHECKS"]


@pytest.mark.django_db(transaction=True)
def test_a_healthy_connection_is_checked_without_a_query(health_checks, monkeypatch):
    opened = server_round_trips(monkeypatch)
    close_old_connections()  # a request starts: Django checks the connection before its first query
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert len(opened) == 1  # the query itself; no SELECT 1 of the health check before it


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_before_the_next_request_queries(health_checks):
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = {
        k: v for k, v in connection.get_connection_params().items() if k not in ("context", "cursor_factory")
    }
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)  # the server's goodbye reaches the socket
    assert connection.is_usable() is False
    close_old_connections()
    with connection.cursor() as cursor:  # a new connection, no error for the request
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_check_asks_the_server(monkeypatch):
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        opened = server_round_trips(monkeypatch)
        assert connection.is_usable() is True
        assert len(opened) == 1  # Django's SELECT 1
