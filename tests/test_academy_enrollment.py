"""Enrollment in course sessions through the shared registration engine: window, capacity and waitlist,
prerequisites, one enrollment per course, approval, double submits, mails with every class meeting, and the
public enroll page with its panel."""

import datetime
import threading

from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from academy import completion, enrollment
from academy.models import Certificate
from registrations import engine
from registrations.models import Registration, RegistrationStatus
from tests.academy_enrollment_helpers import course, course_index, mobile, session, trainee

S = RegistrationStatus


@pytest.fixture(autouse=True)
def _no_rate_limit_carried_over():
    cache.clear()  # the per-IP submission counter lives in the cache


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def course_page(index):
    return course(index, title="概念验证实务", slug="poc")


def enroll(session_, user, n=None, **kwargs):
    return enrollment.enroll(session_, user, mobile=mobile(n if n is not None else user.pk), **kwargs)


def certify(user, course_page, revoked=False):
    """A certificate for `user` in a finished session of `course_page`."""
    past = session(course_page, name="往期班", first_day=-40, meetings=2)
    registration, _ = engine.register(
        past.registration_target,
        engine.Applicant(name=user.get_full_name(), mobile=mobile(9000 + user.pk), user=user),
        by_staff=True,
        status=S.CONFIRMED,
    )
    certificate = completion.issue(registration, past)
    if revoked:
        completion.revoke(certificate, "测试撤销")
    return certificate


@pytest.mark.django_db
def test_enrollment_is_a_registration_of_the_session_target_linked_to_the_account(course_page):
    spring = session(course_page)
    user = trainee(1, name="林晓雯")
    registration, created = enroll(spring, user)
    assert created
    assert registration.target_id == spring.registration_target_id
    assert registration.target.kind == "course_session"
    assert (registration.user, registration.name, registration.status) == (user, "林晓雯", S.CONFIRMED)
    assert registration.email == "trainee1@example.cn"


@pytest.mark.django_db
def test_confirmation_mail_carries_a_calendar_with_every_class_meeting(
    course_page, django_capture_on_commit_callbacks
):
    spring = session(course_page, meetings=5)
    user = trainee(1)
    with django_capture_on_commit_callbacks(execute=True):
        enroll(spring, user)
    [message] = mail.outbox
    assert message.subject.startswith("报名成功")
    assert message.to == ["trainee1@example.cn"]
    files = {part.get_filename(): part for part in message.message().walk() if part.get_filename()}
    ics = files["event.ics"].get_payload(decode=True)
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts == sorted(m.starts_at for m in spring.meetings.all())
    assert len(starts) == 5


@pytest.mark.django_db
def test_enrollment_window(course_page):
    now = timezone.now()
    later = session(course_page, name="秋季班", enrollment_opens_at=now + datetime.timedelta(days=2))
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(later, trainee(1))
    assert refused.value.code == "not_open"
    closed = session(
        course_page,
        name="夏季班",
        enrollment_opens_at=now - datetime.timedelta(days=5),
        enrollment_closes_at=now - datetime.timedelta(days=1),
    )
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(closed, trainee(2))
    assert refused.value.code == "closed"
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_capacity_then_waitlist_with_time_limited_offer(course_page):
    small = session(course_page, capacity=2, offer_hours=12)
    first, second, third, fourth = (trainee(n) for n in range(1, 5))
    r1, _ = enroll(small, first)
    enroll(small, second)
    r3, _ = enroll(small, third)
    r4, _ = enroll(small, fourth)
    assert (r3.status, r4.status) == (S.WAITLISTED, S.WAITLISTED)
    assert enrollment.enrollment_panel(small, fourth).waitlist_position == 2

    enrollment.cancel(r1, first)
    r3.refresh_from_db()
    assert r3.status == S.OFFERED
    assert r3.offer_expires_at - timezone.now() == pytest.approx(
        datetime.timedelta(hours=12), abs=datetime.timedelta(minutes=1)
    )
    assert enrollment.enrollment_panel(small, fourth).waitlist_position == 1
    engine.claim_offer(r3)
    r3.refresh_from_db()
    assert r3.status == S.CONFIRMED


@pytest.mark.django_db
def test_full_without_waitlist_is_refused(course_page):
    small = session(course_page, capacity=1, waitlist_enabled=False)
    enroll(small, trainee(1))
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(small, trainee(2))
    assert refused.value.code == "full"


@pytest.mark.django_db
def test_prerequisite_is_met_only_by_a_valid_certificate(index, course_page):
    advanced = course(index, title="成果转化进阶", slug="advanced", prerequisites=[course_page])
    other = course(index, title="技术许可谈判", slug="licensing")
    advanced.prerequisites.add(other)
    advanced.save_revision().publish()
    spring = session(advanced)
    user = trainee(1)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(spring, user)
    assert refused.value.code == "prerequisites"
    assert "《概念验证实务》" in refused.value.message
    assert "《技术许可谈判》" in refused.value.message

    certify(user, course_page)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(spring, user)
    assert "《概念验证实务》" not in refused.value.message
    assert "《技术许可谈判》" in refused.value.message

    certificate = certify(user, other, revoked=True)
    with pytest.raises(enrollment.EnrollmentRefused):
        enroll(spring, user)
    completion.reissue(certificate)
    registration, created = enroll(spring, user)
    assert created and registration.status == S.CONFIRMED


@pytest.mark.django_db
def test_one_active_enrollment_per_course_across_its_sessions(course_page, index):
    spring = session(course_page, name="春季班")
    autumn = session(course_page, name="秋季班", first_day=60)
    other_course_session = session(course(index, title="投资估值", slug="valuation"))
    user = trainee(1)
    first, _ = enroll(spring, user)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(autumn, user)
    assert refused.value.code == "other_session"
    assert "春季班" in refused.value.message
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(spring, user, submission_key="another-click")
    assert refused.value.code == "duplicate"
    # Another course is fine; after cancelling, the other session is too.
    assert enroll(other_course_session, user)[1]
    enrollment.cancel(first, user)
    registration, created = enroll(autumn, user)
    assert created and registration.status == S.CONFIRMED


@pytest.mark.django_db
def test_waitlisted_counts_as_active_for_the_course(course_page):
    full = session(course_page, name="春季班", capacity=1)
    autumn = session(course_page, name="秋季班", first_day=60)
    enroll(full, trainee(1))
    user = trainee(2)
    assert enroll(full, user)[0].status == S.WAITLISTED
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(autumn, user)
    assert refused.value.code == "other_session"


@pytest.mark.django_db
def test_a_course_passed_cannot_be_enrolled_again_but_an_ended_enrollment_does_not_block(course_page):
    user = trainee(1)
    certify(user, course_page)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enroll(session(course_page, name="秋季班"), user)
    assert refused.value.code == "completed"

    # Someone who attended an ended session without completing may take a later one.
    other = trainee(2)
    past = session(course_page, name="冬季班", first_day=-30, meetings=2)
    engine.register(
        past.registration_target,
        engine.Applicant(name="学员2", mobile=mobile(77), user=other),
        by_staff=True,
        status=S.ATTENDED,
    )
    registration, created = enroll(session(course_page, name="夏季班", first_day=30), other)
    assert created


@pytest.mark.django_db
def test_approval_makes_enrollments_pending_and_follows_the_course_page(course_page):
    spring = session(course_page)
    course_page.requires_approval = True
    course_page.save_revision().publish()
    spring.refresh_from_db()
    assert spring.registration_target.requires_approval
    registration, _ = enroll(spring, trainee(1))
    assert registration.status == S.PENDING
    engine.approve(registration)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


@pytest.mark.django_db
def test_double_submit_returns_the_first_enrollment(course_page):
    spring = session(course_page)
    user = trainee(1)
    first, created = enroll(spring, user, submission_key="k-1")
    again, created_again = enroll(spring, user, submission_key="k-1")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_account_required(course_page):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        enrollment.enroll(session(course_page), AnonymousUser(), mobile=mobile(1))
    assert refused.value.code == "login"


# Concurrency: each thread has its own PostgreSQL connection --------------------------------------------


def _run_at_once(functions):
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def run(function):
        try:
            barrier.wait()
            results.append(function())
        except enrollment.EnrollmentRefused as refused:
            results.append(refused)
        except Exception as exc:  # noqa: BLE001 - collected and fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_100_parallel_enrollments_for_20_seats(wagtail_base_data, home_page):
    spring = session(course(course_index(home_page)), capacity=20)
    users = [trainee(n) for n in range(100)]
    results, errors = _run_at_once(
        [
            lambda u=u: enrollment.enroll(spring, u, mobile=mobile(u.pk), submission_key=f"race-{u.pk}")
            for u in users
        ]
    )
    assert errors == []
    registrations = list(Registration.objects.filter(target=spring.registration_target).order_by("pk"))
    assert len(registrations) == 100
    statuses = [r.status for r in registrations]
    assert statuses.count(S.CONFIRMED) == 20
    assert statuses == [S.CONFIRMED] * 20 + [S.WAITLISTED] * 80
    assert len({r.user_id for r in registrations}) == 100


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_for_two_sessions_of_one_course_cannot_both_pass(wagtail_base_data, home_page):
    course_page = course(course_index(home_page))
    sessions = [session(course_page, name=f"班次{n}", first_day=10 + n) for n in range(6)]
    user = trainee(1)
    for _round in range(3):
        Registration.objects.all().delete()
        results, errors = _run_at_once(
            [lambda s=s: enrollment.enroll(s, user, mobile=mobile(1)) for s in sessions]
        )
        assert errors == []
        active = Registration.objects.filter(user=user, status__in=enrollment.ACTIVE_STATUSES)
        assert active.count() == 1
        refused = [r for r in results if isinstance(r, enrollment.EnrollmentRefused)]
        assert len(refused) == len(sessions) - 1
        assert {r.code for r in refused} == {"other_session"}


# The enroll page and its panel ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_sees_the_state_and_a_login_link(client, course_page):
    spring = session(course_page, capacity=30)
    url = reverse("academy:enroll", args=[spring.pk])
    html = client.get(url).content.decode()
    assert "报名中 · 剩余 30 席" in html
    assert "登录后报名" in html
    assert f"?next={url}" in html
    assert '<form class="enroll-panel__form"' not in html
    # A POST without an account enrolls no one.
    client.post(url, {})
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_one_click_enrollment_from_the_page(client, course_page):
    spring = session(course_page)
    user = trainee(1, name="周子航")
    client.force_login(user)
    url = reverse("academy:enroll", args=[spring.pk])
    page = client.get(url)
    form = page.context["ctx"]["form"]
    key = form.initial["submission_key"]
    prefix = form.prefix
    # The default user model has no mobile field: the form asks for it (accounts.User brings one).
    data = {f"{prefix}-submission_key": key, f"{prefix}-mobile": "139 1234 5678"}
    response = client.post(url, data)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/registration/")
    assert (registration.mobile, registration.name, registration.user) == ("13912345678", "周子航", user)
    # The same click again (the browser retried) gives the same enrollment.
    assert client.post(url, data)["Location"] == response["Location"]
    assert Registration.objects.count() == 1
    # The panel now shows the person's status instead of the form.
    html = client.get(url).content.decode()
    assert 'data-enrollment-status="confirmed"' in html
    assert "立即报名" not in html


@pytest.mark.django_db
def test_invalid_mobile_is_shown_next_to_the_field(client, course_page):
    spring = session(course_page)
    client.force_login(trainee(1))
    url = reverse("academy:enroll", args=[spring.pk])
    response = client.post(url, {f"s{spring.pk}-mobile": "12345"})
    assert response.status_code == 400
    assert "请输入11位中国大陆手机号" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_panel_names_missing_prerequisites_and_offers_no_form(client, index, course_page):
    advanced = course(index, title="成果转化进阶", slug="advanced", prerequisites=[course_page])
    spring = session(advanced)
    client.force_login(trainee(1))
    response = client.get(reverse("academy:enroll", args=[spring.pk]))
    html = response.content.decode()
    assert "报名本课程需先完成先修课程：《概念验证实务》" in html
    assert "立即报名" not in html
    refused = client.post(reverse("academy:enroll", args=[spring.pk]), {f"s{spring.pk}-mobile": mobile(1)})
    assert refused.status_code == 400
    assert "《概念验证实务》" in refused.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_panel_shows_the_other_session_and_the_waitlist_position(client, course_page):
    spring = session(course_page, name="春季班", capacity=1)
    autumn = session(course_page, name="秋季班", first_day=60)
    enroll(spring, trainee(1))
    user = trainee(2)
    enroll(spring, user)
    client.force_login(user)
    html = client.get(reverse("academy:enroll", args=[spring.pk])).content.decode()
    assert "候补名单第 <strong>1</strong> 位" in html
    html = client.get(reverse("academy:enroll", args=[autumn.pk])).content.decode()
    assert "您已报名本课程的 春季班" in html
    assert "立即报名" not in html


@pytest.mark.django_db
def test_rate_limit_on_enroll_posts(client, course_page, settings):
    settings.REGISTRATION_RATE_LIMIT = (2, 600)
    spring = session(course_page)
    client.force_login(trainee(1))
    url = reverse("academy:enroll", args=[spring.pk])
    statuses = [client.post(url, {f"s{spring.pk}-mobile": "bad"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.django_db
def test_unpublished_course_has_no_enroll_page(client, course_page):
    spring = session(course_page)
    course_page.unpublish()
    assert client.get(reverse("academy:enroll", args=[spring.pk])).status_code == 404


@pytest.mark.django_db
def test_certificate_of_a_prerequisite_is_looked_up_through_its_session(course_page):
    user = trainee(1)
    certificate = certify(user, course_page)
    assert enrollment.certified_course_ids(user) == {course_page.pk}
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert enrollment.certified_course_ids(user) == set()
