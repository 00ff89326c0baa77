"""200 people submit at the same moment for 50 seats, each on their own PostgreSQL connection."""

import threading

from django.db import connection

import pytest

from registrations import engine
from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory

PEOPLE = 200
SEATS = 50


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_submissions_for_50_seats(wagtail_base_data, home_page):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=SEATS)
    target = event.registration_target
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def submit(n):
        try:
            barrier.wait()
            engine.register(
                target,
                engine.Applicant(name=f"报名者{n}", mobile=f"138{n:08d}", email=f"p{n}@example.cn"),
                submission_key=f"race-{n}",
            )
        except Exception as exc:  # noqa: BLE001 - every failure is collected and fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = list(Registration.objects.filter(target=target).order_by("pk"))
    assert len(registrations) == PEOPLE  # nothing lost
    statuses = [r.status for r in registrations]
    assert statuses.count(RegistrationStatus.CONFIRMED) == SEATS
    assert statuses.count(RegistrationStatus.WAITLISTED) == PEOPLE - SEATS
    # Arrival order: ids are assigned under the lock, so the first 50 to arrive are the confirmed ones.
    assert statuses == [RegistrationStatus.CONFIRMED] * SEATS + [RegistrationStatus.WAITLISTED] * (
        PEOPLE - SEATS
    )
    waitlist = [r.created_at for r in registrations[SEATS:]]
    assert waitlist == sorted(waitlist)
    assert engine.seats_taken(target) == SEATS
