"""Account mails (email verification, password reset), sent by a django-tasks task after the request's
transaction commits, like the registration mails."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from .models import User
from .tokens import email_token


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_account_mail(to, subject, body, html=""):
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return True


@task()
def send_verification_mail(user_id):
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email or user.email_verified:
        return False
    context = {
        "user": user,
        "url": absolute(reverse("accounts:verify_email", args=[email_token(user)])),
        "days": settings.ACCOUNTS_EMAIL_VERIFY_MAX_AGE // 86400,
        "site_name": getattr(settings, "SITE_TITLE", "创孵"),
    }
    subject = render_to_string("accounts/mail/verify_email_subject.txt", context).strip()
    body = render_to_string("accounts/mail/verify_email.txt", context)
    send_account_mail.call(user.email, subject, body)
    return True


def queue_verification_mail(user):
    user_id = user.pk
    transaction.on_commit(lambda: send_verification_mail.enqueue(user_id))
