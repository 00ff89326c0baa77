"""The client's address behind a reverse proxy.

Every per-address rule reads `REMOTE_ADDR`: the registration rate limit, the sign-up and mail limits, and
django-axes' login throttling (without django-ipware it falls back to REMOTE_ADDR). Behind nginx that is the
proxy's address, so all visitors would share one limit and one lockout. When a request comes from an
address in `TRUSTED_PROXIES`, this middleware replaces REMOTE_ADDR with the right-most X-Forwarded-For
entry that is not itself a trusted proxy: entries further left were written by the client and prove
nothing. With no trusted proxies configured it is switched off.
"""

from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


def _parse(value):
    try:
        return ip_address(value.strip())
    except ValueError:
        return None


class ForwardedClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = [ip_network(value, strict=False) for value in getattr(settings, "TRUSTED_PROXIES", [])]
        if not self.proxies:
            raise MiddlewareNotUsed

    def trusted(self, address):
        return address is not None and any(address in network for network in self.proxies)

    def __call__(self, request):
        if self.trusted(_parse(request.META.get("REMOTE_ADDR", ""))):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            for entry in reversed(forwarded):
                address = _parse(entry)
                if address is None:
                    break  # garbage: keep the last address we could trust
                request.META["REMOTE_ADDR"] = str(address)
                if not self.trusted(address):
                    break
        return self.get_response(request)
