"""The client's address behind a reverse proxy (core/proxy.py): what the rate limits and axes count."""

from django.core.exceptions import MiddlewareNotUsed
from django.test import RequestFactory

import pytest

from core.proxy import ForwardedClientMiddleware


def seen_address(settings, proxies, remote, forwarded=None):
    settings.TRUSTED_PROXIES = proxies
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    return ForwardedClientMiddleware(lambda r: r.META["REMOTE_ADDR"])(request)


def test_the_client_behind_a_trusted_proxy_is_the_right_most_untrusted_address(settings):
    proxy = ["127.0.0.1"]
    assert seen_address(settings, proxy, "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # A client that sends its own X-Forwarded-For cannot choose its address: nginx appends the real one.
    assert seen_address(settings, proxy, "127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7"
    # Chains of trusted proxies (a load balancer in 10.0.0.0/8, then nginx) are walked through.
    assert seen_address(settings, ["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.2, 10.1.2.3") == (
        "198.51.100.2"
    )
    assert seen_address(settings, proxy, "127.0.0.1", "2001:db8::1") == "2001:db8::1"


def test_forwarded_headers_from_anyone_else_are_ignored(settings):
    assert seen_address(settings, ["127.0.0.1"], "198.51.100.9", "203.0.113.7") == "198.51.100.9"
    assert seen_address(settings, ["127.0.0.1"], "127.0.0.1") == "127.0.0.1"
    assert seen_address(settings, ["127.0.0.1"], "127.0.0.1", "nonsense\x00, 203.0.113.7") == "203.0.113.7"
    assert seen_address(settings, ["127.0.0.1"], "127.0.0.1", "203.0.113.7, garbage") == "127.0.0.1"


def test_without_trusted_proxies_it_is_off(settings):
    settings.TRUSTED_PROXIES = []
    with pytest.raises(MiddlewareNotUsed):
        ForwardedClientMiddleware(lambda r: None)


@pytest.mark.django_db
def test_the_registration_rate_limit_counts_forwarded_clients_apart(settings):
    from registrations.ratelimit import hit

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.REGISTRATION_RATE_LIMIT = (1, 600)
    middleware = ForwardedClientMiddleware(lambda request: hit(request, target_id=1))
    factory = RequestFactory()

    def post(client_address):
        return middleware(factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address))

    assert post("203.0.113.7") is True
    assert post("203.0.113.8") is True  # another person behind the same proxy has a limit of their own
    assert post("203.0.113.7") is False
