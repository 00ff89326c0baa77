"""Enrollment in a course session, through the shared registration engine.

A session is one more owner of a RegistrationTarget: window, capacity, waitlist, offers, approval, cancel
and mails are the engine's. What is the academy's own is checked here, before the engine is asked:

- an account is required (the registration is linked to it);
- prerequisites: each prerequisite course needs a valid certificate of this person;
- at most one active enrollment per course across its sessions (and none once the course is passed).

The one-per-course rule spans several targets, so the engine's per-target lock cannot protect it. Each
enrollment therefore first locks the person's own user row (SELECT … FOR UPDATE) and keeps that lock for
the whole transaction in which the engine registers: two parallel submits by one person for two sessions
of a course are decided one after the other, and the second sees the first. The lock is per person, so
different people enrolling in different sessions never wait for each other; the engine's target lock,
taken after it (always in this order), still decides the seats.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations import engine
from registrations.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationStatus,
    with_waitlist_position,
)

from .models import Certificate, CoursePage, CourseSession
from .models.sessions import TARGET_KIND

S = RegistrationStatus
EnrollmentRefused = engine.RegistrationRefused
# Statuses in which the person may still cancel themselves (the engine's rule).
CANCELLABLE = (S.PENDING, S.CONFIRMED, S.WAITLISTED, S.OFFERED)
# Statuses with a confirmed seat: the person gets the calendar of the class meetings.
TICKET_STATUSES = (S.CONFIRMED, S.ATTENDED)


def account_mobile(user):
    """The mobile number on the account, when the user model has one (accounts.User does)."""
    return (getattr(user, "mobile", "") or "").strip()


def account_name(user):
    return (user.get_full_name() or "").strip()


def set_person_name(user, name):
    """Give an account its display name whatever the user model: accounts.User has one `name` field;
    Django's default user keeps it in first_name (so get_full_name() returns it whole)."""
    field_names = {f.name for f in user._meta.get_fields()}
    if "name" in field_names:
        user.name = name
    else:
        user.first_name, user.last_name = name, ""


def enrollments_of(user):
    """The person's registrations for course sessions (any status)."""
    return Registration.objects.filter(user=user, target__kind=TARGET_KIND)


def certified_course_ids(user, course_ids=None):
    """Courses this person holds a valid certificate for."""
    certificates = Certificate.objects.filter(user=user, revoked_at__isnull=True, session__isnull=False)
    if course_ids is not None:
        certificates = certificates.filter(session__course_id__in=course_ids)
    return set(certificates.values_list("session__course_id", flat=True))


def missing_prerequisites(course, user):
    """Prerequisite courses (pages, in title order) this person has no valid certificate for."""
    prerequisites = list(CoursePage.objects.filter(unlocks=course).order_by("title"))
    if not prerequisites:
        return []
    met = certified_course_ids(user, [c.pk for c in prerequisites]) if user.is_authenticated else set()
    return [c for c in prerequisites if c.pk not in met]


def prerequisites_message(missing):
    names = "、".join(f"《{c.title}》" for c in missing)
    return _("报名本课程需先完成先修课程：%(names)s。取得其结业证书后即可报名。") % {"names": names}


def active_enrollment_in_course(user, course, now=None):
    """This person's active registration in a session of `course` that has not ended, or None."""
    now = now or timezone.now()
    return (
        enrollments_of(user)
        .filter(
            target__course_session__course=course,
            status__in=ACTIVE_STATUSES,
        )
        .filter(Q(target__ends_at__isnull=True) | Q(target__ends_at__gt=now))
        .select_related("target__course_session")
        .first()
    )


def _lock_person(user):
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def enroll(session, user, submission_key="", mobile="", name="", now=None):
    """Enroll `user` in `session`; returns (registration, created). Raises EnrollmentRefused.

    `mobile` and `name` are used when the account has none. A replayed submission key returns the first
    result (a double click)."""
    if not getattr(user, "is_authenticated", False):
        raise EnrollmentRefused(_("请先登录后再报名。"), code="login")
    target = session.registration_target
    if target is None:
        raise EnrollmentRefused(_("本班次暂未开放报名。"), code="none")
    course = session.course
    with transaction.atomic():
        _lock_person(user)
        submission_key = (submission_key or "")[:64]
        replay = (
            Registration.objects.filter(target=target, submission_key=submission_key).first()
            if submission_key
            else None
        )
        if replay is not None:
            return replay, False
        current = active_enrollment_in_course(user, course, now)
        if current is not None:
            if current.target_id == target.pk:
                raise EnrollmentRefused(
                    _("您已报名本班次（%(status)s），可在“我的创孵”中查看。")
                    % {"status": current.get_status_display()},
                    code="duplicate",
                    registration=current,
                )
            raise EnrollmentRefused(
                _(
                    "您已报名本课程的另一个班次（%(name)s），同一课程只能报名一个班次。如需改报，请先取消原报名。"
                )
                % {"name": current.target.course_session.name},
                code="other_session",
                registration=current,
            )
        if certified_course_ids(user, [course.pk]):
            raise EnrollmentRefused(_("您已取得本课程的结业证书，无需再次报名。"), code="completed")
        missing = missing_prerequisites(course, user)
        if missing:
            raise EnrollmentRefused(prerequisites_message(missing), code="prerequisites")
        applicant = engine.Applicant(
            name=account_name(user) or name.strip() or user.get_username(),
            mobile=account_mobile(user) or mobile,
            email=user.email or "",
            organisation=getattr(user, "organisation", "") or "",
            user=user,
        )
        return engine.register(target, applicant, submission_key=submission_key, now=now)


def cancel(registration, user):
    """The person cancels their own enrollment (the engine offers the seat to the waitlist)."""
    if registration.user_id != user.pk:
        raise EnrollmentRefused(_("找不到该报名。"), code="not_found")
    return engine.cancel(registration, by="self")


# What a page shows for one session and one person ------------------------------------------------------


@dataclass
class EnrollmentPanel:
    """The honest state of one session for one visitor: what the enroll panel draws."""

    session: CourseSession
    state: engine.RegistrationState
    registration: Registration | None = None
    other_session: Registration | None = None
    missing: list = field(default_factory=list)
    completed: bool = False
    waitlist_position: int | None = None
    needs_mobile: bool = False

    @property
    def can_enroll(self):
        return (
            self.state.can_register
            and self.registration is None
            and self.other_session is None
            and not self.missing
            and not self.completed
        )

    @property
    def missing_message(self):
        return prerequisites_message(self.missing) if self.missing else ""


def enrollment_panel(session, user, now=None):
    """The panel for `session` as `user` sees it. Uses `session.seats_taken` when the caller annotated it
    (registrations.models.with_seat_counts)."""
    now = now or timezone.now()
    target = session.registration_target
    seats = getattr(session, "seats_taken", None)
    if seats is None and target is not None:
        seats = Registration.objects.filter(target=target).seats_taken()
    state = engine.registration_state(target, session, seats_taken=seats or 0, now=now)
    panel = EnrollmentPanel(session=session, state=state)
    if not getattr(user, "is_authenticated", False) or target is None:
        return panel
    mine = (
        with_waitlist_position(enrollments_of(user).filter(target=target, status__in=ACTIVE_STATUSES))
        .order_by("-pk")
        .first()
    )
    if mine is not None:
        panel.registration = mine
        panel.waitlist_position = mine.waitlist_position
        return panel
    panel.other_session = active_enrollment_in_course(user, session.course, now)
    if panel.other_session is None:
        panel.completed = bool(certified_course_ids(user, [session.course_id]))
        if not panel.completed:
            panel.missing = missing_prerequisites(session.course, user)
    panel.needs_mobile = not account_mobile(user)
    return panel


def upcoming_meetings(user, now=None, days=None):
    """Class meetings still to come of the sessions this person holds a seat in, soonest first."""
    from .models import ClassMeeting

    now = now or timezone.now()
    meetings = ClassMeeting.objects.filter(
        ends_at__gte=now,
        session__registration_target__registrations__user=user,
        session__registration_target__registrations__status__in=TICKET_STATUSES,
    )
    if days is not None:
        meetings = meetings.filter(starts_at__lt=now + datetime.timedelta(days=days))
    return meetings.select_related("session__course").order_by("starts_at", "pk").distinct()
