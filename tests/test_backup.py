"""scripts/backup.sh and scripts/restore.sh against the test cluster: a dump restores into a fresh database
with the same rows, the check passes and its scratch database is gone, and a broken dump fails loudly."""

import os
import stat
import subprocess

from django.conf import settings
from django.db import connection

import psycopg
import pytest

from tests.factories import UserFactory
from worker.models import OutgoingMail

SCRIPTS = settings.REPO_DIR / "scripts"
KEY_TABLES = [
    "accounts_user",
    "wagtailcore_page",
    "wagtailcore_revision",
    "worker_outgoingmail",
    "django_migrations",
]


def database_url(name=None):
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"


def run(script, *args):
    return subprocess.run(  # noqa: S603 - our own scripts
        [str(SCRIPTS / script), *args],
        env={**os.environ, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )


def counts(url):
    with psycopg.connect(url) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our names
            for table in KEY_TABLES
        }


def databases_like(prefix):
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
        return [row[0] for row in cursor.fetchall()]


def drop(name):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(wagtail_base_data, home_page, tmp_path):
    for n in range(3):
        UserFactory(email=f"backup{n}@example.cn")
    OutgoingMail.objects.create(
        builder="worker.mail.prepared_message", args=["a@example.cn", "主题\n换行", "正文"]
    )
    home_page.save_revision()
    source = counts(database_url())
    assert (
        source["accounts_user"] == 3 and source["worker_outgoingmail"] == 1 and source["wagtailcore_revision"]
    )

    dump = tmp_path / "site.dump"
    backup = run("backup.sh", str(dump))
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.strip() == str(dump)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # personal data: owner only

    check = run("restore.sh", "--check", str(dump))
    assert check.returncode == 0, check.stderr
    assert "restore check passed" in check.stdout and "dropped" in check.stdout
    assert "public.accounts_user" in check.stdout and "3 rows" in check.stdout
    assert databases_like("restore_check_") == []

    name = f"{connection.settings_dict['NAME']}_restored"
    drop(name)
    try:
        kept = run("restore.sh", str(dump), name)
        assert kept.returncode == 0, kept.stderr
        assert counts(database_url(name)) == source
        again = run("restore.sh", str(dump), name)  # never over an existing database
        assert again.returncode == 1 and "already exists" in again.stderr
    finally:
        drop(name)


@pytest.mark.django_db(transaction=True)
def test_a_broken_dump_fails_the_check_and_leaves_no_database(tmp_path):
    UserFactory(email="backup@example.cn")
    dump = tmp_path / "site.dump"
    assert run("backup.sh", str(dump)).returncode == 0
    broken = tmp_path / "broken.dump"
    broken.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    check = run("restore.sh", "--check", str(broken))
    assert check.returncode != 0
    assert "restore check passed" not in check.stdout
    assert databases_like("restore_check_") == []
