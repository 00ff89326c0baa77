"""Background work (django-tasks): mails, and the jobs a scheduler runs (offer expiry, reminders)."""

from django_tasks import task


@task()
def send_registration_mail(registration_id, kind):
    from .mails import send_registration_mail as send

    return send(registration_id, kind)


@task()
def expire_registration_offers():
    from .engine import expire_offers

    return expire_offers()


@task()
def send_event_reminders():
    from .engine import send_reminders

    return send_reminders()
