"""Signed, expiring email-verification links. The token carries the account id and the address it was
sent to, so a link only verifies that address (a changed address needs a new link)."""

from django.conf import settings
from django.core import signing

SALT = "accounts.verify-email"


def email_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_email_token(token):
    """(user_id, email) from a valid token, or raises signing.SignatureExpired / signing.BadSignature."""
    data = signing.loads(token, salt=SALT, max_age=settings.ACCOUNTS_EMAIL_VERIFY_MAX_AGE)
    if not isinstance(data, dict) or "u" not in data or "e" not in data:
        raise signing.BadSignature("malformed")
    return data["u"], data["e"]
