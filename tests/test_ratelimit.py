"""The submission limit is exact under load and a fixed window: N per window, however the hits arrive."""

import threading
from types import SimpleNamespace

from django.db import connection

import pytest

from registrations import ratelimit


def request_from(address):
    return SimpleNamespace(META={"REMOTE_ADDR": address})


@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_posts_let_exactly_the_limit_through(settings):
    settings.REGISTRATION_RATE_LIMIT = (10, 600)
    barrier = threading.Barrier(100)
    allowed, errors = [], []

    def post():
        try:
            barrier.wait()
            if ratelimit.hit(request_from("203.0.113.7"), target_id=1, now=1_800_000_000):
                allowed.append(1)
        except Exception as exc:  # noqa: BLE001 - every failure fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(allowed) == 10


@pytest.mark.django_db
def test_the_window_is_fixed_and_per_address(settings):
    settings.REGISTRATION_RATE_LIMIT = (3, 600)
    start = 1_800_000_000 - 1_800_000_000 % 600
    me, other = request_from("198.51.100.1"), request_from("198.51.100.2")
    assert [ratelimit.hit(me, 1, now=start + 10 * n) for n in range(4)] == [True, True, True, False]
    assert ratelimit.hit(other, 1, now=start + 50)  # another address has its own count
    # Hits late in the window do not extend it: the next window starts fresh at its boundary.
    assert not ratelimit.hit(me, 1, now=start + 599)
    assert ratelimit.hit(me, 1, now=start + 600)
