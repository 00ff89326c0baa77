"""`with_waitlist_position`: each waitlisted registration's place in the queue, in the order the engine
offers freed seats, computed in the listing's own query."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from registrations import engine
from registrations.models import Registration, RegistrationStatus, with_waitlist_position
from tests.factories import EventIndexPageFactory, EventPageFactory

S = RegistrationStatus


def person(n):
    return engine.Applicant(name=f"报名者{n}", mobile=f"139{n:08d}", email=f"p{n}@example.cn")


@pytest.mark.django_db
def test_positions_follow_the_offer_order_and_move_up(home_page):
    target = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=1).registration_target
    first, _ = engine.register(target, person(1))
    waiting = [engine.register(target, person(n))[0] for n in range(2, 6)]
    # Staff add someone by hand with an earlier arrival time: they are offered a seat first, so rank first.
    early = timezone.now() - datetime.timedelta(days=1)
    by_hand, _ = engine.register(target, person(9), by_staff=True, status=S.WAITLISTED, now=early)

    with CaptureQueriesContext(connection) as queries:
        positions = dict(
            with_waitlist_position(Registration.objects.filter(target=target)).values_list(
                "pk", "waitlist_position"
            )
        )
    assert len(queries) == 1
    assert positions[first.pk] is None
    assert positions[by_hand.pk] == 1
    assert [positions[r.pk] for r in waiting] == [2, 3, 4, 5]

    engine.cancel(first)
    [offered] = Registration.objects.filter(target=target, status=S.OFFERED)
    assert offered.pk == by_hand.pk
    positions = dict(
        with_waitlist_position(Registration.objects.filter(target=target)).values_list(
            "pk", "waitlist_position"
        )
    )
    assert [positions[r.pk] for r in waiting] == [1, 2, 3, 4]
