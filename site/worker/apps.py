from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """Background work that must survive faults: the task worker (`manage.py run_worker`: reconnects after a
    database outage, requeues tasks of dead workers) and the mail outbox every mail goes through (retried
    with backoff, failures shown to staff). Beside core: imports no other app of the project."""

    name = "worker"
    verbose_name = "后台任务"
