"""Sign in with an email address or a mainland mobile number (and the password).

Staff usernames are left to Django's ModelBackend, listed after this one; django-axes' backend comes first
in AUTHENTICATION_BACKENDS and refuses locked-out logins before any password is checked.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from registrations.forms import MOBILE_RE, normalise_mobile

from .models import normalise_email


def find_account(identifier):
    """The account an email address or mobile number names, or None (also for anything else)."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return User._default_manager.filter(email=normalise_email(identifier)).first()
    mobile = normalise_mobile(identifier)
    if MOBILE_RE.match(mobile):
        return User._default_manager.filter(mobile=mobile).first()
    return None


class EmailOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Same work as a real check, so response time does not tell which accounts exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
