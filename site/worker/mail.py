"""One retrying path for every mail the site sends.

`queue_mail(builder, *args)` writes an `OutgoingMail` row in the caller's transaction (so a mail exists
exactly when the change that causes it commits) and, after commit, enqueues `deliver_mail` as a nudge. The
row is the truth; tasks only nudge it:

- `deliver` claims the row (status 发送中, one more attempt, committed), builds the message with the row's
  builder, sends it outside any transaction, and records the outcome, waiting for the database if it went
  away meanwhile, so a mail accepted by the SMTP server is never sent twice because PostgreSQL restarted.
- A failure schedules the next attempt after `MAIL_RETRY_DELAYS[attempt - 1]` seconds (a deferred
  `deliver_mail` on the database backend); after the last delay the mail is 发送失败 and shown to staff
  (dashboard panel, list with a retry button) until someone retries it.
- `sweep` (run by the worker's housekeeping) nudges mails whose nudge was lost and gives back claims of a
  worker that died while sending (the one case where a mail may go out twice).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from django_tasks import task

from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RECORD_PATIENCE = 600  # seconds a finished send waits for the database to store its outcome
CLAIM_TIMEOUT = timedelta(minutes=30)  # a claim older than this belongs to a dead worker (> RECORD_PATIENCE)
OVERDUE = timedelta(minutes=2)  # a due mail untouched this long lost its nudge
KEEP_SENT = timedelta(days=30)  # sent and skipped rows are kept this long for staff to look up


def queue_mail(builder, *args, recipient=""):
    """Send the message `builder(*args)` returns, with retries. Call inside the transaction that makes the
    mail necessary; `builder` is a dotted path (a function of JSON-able args)."""
    mail = OutgoingMail.objects.create(builder=builder, args=list(args), recipient=recipient[:320])
    mail_id = mail.pk
    transaction.on_commit(lambda: nudge(mail_id))
    return mail


def prepared_message(to, subject, body, html=""):
    """Builder for mails rendered by the caller (e.g. Django's password reset form)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    return message


def nudge(mail_id, when=None):
    """Ask the task backend to deliver one mail now, or at `when` when it can defer. A lost nudge loses
    nothing: the row stays pending and `sweep` nudges it again."""
    try:
        if when is None:
            deliver_mail.enqueue(mail_id)
        elif getattr(deliver_mail.get_backend(), "supports_defer", False):
            deliver_mail.using(run_after=when).enqueue(mail_id)
    except Exception:  # noqa: BLE001 - the outbox row is the record; the sweep retries the nudge
        logger.exception("could not enqueue mail %s; the sweep will pick it up", mail_id)


@task()
def deliver_mail(mail_id):
    return deliver(mail_id)


def retry_delays():
    return list(getattr(settings, "MAIL_RETRY_DELAYS", [60, 300, 1800, 7200, 21600, 43200]))


def max_attempts():
    return len(retry_delays()) + 1


def deliver(mail_id, now=None):
    """Try one mail if it is pending and due; returns its new status, or None when there was nothing to do
    (sent, failed, not due yet, or being sent by someone else)."""
    mail = _claim(mail_id, now or timezone.now())
    if mail is None:
        return None
    try:
        message = import_string(mail.builder)(*mail.args)
        if message is None:
            return _finish(mail, status=MailStatus.SKIPPED)
        mail.recipient = ", ".join(message.to)[:320]
        mail.subject = str(message.subject)[:300]
        message.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row and retried
        return _failed(mail, exc)
    return _finish(mail, status=MailStatus.SENT, sent_at=timezone.now())


def _claim(mail_id, now):
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if mail is None:
            return None
        mail.status = MailStatus.SENDING
        mail.claimed_at = now
        mail.attempts += 1
        mail.save(update_fields=["status", "claimed_at", "attempts"])
    return mail


def _failed(mail, exc):
    error = f"{type(exc).__name__}: {exc}"[:2000]
    delays = retry_delays()
    if mail.attempts > len(delays):
        logger.error(
            "mail %s to %s failed %s times, giving up: %s", mail.pk, mail.recipient, mail.attempts, error
        )
        return _finish(mail, status=MailStatus.FAILED, last_error=error)
    when = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
    logger.warning(
        "mail %s to %s failed (attempt %s), next at %s: %s",
        mail.pk,
        mail.recipient,
        mail.attempts,
        when,
        error,
    )
    status = _finish(mail, status=MailStatus.PENDING, next_attempt_at=when, last_error=error)
    nudge(mail.pk, when)
    return status


def _finish(mail, status, **fields):
    """Store the outcome of a claimed mail; while the database is away, keep trying (the send happened)."""
    fields.update(status=status, claimed_at=None, recipient=mail.recipient, subject=mail.subject)
    delay, deadline = 0.5, time.monotonic() + RECORD_PATIENCE
    while True:
        try:
            OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(**fields)
            return status
        except DATABASE_DOWN:
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning("mail %s: database unavailable, storing its outcome in %.1f s", mail.pk, delay)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 15)


def sweep(now=None):
    """Housekeeping: give back claims of dead workers, nudge due mails that lost their nudge, forget old
    sent mails. Returns (reclaimed, nudged)."""
    now = now or timezone.now()
    reclaimed = OutgoingMail.objects.filter(
        status=MailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=MailStatus.PENDING, claimed_at=None, next_attempt_at=now)
    if reclaimed:
        logger.warning("%s mails were being sent by a worker that died; they will be sent again", reclaimed)
    overdue = list(
        OutgoingMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lt=now - OVERDUE).values_list(
            "pk", flat=True
        )[:200]
    )
    if overdue:
        # Due again from now: the next sweep leaves them alone for OVERDUE while this nudge runs.
        OutgoingMail.objects.filter(pk__in=overdue, status=MailStatus.PENDING).update(next_attempt_at=now)
        for mail_id in overdue:
            nudge(mail_id)
    OutgoingMail.objects.filter(
        status__in=[MailStatus.SENT, MailStatus.SKIPPED], created_at__lt=now - KEEP_SENT
    ).delete()
    return reclaimed, len(overdue)


def retry(mails):
    """Staff: send these failed or waiting mails again now, with a fresh set of attempts."""
    ids = list(mails.filter(status__in=[MailStatus.FAILED, MailStatus.PENDING]).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(
        status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: [nudge(mail_id) for mail_id in ids])
    return len(ids)


def needs_attention():
    """(failed, waiting for a retry) counts for the staff dashboard."""
    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
    waiting = OutgoingMail.objects.filter(status=MailStatus.PENDING, attempts__gt=0).count()
    return failed, waiting
