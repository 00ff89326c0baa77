"""Jobs a scheduler runs (also as django-tasks tasks): offer expiry and the day-before reminders."""

from django_tasks import task

from . import engine


@task()
def expire_registration_offers():
    return engine.expire_offers()


@task()
def send_registration_reminders():
    return engine.send_reminders()
