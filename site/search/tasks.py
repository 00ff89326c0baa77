"""django-tasks entry points (immediate in tests and `make run`, the database worker in production)."""

import logging

from django.utils import timezone

from django_tasks import task

from .outbox import RETRY_DELAY, apply_pending

logger = logging.getLogger(__name__)


@task()
def apply_pending_changes():
    applied, pending = apply_pending()
    total = applied
    for _ in range(50):  # a backlog (after an outage) drains in batches while batches succeed
        if not (applied and pending):
            break
        applied, pending = apply_pending()
        total += applied
    if pending:
        _retry_later(RETRY_DELAY)
    return {"applied": total, "pending": pending}


def _retry_later(delay):
    """Backends that can defer (the database worker) retry on their own; others rely on the next run."""
    backend = apply_pending_changes.get_backend()
    if getattr(backend, "supports_defer", False):
        try:
            apply_pending_changes.using(run_after=timezone.now() + delay).enqueue()
        except Exception:  # noqa: BLE001 - the rows stay pending either way
            logger.exception("could not schedule the search index retry")
