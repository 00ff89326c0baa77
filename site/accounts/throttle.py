"""django-axes glue: failures are counted per account (whichever of email, mobile or username was typed)
and per address; a lockout answers with a Chinese page (status 429), for the public and the admin login."""

from django.conf import settings
from django.shortcuts import render

from .backends import find_account


def account_key(request, credentials=None):
    """What axes counts failures under: the account's username when the identifier names an account, so
    alternating between its email and mobile does not double the tries; else the identifier itself."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        identifier = credentials.get("username") or credentials.get(field) or ""
    else:
        identifier = request.POST.get(field, "") if request is not None else ""
    identifier = str(identifier).strip()
    account = find_account(identifier)
    if account is not None:
        return account.get_username()
    # axes stores the key in a 255-character column (Django admin's login form lets longer text through).
    return identifier.lower()[:255]


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Rendered now: axes' middleware hands this back after the view, past the TemplateResponse render step.
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
