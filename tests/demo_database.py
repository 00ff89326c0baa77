"""The demo site for tests, built once per pytest session in its own PostgreSQL database.

Why its own database: the demo fills the page tree, the default site, users and settings, while most tests
assume an empty site and build the pages they need. Loading the demo into the shared test database, even
in a transaction held open for a module, would leak into those tests or impose an order on the whole suite
(and pytest-django already orders it: database tests, then transactional ones, then the rest). So:

1. Right after pytest-django has migrated the test database, before any test wrote to it, and only when
   a collected test asks for `demo_site`, the database is copied with `CREATE DATABASE <name>_demo
   TEMPLATE <name>`: an empty, migrated site (PostgreSQL copies the files; a fraction of a second). A copy
   taken later could miss the rows migrations create, which transactional tests flush.
2. The first test that asks for `demo_site` runs `load_demo` (search index included) into the copy, once.
3. Every test that asks for `demo_site` points the default connection at the copy and runs inside
   Django TestCase's transaction, rolled back afterwards, so no test sees another's changes; then the
   connection points back at the ordinary test database and the caches (site root paths, taxonomy,
   page chrome) are cleared both ways, because the two databases reuse primary keys.
4. The copy is dropped at the end of the session.
"""

import io
from contextlib import contextmanager

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.test import TestCase, override_settings

# The seed `make run` uses, so the tests check the demo people actually see.
DEMO_SEED = 2023


class _RolledBackTransaction(TestCase):
    """Only its class methods are used: TestCase's atomics, which allow durable blocks inside them."""

    databases = {"default"}


def _clear_caches():
    for cache in caches.all():
        cache.clear()


class DemoDatabase:
    def __init__(self, name):
        self.name = name
        self.media_root = None
        self.output = ""

    @classmethod
    def copy_of_test_database(cls):
        """Copy the freshly migrated test database (call before any test writes to it)."""
        template = connection.settings_dict["NAME"]
        demo = cls(f"{template}_demo")
        connections.close_all()  # CREATE DATABASE … TEMPLATE refuses while a session uses the template
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(demo.name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(demo.name)} TEMPLATE {quote(template)}")
        return demo

    def drop(self):
        connections.close_all()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)} WITH (FORCE)")

    @contextmanager
    def connected(self):
        """Point the default connection at the demo database for the duration of the block."""
        if connection.in_atomic_block:
            raise RuntimeError(
                "demo_site cannot be combined with db / django_db: it brings its own rolled-back transaction."
            )
        previous = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = self.name
        _clear_caches()
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["NAME"] = previous
            _clear_caches()

    def load(self, media_root):
        """Run `load_demo` into the demo database and commit it, images under media_root."""
        self.media_root = media_root
        out = io.StringIO()
        with self.connected(), override_settings(MEDIA_ROOT=media_root):
            call_command("load_demo", seed=DEMO_SEED, stdout=out)
        self.output = out.getvalue()

    @contextmanager
    def rolled_back(self):
        """A test's view of the demo: its changes are rolled back at the end."""
        with self.connected():
            atomics = _RolledBackTransaction._enter_atomics()
            try:
                yield self
            finally:
                _RolledBackTransaction._rollback_atomics(atomics)
