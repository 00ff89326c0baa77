"""Sign in with an email address, a mainland mobile number or (staff) a username, and the password.

django-axes' backend comes first in AUTHENTICATION_BACKENDS and refuses locked-out logins before any
password is checked (it is `AxesBackend`, which also answers get_user and permissions like ModelBackend,
because Wagtail's test helpers log in with the first backend).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from registrations.forms import MOBILE_RE, normalise_mobile

from .models import normalise_email


def identifier_kind(identifier):
    """'email', 'mobile' or 'username': what a login identifier looks like."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return "email"
    if MOBILE_RE.match(normalise_mobile(identifier)):
        return "mobile"
    return "username"


def find_account(identifier):
    """The account an email address or mobile number names, or None (also for anything else)."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    kind = identifier_kind(identifier)
    if kind == "email":
        return User._default_manager.filter(email=normalise_email(identifier)).first()
    if kind == "mobile":
        return User._default_manager.filter(mobile=normalise_mobile(identifier)).first()
    return None


class EmailOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if identifier_kind(username) == "username":
            return super().authenticate(request, username=username, password=password, **kwargs)
        user = find_account(username)
        if user is None:
            # Same work as a real check, so response time does not tell which accounts exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
