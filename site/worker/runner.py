"""django-tasks-db's worker, made to survive faults (used by `manage.py run_worker`).

- A database outage no longer ends the process: the loop closes its connections, waits (1, 2, 4 … 30 s,
  logged) and carries on; a task cut off by the outage goes back to the queue instead of being FAILED.
- A housekeeping thread writes this worker's heartbeat every few seconds, puts RUNNING tasks of workers
  that stopped beating (killed, machine gone) back in the queue after `stale_after` seconds, and runs the
  mail outbox's sweep. A task claimed `MAX_CLAIMS` times without finishing is FAILED instead, so a task that
  kills its worker cannot loop forever. Tasks must therefore be safe to run again (ours are).
"""

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.utils import timezone

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import mail
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
BACKOFF = (1.0, 30.0)  # first and longest wait between reconnection attempts, seconds
MAX_CLAIMS = 5  # a task started this many times without finishing is failed, not retried
PRUNE_EVERY = 3600  # seconds between removals of old heartbeats


class DatabaseUnavailable(OperationalError):
    """A task failed because the database went away: not the task's fault, so it is run again."""


class AbandonedTask(Exception):  # noqa: N818 - the name is what staff read in the task's error
    """Recorded on a task whose workers died under it MAX_CLAIMS times."""


def close_connections():
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # a dead connection may refuse even to close
            conn.close()


def recover_stale_tasks(now, stale_after, max_claims=MAX_CLAIMS):
    """Put back (or fail) RUNNING tasks whose worker has not beaten for `stale_after`. Returns the count."""
    cutoff = now - stale_after
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    recovered = 0
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True)
        )
        for result in stale:
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue  # a long task of a live worker
            recovered += 1
            if len(result.worker_ids) >= max_claims:
                logger.error(
                    "task %s (%s) abandoned %s times: failed", result.pk, result.task_path, max_claims
                )
                result.set_failed(
                    AbandonedTask(f"its worker stopped {len(result.worker_ids)} times while running it")
                )
                continue
            logger.warning(
                "task %s (%s) was running on worker %s, which stopped: queued again",
                result.pk,
                result.task_path,
                (result.worker_ids or ["?"])[-1],
            )
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
    return recovered


class Housekeeper(threading.Thread):
    """Heartbeat, stale tasks, mail sweep: on its own thread (and database connection), so a long task
    keeps beating and an idle worker still retries mail."""

    def __init__(self, worker_id, every, stale_after):
        super().__init__(name="worker-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stale_after = timedelta(seconds=stale_after)
        self.stopping = threading.Event()
        self.started = timezone.now()
        self.pruned_at = 0.0
        self.failing = False

    def run(self):
        while not self.stopping.is_set():
            try:
                self.tick()
                if self.failing:
                    logger.info("housekeeping: database reachable again")
                self.failing = False
            except DATABASE_DOWN as exc:
                if not self.failing:
                    logger.warning(
                        "housekeeping: database unavailable (%s)", str(exc).strip().splitlines()[0]
                    )
                self.failing = True
            except Exception:
                logger.exception("housekeeping failed; trying again in %s s", self.every)
            finally:
                close_connections()  # this thread's own; a fresh one next tick survives restarts
            self.stopping.wait(self.every)

    def tick(self):
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "seen_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started,
            },
        )
        recover_stale_tasks(now, self.stale_after)
        mail.sweep(now)
        if time.monotonic() - self.pruned_at > PRUNE_EVERY:
            WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
            self.pruned_at = time.monotonic()


class ResilientWorker(Worker):
    def __init__(self, *, stale_after, heartbeat, **kwargs):
        super().__init__(**kwargs)
        self.housekeeper = Housekeeper(self.worker_id, heartbeat, stale_after)
        self.current = None  # the task being run, until it is recorded as finished
        self.outage_started = None

    def run(self):
        self.housekeeper.start()
        delay = BACKOFF[0]
        while True:
            started = time.monotonic()
            try:
                self.resume()
                super().run()
                return
            except DATABASE_DOWN as exc:
                if not self.running:
                    return
                if time.monotonic() - started > 60:
                    delay = BACKOFF[0]  # it ran a good while: a new outage, not the same one
                self.outage_started = self.outage_started or time.monotonic()
                logger.warning(
                    "database unavailable (%s); reconnecting in %.0f s",
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                    delay,
                )
                close_connections()
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF[1])
                self.startup_delay = False

    def resume(self):
        """After an outage: check the database answers, and put the task it cut off back in the queue."""
        connection.ensure_connection()
        if self.outage_started is not None:
            logger.warning(
                "database reachable again after %.0f s; carrying on", time.monotonic() - self.outage_started
            )
            self.outage_started = None
        if self.current is not None:
            requeued = DBTaskResult.objects.filter(
                pk=self.current.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY)
            if requeued:
                logger.warning("task %s (%s) queued again", self.current.pk, self.current.task_path)
            self.current = None

    def run_task(self, db_task_result):
        self.current = db_task_result
        record_failure = db_task_result.set_failed

        def set_failed(exc):
            if isinstance(exc, DATABASE_DOWN) and len(db_task_result.worker_ids) < MAX_CLAIMS:
                raise DatabaseUnavailable(str(exc)) from exc  # run() reconnects, then requeues it
            record_failure(exc)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)
        self.current = None
