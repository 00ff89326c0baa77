"""Signed links that let a guest see, cancel or claim their registration without an account."""

from django.core import signing
from django.urls import reverse

from core.public_url import absolute  # noqa: F401  (mails and certificates import it from here)

from .models import Registration

SALT = "events.registration.link"  # kept from before the engine left events: mailed links stay valid


def registration_token(registration):
    return signing.Signer(salt=SALT).sign(registration.ticket_code)


def registration_from_token(token):
    try:
        code = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("target").filter(ticket_code=code).first()


def registration_path(registration, action=""):
    name = {
        "": "registrations:registration",
        "cancel": "registrations:cancel",
        "claim": "registrations:claim",
        "qr": "registrations:qr",
    }[action]
    return reverse(name, args=[registration_token(registration)])
