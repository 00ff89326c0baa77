"""Account mails (email verification, password reset), queued in the mail outbox (worker.mail: sent after
the request's transaction commits, retried with backoff, failures shown to staff), like the registration
mails."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.public_url import absolute
from worker.mail import queue_mail

from .models import User
from .tokens import email_token


def queue_account_mail(to, subject, body, html=""):
    """A mail rendered by the caller (Django's password reset form renders its own)."""
    queue_mail("worker.mail.prepared_message", to, subject, body, html, recipient=to)


def verification_message(user_id):
    """The outbox's builder: the link is signed when the mail goes out (None once there is nothing to
    verify)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email or user.email_verified:
        return None
    context = {
        "user": user,
        "url": absolute(reverse("accounts:verify_email", args=[email_token(user)])),
        "days": settings.ACCOUNTS_EMAIL_VERIFY_MAX_AGE // 86400,
        "site_name": getattr(settings, "SITE_TITLE", "创孵"),
    }
    subject = render_to_string("accounts/mail/verify_email_subject.txt", context).strip()
    body = render_to_string("accounts/mail/verify_email.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[user.email])


def queue_verification_mail(user):
    queue_mail("accounts.mails.verification_message", user.pk, recipient=user.email)
