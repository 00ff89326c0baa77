"""Real faults around the task worker: `manage.py run_worker` runs as its own process on the test database
with the database task backend, and mail goes to a real SMTP server on 127.0.0.1 (tests/smtp.py).

- PostgreSQL restarted while the worker runs (scripts/services.sh stop-pg / start-pg, like the search
  outage test): the worker carries on and every mail queued before and after goes out exactly once.
- SMTP missing, then refusing, then accepting: the mail arrives once.
- A worker killed in the middle of a task: another worker runs the task again after the timeout.

The PostgreSQL tests stop the cluster the test database lives on, so they only run against this
checkout's own cluster (`make test` starts one; so does `CF_PG_PORT=… scripts/services.sh start`):
services.sh refuses to stop a cluster that is not this checkout's or not on the test database's port.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection, connections

import pytest

from tests.factories import UserFactory
from tests.smtp import SmtpInbox, free_port
from worker import mail
from worker.models import MailStatus, OutgoingMail

SERVICES = Path(django_settings.REPO_DIR) / "scripts" / "services.sh"

# A worker process: this test's settings, plus the database backend and real SMTP, then `run_worker`.
WORKER = """
import json, sys
import django
django.setup()
from django.test.utils import override_settings
override_settings(**json.loads(sys.argv[1])).enable()
from django.core.management import call_command
call_command("run_worker", *sys.argv[2:])
"""


class WorkerProcess:
    def __init__(self, smtp_port, *args, retry_delays=(1, 1, 1, 1, 1)):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        overrides = {
            "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": smtp_port,
            "EMAIL_TIMEOUT": 10,
            "MAIL_RETRY_DELAYS": list(retry_delays),
        }
        env = {
            **os.environ,
            "PYTHONPATH": f"{django_settings.REPO_DIR}:{django_settings.SITE_DIR}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "ELASTICSEARCH_URL": "",
        }
        options = ["--interval", "0.2", "--no-startup-delay", "--no-reload", "--heartbeat", "0.5", *args]
        self.log = tempfile.NamedTemporaryFile(mode="w+", suffix=".log")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter running the script above
            [sys.executable, "-c", WORKER, json.dumps(overrides), *options],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=django_settings.REPO_DIR,
        )

    def output(self):
        if self.log.closed:
            return self.final_output
        self.log.flush()
        return Path(self.log.name).read_text()

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        """SIGKILL: no chance to clean up."""
        self.process.kill()
        self.process.wait()
        self.close()

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.close()

    def close(self):
        if not self.log.closed:
            self.final_output = self.output()
            self.log.close()


def wait_for(predicate, timeout, what, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    log = f"\nworker output:\n{worker.output()}" if worker else ""
    pytest.fail(f"waited {timeout} s for {what}{log}")


class OwnPostgreSQL:
    """Stops and starts the cluster under test through scripts/services.sh, as `make test` started it."""

    def __init__(self):
        self.env = {**os.environ, "CF_PG_PORT": str(connection.settings_dict["PORT"] or 5432)}
        self.stopped = False

    def run(self, command):
        result = subprocess.run(  # noqa: S603 - our own script
            [str(SERVICES), command], env=self.env, capture_output=True, text=True, timeout=120
        )
        if result.returncode:
            pytest.fail(
                f"services.sh {command} failed: {result.stderr.strip()}\nThese tests restart PostgreSQL, so "
                "they run only on this checkout's own cluster: `make test`, or `CF_PG_PORT=… CF_ES_PORT=… "
                "scripts/services.sh start` and that DATABASE_URL."
            )

    def stop(self):
        connections.close_all()
        self.run("stop-pg")
        self.stopped = True

    def start(self):
        self.run("start-pg")
        self.stopped = False
        connections.close_all()  # this process's connection died with the server


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp():
    inbox = SmtpInbox().start()
    yield inbox
    inbox.stop()


@pytest.fixture
def postgresql():
    server = OwnPostgreSQL()
    yield server
    if server.stopped:
        server.start()


def queue(subject, to="li@example.cn"):
    return mail.queue_mail("worker.mail.prepared_message", to, subject, "正文", recipient=to).pk


def queue_verification(n):
    from accounts.mails import queue_verification_mail

    user = UserFactory(email=f"trainee{n}@example.cn")
    queue_verification_mail(user)  # a builder that reads the database when the mail goes out
    return user.email


def all_sent(count):
    return lambda: OutgoingMail.objects.filter(status=MailStatus.SENT).count() >= count


def task_statuses():
    from django_tasks_db.models import DBTaskResult

    return sorted(set(DBTaskResult.objects.values_list("status", flat=True)))


@pytest.mark.django_db(transaction=True)
def test_the_worker_carries_on_through_a_postgresql_restart_and_loses_nothing(
    database_tasks, smtp, postgresql
):
    worker = WorkerProcess(smtp.port)
    try:
        before = [queue(f"重启前 {n}") for n in range(3)] + [queue_verification(1)]
        wait_for(all_sent(4), 30, "the mails queued before the restart", worker)
        # An idle worker: its polling loop meets the outage.
        postgresql.stop()
        time.sleep(3)
        assert worker.alive(), worker.output()
        postgresql.start()
        after = [queue(f"重启后 {n}") for n in range(3)] + [queue_verification(2)]
        wait_for(all_sent(8), 60, "the mails queued after the restart", worker)
        assert worker.alive(), worker.output()
    finally:
        worker.stop()
    subjects = smtp.subjects()
    assert sorted(s for s in subjects if s.startswith("重启")) == sorted(
        [f"重启前 {n}" for n in range(3)] + [f"重启后 {n}" for n in range(3)]
    )  # each exactly once
    recipients = sorted(str(m["To"]) for m in smtp.messages)
    assert recipients.count("trainee1@example.cn") == recipients.count("trainee2@example.cn") == 1
    assert len(smtp.messages) == 8 and len(before) == len(after) == 4
    assert task_statuses() == ["SUCCESSFUL"]  # no task failed or was left running
    log = worker.output()
    assert "database unavailable" in log and "reconnecting in" in log
    assert "database reachable again after" in log


@pytest.mark.django_db(transaction=True)
def test_a_mail_being_sent_when_postgresql_stops_goes_out_once(database_tasks, smtp, postgresql):
    smtp.delay = 2.5  # the SMTP server sits on each mail: PostgreSQL stops during the send
    worker = WorkerProcess(smtp.port)
    try:
        [queue(f"发送中重启 {n}") for n in range(3)]
        assert smtp.receiving.wait(30), worker.output()
        postgresql.stop()  # the worker's task is inside the SMTP conversation now
        time.sleep(4)
        postgresql.start()
        smtp.delay = 0
        queue("重启后")
        wait_for(all_sent(4), 90, "every mail", worker)
        assert worker.alive(), worker.output()
        time.sleep(1.5)  # a duplicate would have arrived by now
    finally:
        worker.stop()
    assert sorted(smtp.subjects()) == sorted([f"发送中重启 {n}" for n in range(3)] + ["重启后"])
    assert task_statuses() == ["SUCCESSFUL"]
    assert "database unavailable, storing its outcome" in worker.output()


@pytest.mark.django_db(transaction=True)
def test_smtp_missing_then_refusing_then_accepting_delivers_the_mail_once(database_tasks):
    port = free_port()  # nothing listens here yet
    worker = WorkerProcess(port, retry_delays=(2, 2, 2, 2, 2))
    inbox = SmtpInbox(port=port)
    inbox.refuse = 1
    try:
        mail_id = queue("报名成功：创业沙龙")
        errors = []

        def watch():
            row = OutgoingMail.objects.get(pk=mail_id)
            if row.last_error and row.last_error not in errors:
                errors.append(row.last_error)
            return row

        wait_for(lambda: watch().attempts >= 1, 30, "the first attempt", worker)
        inbox.start()  # up now, but the first mail it sees gets "451 try again later"
        wait_for(lambda: watch().status == MailStatus.SENT, 30, "the mail to go out", worker)
        time.sleep(3)  # past the next retry delay: nothing more may arrive
    finally:
        worker.stop()
        inbox.stop()
    row = OutgoingMail.objects.get(pk=mail_id)
    assert (row.status, row.attempts) == (MailStatus.SENT, 3)
    assert ["ConnectionRefusedError" in errors[0], "451" in errors[-1], len(errors)] == [True, True, 2]
    assert inbox.subjects() == ["报名成功：创业沙龙"]
    assert task_statuses() == ["SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_is_run_again_after_the_timeout(database_tasks, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from tests.worker_tasks import slow_first_time

    notes = tmp_path / "notes"
    result = slow_first_time.enqueue(str(notes), 120)
    first = WorkerProcess(free_port(), "--stale-after", "2")
    try:
        wait_for(notes.exists, 30, "the task to start", first)
    finally:
        first.kill()  # the task stays RUNNING
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "RUNNING"
    second = WorkerProcess(free_port(), "--stale-after", "2")
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
            30,
            "another worker to run it again",
            second,
        )
        assert "was running on worker" in second.output()
    finally:
        second.stop()
    assert notes.read_text() == "start\nstart\ndone\n"
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 2
