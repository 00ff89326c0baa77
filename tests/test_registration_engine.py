"""The registration engine: capacity in people, window, approval, duplicates, waitlist offers."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from registrations import engine
from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

S = RegistrationStatus


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page)


def person(n, party_size=1, **kwargs):
    return engine.Applicant(
        name=f"报名者{n}", mobile=f"139{n:08d}", email=f"p{n}@example.cn", party_size=party_size, **kwargs
    )


def make_event(index, **kwargs):
    return EventPageFactory(parent=index, **kwargs)


@pytest.mark.django_db
def test_capacity_counts_people_including_companions(index):
    target = make_event(index, capacity=5, max_party_size=3).registration_target
    first, _ = engine.register(target, person(1, party_size=3))
    second, _ = engine.register(target, person(2, party_size=2))
    third, _ = engine.register(target, person(3, party_size=1))
    assert (first.status, second.status, third.status) == (S.CONFIRMED, S.CONFIRMED, S.WAITLISTED)
    assert engine.seats_taken(target) == 5


@pytest.mark.django_db
def test_party_larger_than_allowed_is_refused(index):
    target = make_event(index, capacity=10, max_party_size=2).registration_target
    with pytest.raises(engine.RegistrationRefused) as refused:
        engine.register(target, person(1, party_size=3))
    assert refused.value.field == "party_size"
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_party_that_does_not_fit_waits_whole(index):
    target = make_event(index, capacity=3, max_party_size=3).registration_target
    engine.register(target, person(1, party_size=2))
    registration, _ = engine.register(target, person(2, party_size=2))
    assert registration.status == S.WAITLISTED  # never split a party


@pytest.mark.django_db
def test_registration_window(index):
    now = timezone.now()
    event = make_event(
        index,
        registration_opens_at=now + datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=3),
    )
    target = event.registration_target
    with pytest.raises(engine.RegistrationRefused, match="尚未开始"):
        engine.register(target, person(1), now=now)
    assert event.registration_state(now).label == "报名未开始"
    registration, _ = engine.register(target, person(1), now=now + datetime.timedelta(days=2))
    assert registration.status == S.CONFIRMED
    later = now + datetime.timedelta(days=4)
    with pytest.raises(engine.RegistrationRefused, match="已截止"):
        engine.register(target, person(2), now=later)
    assert event.registration_state(later).label == "报名已截止"
    after = event.ends_at + datetime.timedelta(minutes=1)
    with pytest.raises(engine.RegistrationRefused, match="已结束"):
        engine.register(target, person(3), now=after)
    assert event.registration_state(after).label == "活动已结束"
    # Staff may still add someone by hand after the deadline.
    late, _ = engine.register(target, person(4), by_staff=True, now=later)
    assert late.status == S.CONFIRMED and late.added_by_staff


@pytest.mark.django_db
def test_without_closing_time_registration_closes_at_start(index):
    event = make_event(index)
    with pytest.raises(engine.RegistrationRefused, match="已截止"):
        engine.register(
            event.registration_target, person(1), now=event.starts_at + datetime.timedelta(minutes=5)
        )


@pytest.mark.django_db
def test_state_labels(index):
    event = make_event(index, capacity=2)
    assert event.registration_state().label == "报名中 · 剩余 2 席"
    engine.register(event.registration_target, person(1))
    engine.register(event.registration_target, person(2))
    assert event.registration_state().label == "已满，可候补"
    no_waitlist = make_event(index, capacity=1, waitlist_enabled=False)
    engine.register(no_waitlist.registration_target, person(3))
    assert no_waitlist.registration_state().label == "名额已满"
    with pytest.raises(engine.RegistrationRefused, match="名额已满"):
        engine.register(no_waitlist.registration_target, person(4))
    unlimited = make_event(index, capacity=0)
    assert unlimited.registration_state().label == "报名中"


@pytest.mark.django_db
def test_approval_flow(index):
    target = make_event(index, capacity=2, requires_approval=True).registration_target
    a, _ = engine.register(target, person(1))
    b, _ = engine.register(target, person(2))
    c, _ = engine.register(target, person(3))
    assert [a.status, b.status, c.status] == [S.PENDING, S.PENDING, S.WAITLISTED]
    assert engine.approve(a).status == S.CONFIRMED
    engine.reject(b)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.status == S.REJECTED
    assert c.status == S.OFFERED  # the rejected seat is offered to the waitlist
    assert engine.claim_offer(c).status == S.PENDING  # still needs approval
    with pytest.raises(engine.RegistrationRefused):
        engine.approve(a)


@pytest.mark.django_db
def test_one_active_registration_per_mobile_email_and_account(index):
    target = make_event(index).registration_target
    user = UserFactory()
    engine.register(target, person(1, user=user))
    with pytest.raises(engine.RegistrationRefused, match="该手机号已报名") as by_mobile:
        engine.register(target, engine.Applicant(name="甲", mobile="13900000001", email="other@example.cn"))
    assert by_mobile.value.field == "mobile"
    with pytest.raises(engine.RegistrationRefused, match="该邮箱已报名"):
        engine.register(target, engine.Applicant(name="乙", mobile="13700000000", email="P1@EXAMPLE.CN"))
    with pytest.raises(engine.RegistrationRefused, match="账号已报名"):
        engine.register(
            target, engine.Applicant(name="丙", mobile="13600000000", email="c@example.cn", user=user)
        )
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_after_cancelling_the_same_person_may_register_again(index):
    target = make_event(index).registration_target
    first, _ = engine.register(target, person(1))
    engine.cancel(first)
    again, created = engine.register(target, person(1))
    assert created and again.pk != first.pk


@pytest.mark.django_db
def test_resubmitting_the_same_form_creates_one_registration(index, django_capture_on_commit_callbacks):
    target = make_event(index).registration_target
    with django_capture_on_commit_callbacks(execute=True):
        first, created = engine.register(target, person(1), submission_key="k-1")
        second, created_again = engine.register(target, person(1), submission_key="k-1")
    assert created and not created_again
    assert first.pk == second.pk
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1  # and one confirmation


@pytest.mark.django_db
def test_cancel_offers_seat_then_claim(index, settings):
    settings.REGISTRATION_OFFER_HOURS = 48
    target = make_event(index, capacity=1).registration_target
    seated, _ = engine.register(target, person(1))
    waiting, _ = engine.register(target, person(2))
    engine.cancel(seated)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    hours = (waiting.offer_expires_at - waiting.status_changed_at).total_seconds() / 3600
    assert round(hours) == 48
    assert engine.seats_taken(target) == 1  # the offer holds the seat
    assert engine.claim_offer(waiting).status == S.CONFIRMED


@pytest.mark.django_db
def test_offer_window_is_configurable_per_event(index):
    target = make_event(index, capacity=1, offer_hours=6).registration_target
    seated, _ = engine.register(target, person(1))
    waiting, _ = engine.register(target, person(2))
    engine.cancel(seated)
    waiting.refresh_from_db()
    assert round((waiting.offer_expires_at - waiting.status_changed_at).total_seconds() / 3600) == 6


@pytest.mark.django_db
def test_expired_offer_passes_to_next_person(index):
    target = make_event(index, capacity=1).registration_target
    seated, _ = engine.register(target, person(1))
    second, _ = engine.register(target, person(2))
    third, _ = engine.register(target, person(3))
    engine.cancel(seated)
    second.refresh_from_db()
    assert engine.expire_offers(now=second.offer_expires_at - datetime.timedelta(minutes=1)) == 0
    later = second.offer_expires_at + datetime.timedelta(minutes=1)
    with pytest.raises(engine.RegistrationRefused, match="确认时限已过"):
        engine.claim_offer(second, now=later)
    assert engine.expire_offers(now=later) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.CANCELLED and second.cancel_reason == "offer_expired"
    assert third.status == S.OFFERED


@pytest.mark.django_db
def test_expire_command_runs_from_a_scheduler(index):
    from django.core.management import call_command

    target = make_event(index, capacity=1).registration_target
    seated, _ = engine.register(target, person(1))
    waiting, _ = engine.register(target, person(2))
    engine.cancel(seated)
    Registration.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("expire_registration_offers")
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED


@pytest.mark.django_db
def test_waitlist_is_offered_in_arrival_order_without_skipping(index):
    target = make_event(index, capacity=2, max_party_size=2).registration_target
    a, _ = engine.register(target, person(1))
    b, _ = engine.register(target, person(2))
    big, _ = engine.register(target, person(3, party_size=2))
    small, _ = engine.register(target, person(4))
    engine.cancel(a)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == S.WAITLISTED and small.status == S.WAITLISTED  # one seat: the pair is first, so wait
    engine.cancel(b)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == S.OFFERED and small.status == S.WAITLISTED


@pytest.mark.django_db
def test_staff_move_and_mark_attended(index):
    target = make_event(index, capacity=1).registration_target
    seated, _ = engine.register(target, person(1))
    waiting, _ = engine.register(target, person(2))
    engine.move(seated, S.NO_SHOW)
    assert engine.mark_attended(seated).status == S.ATTENDED
    assert seated.attended_at is not None
    engine.move(seated, S.CANCELLED)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    with pytest.raises(engine.RegistrationRefused):
        engine.mark_attended(Registration.objects.get(pk=seated.pk))


@pytest.mark.django_db
def test_cancelled_registration_cannot_be_cancelled_again(index):
    target = make_event(index).registration_target
    registration, _ = engine.register(target, person(1))
    engine.cancel(registration)
    with pytest.raises(engine.RegistrationRefused):
        engine.cancel(registration)


@pytest.mark.django_db
def test_reminders_go_once_the_day_before(index, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    soon = make_event(index, starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=2))
    later = make_event(index)
    engine.register(soon.registration_target, person(1))
    engine.register(later.registration_target, person(2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_registration_reminders")
        call_command("send_registration_reminders")
    assert [m.to for m in mail.outbox] == [["p1@example.cn"]]
    assert "明天见" in mail.outbox[0].subject


@pytest.mark.django_db
def test_check_in_lookup(index):
    event = make_event(index, capacity=1)
    other = make_event(index)
    seated, _ = engine.register(event.registration_target, person(1))
    waiting, _ = engine.register(event.registration_target, person(2))
    elsewhere, _ = engine.register(other.registration_target, person(3))
    assert engine.find_for_check_in(event.registration_target, seated.ticket_code.lower()) == seated
    with pytest.raises(engine.RegistrationRefused, match="不是本场的票") as refused:
        engine.find_for_check_in(event.registration_target, elsewhere.ticket_code)
    assert other.title not in refused.value.message
    with pytest.raises(engine.RegistrationRefused, match="候补中"):
        engine.find_for_check_in(event.registration_target, waiting.ticket_code)
    engine.cancel(seated)
    with pytest.raises(engine.RegistrationRefused, match="已取消"):
        engine.find_for_check_in(event.registration_target, seated.ticket_code)
    with pytest.raises(engine.RegistrationRefused, match="不存在"):
        engine.find_for_check_in(event.registration_target, "ZZZZZZZZ")


@pytest.mark.django_db
def test_ticket_codes_are_unique_and_readable(index):
    from registrations.models import TICKET_ALPHABET

    target = make_event(index, capacity=0).registration_target
    codes = {engine.register(target, person(n))[0].ticket_code for n in range(30)}
    assert len(codes) == 30
    assert all(len(code) == 8 and set(code) <= set(TICKET_ALPHABET) for code in codes)
    assert not set("01OIL") & set(TICKET_ALPHABET)


@pytest.mark.django_db
def test_raising_capacity_offers_seats_to_the_waitlist(index):
    event = make_event(index, capacity=1)
    target = event.registration_target
    engine.register(target, person(1))
    second, _ = engine.register(target, person(2))
    third, _ = engine.register(target, person(3))
    event.capacity = 2
    event.save_revision().publish()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (S.OFFERED, S.WAITLISTED)


@pytest.mark.django_db
def test_attached_seat_counts_match_the_annotated_ones_for_every_status(index, django_assert_num_queries):
    """attach_seat_counts (one grouped query, for a page of a listing) and with_seat_counts (subqueries,
    for filtering) give the same numbers: parties count all their people, each status where it belongs."""
    from events.models import EventPage
    from registrations.models import attach_seat_counts, with_seat_counts

    full = make_event(index, capacity=4, max_party_size=3, waitlist_enabled=True)
    vetted = make_event(index, capacity=10, requires_approval=True)
    empty = make_event(index, capacity=10)
    closed = make_event(index, registration_enabled=False)
    engine.register(full.registration_target, person(1, party_size=3))
    engine.register(full.registration_target, person(2, party_size=1))
    engine.register(full.registration_target, person(3, party_size=2))  # waitlisted, two people
    cancelled, _ = engine.register(full.registration_target, person(4, party_size=1))  # waitlisted
    engine.cancel(cancelled)
    engine.register(vetted.registration_target, person(5, party_size=1))  # pending
    rows = list(Registration.objects.values_list("target__event_page__title", "status", "party_size"))
    assert {status for _, status, _ in rows} >= {S.CONFIRMED, S.WAITLISTED, S.PENDING, S.CANCELLED}, rows

    pages = EventPage.objects.filter(pk__in=[full.pk, vetted.pk, empty.pk, closed.pk]).order_by("pk")
    expected = {p.pk: (p.seats_taken, p.waitlist_size, p.pending_count) for p in with_seat_counts(pages)}
    assert (
        expected[full.pk] == (4, 2, 0)
        and expected[vetted.pk] == (1, 0, 1)
        and expected[empty.pk] == (0, 0, 0)
    )
    with django_assert_num_queries(2):  # the pages, then the counts
        attached = attach_seat_counts(pages)
    assert {p.pk: (p.seats_taken, p.waitlist_size, p.pending_count) for p in attached} == expected
    with django_assert_num_queries(0):
        assert attach_seat_counts([]) == []
