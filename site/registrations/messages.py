"""Staff messages to the registrants of one target (the 群发通知 page of the registration list): one
RegistrantMessage audit row and one outbox mail per recipient, all in one transaction; the task queue
delivers them (worker.mail: retried with backoff, failures shown to staff)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from worker.mail import queue_mail

from .links import absolute, registration_path
from .models import RegistrantMessage, Registration, RegistrationStatus
from .owners import describe

# Who may be written to: people holding or waiting for a seat.
AUDIENCES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


def recipients(target, statuses):
    """One registration per address (a person registered twice gets one mail), oldest first."""
    seen, chosen = set(), []
    for registration in (
        Registration.objects.filter(target=target, status__in=statuses)
        .exclude(email="")
        .order_by("created_at", "pk")
    ):
        key = registration.email.strip().lower()
        if key not in seen:
            seen.add(key)
            chosen.append(registration)
    return chosen


def send(target, statuses, subject, body, user):
    with transaction.atomic():
        people = recipients(target, statuses)
        message = RegistrantMessage.objects.create(
            target=target,
            user=user,
            statuses=",".join(statuses),
            subject=subject,
            body=body,
            recipient_count=len(people),
        )
        for registration in people:
            queue_mail(
                "registrations.messages.message_mail",
                message.pk,
                registration.pk,
                recipient=registration.email,
            )
    return message


def message_mail(message_id, registration_id):
    """The outbox's builder (None: nothing to send, e.g. the registration was deleted meanwhile)."""
    message = RegistrantMessage.objects.filter(pk=message_id).first()
    registration = Registration.objects.select_related("target").filter(pk=registration_id).first()
    if message is None or registration is None or not registration.email:
        return None
    info = describe(registration.target)
    context = {
        "message": message,
        "registration": registration,
        "info": info,
        "link": absolute(registration_path(registration)),
        "site_name": getattr(settings, "SITE_TITLE", "创孵"),
    }
    return EmailMultiAlternatives(
        subject=f"{message.subject}｜{info.title}",
        body=render_to_string("registrations/mail/staff_message.txt", context),
        to=[registration.email],
    )
