"""The demo's enrollment step (after the catalogue step): trainees, a full session with a waitlist,
enrollments that respect the academy's rules, attendance and certificates; a second run writes nothing;
the same seed gives the same codes."""

import io

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import transaction
from django.utils import timezone

import pytest

from academy import demo_enrollment, enrollment
from academy.models import Attendance, Certificate, CourseSession
from core.demo import DemoContext
from registrations.models import Registration, RegistrationStatus, with_seat_counts, with_waitlist_position
from tests.academy_enrollment_helpers import course, course_index, session

S = RegistrationStatus


def context(seed=2023):
    return DemoContext(seed=seed, stdout=io.StringIO(), style=no_style())


@pytest.fixture
def catalogue(home_page):
    """What the catalogue step leaves: courses with sessions (one small, one needing approval, one with a
    prerequisite, one not open yet)."""
    index = course_index(home_page)
    basics = course(index, title="概念验证实务", slug="poc")
    approval = course(index, title="投资估值", slug="valuation", requires_approval=True)
    advanced = course(index, title="成果转化进阶", slug="advanced", prerequisites=[basics])
    later = course(index, title="国际化孵化", slug="international")
    small = session(basics, name="春季班", capacity=6)
    session(approval, name="春季班", capacity=30)
    session(advanced, name="春季班", capacity=20)
    session(later, name="秋季班", enrollment_opens_at=timezone.now() + timezone.timedelta(days=20))
    return {"basics": basics, "advanced": advanced, "small": small, "later": later}


def snapshot():
    return {
        "users": get_user_model().objects.count(),
        "sessions": CourseSession.objects.count(),
        "registrations": list(
            Registration.objects.order_by("ticket_code").values_list("ticket_code", "status")
        ),
        "attendance": Attendance.objects.count(),
        "certificates": sorted(Certificate.objects.values_list("code", flat=True)),
    }


@pytest.mark.django_db
def test_demo_enrollment_step(catalogue):
    ctx = context()
    demo_enrollment.enrollments(ctx)
    people = list(get_user_model().objects.filter(email__endswith="@example.cn").order_by("email"))
    assert len(people) == 10
    first = next(u for u in people if u.get_username() == "xueyuan01")
    assert first.get_full_name() == "林晓雯"

    # Finished sessions were added for attendance and certificates; the first trainee holds one.
    past = CourseSession.objects.filter(name="往期班")
    assert past.count() == 4
    assert Attendance.objects.filter(registration__target__course_session__in=past).exists()
    assert Certificate.objects.filter(user=first).exists()
    for certificate in Certificate.objects.select_related("session__course"):
        needed = -(
            -len(certificate.session.meetings.all()) * certificate.session.course.completion_rate // 100
        )
        attended = Attendance.objects.filter(registration=certificate.registration, present=True).count()
        assert attended >= needed

    # The small session is full, with a waitlist in arrival order and a named trainee second in line.
    [small] = with_seat_counts(CourseSession.objects.filter(pk=catalogue["small"].pk))
    assert small.seats_taken == 6 and small.waitlist_size == 4
    waiting = with_waitlist_position(
        Registration.objects.filter(target=small.registration_target, status=S.WAITLISTED)
    )
    assert any(r.user_id and r.waitlist_position == 2 for r in waiting)

    # The rules hold: approval leaves people pending, no one is enrolled twice in a course, prerequisites.
    assert Registration.objects.filter(
        target__course_session__course__slug="valuation", status=S.PENDING
    ).exists()
    for user in people:
        active = enrollment.enrollments_of(user).filter(
            status__in=enrollment.ACTIVE_STATUSES, target__ends_at__gt=timezone.now()
        )
        courses = list(active.values_list("target__course_session__course_id", flat=True))
        assert len(courses) == len(set(courses))
        if active.filter(target__course_session__course=catalogue["advanced"]).exists():
            assert catalogue["basics"].pk in enrollment.certified_course_ids(user)
    not_open = CourseSession.objects.get(course=catalogue["later"], name="秋季班")
    assert not Registration.objects.filter(target__course_session=not_open).exists()
    assert "学堂学员 10 人" in ctx.stdout.getvalue()


@pytest.mark.django_db
def test_demo_enrollment_step_twice_writes_nothing(catalogue):
    demo_enrollment.enrollments(context())
    before = snapshot()
    ctx = context()
    demo_enrollment.enrollments(ctx)
    assert snapshot() == before
    assert ctx.stats["created"] == 0


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_enrollments_and_codes(catalogue):
    def run(seed):
        with transaction.atomic():
            demo_enrollment.enrollments(context(seed))
            result = snapshot()
            transaction.set_rollback(True)
        return result

    first, other_seed, again = run(2023), run(7), run(2023)
    assert first["registrations"] and first["certificates"]
    assert (again["registrations"], again["certificates"]) == (first["registrations"], first["certificates"])
    assert other_seed["certificates"] != first["certificates"]


@pytest.mark.django_db
def test_demo_enrollment_without_sessions_only_adds_trainees(db):
    ctx = context()
    demo_enrollment.enrollments(ctx)
    assert get_user_model().objects.count() == 10
    assert not Registration.objects.exists()
    assert "还没有开班" in ctx.stdout.getvalue()
