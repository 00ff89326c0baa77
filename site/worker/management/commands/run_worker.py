"""`manage.py run_worker`: django-tasks-db's `db_worker` with the same options, plus fault tolerance (see
worker/runner.py): it outlives database outages and requeues tasks of workers that died."""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from worker.runner import ResilientWorker


class Command(DatabaseWorkerCommand):
    help = "Run the background task worker; it survives database outages and recovers abandoned tasks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-after",
            type=valid_interval,
            default=300,
            help="Seconds without a heartbeat after which a dead worker's RUNNING task is queued again "
            "(default: %(default)r)",
        )
        parser.add_argument(
            "--heartbeat",
            type=valid_interval,
            default=10,
            help="Seconds between heartbeats, stale-task checks and mail sweeps (default: %(default)r)",
        )

    def handle(
        self, *, verbosity, queue_name, exclude_queues, reload, batch, stale_after, heartbeat, **options
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            stale_after=stale_after,
            heartbeat=heartbeat,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
