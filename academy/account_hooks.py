"""The academy's parts of 我的创孵 (the accounts app asks for them through Wagtail hooks, so neither app
imports the other): sections of the dashboard, the person's data for download, and what happens to their
certificates when they delete their account.

Each section's context is built here in a fixed number of queries, whatever the number of enrollments."""

from django.db.models import Q
from django.utils import timezone

from wagtail import hooks

from registrations.links import registration_path
from registrations.models import Registration, with_waitlist_position

from . import enrollment
from .certificates import verify_path
from .models import Attendance, Certificate, CoursePage
from .models.catalog import open_for_enrollment
from .models.sessions import TARGET_KIND


def _local(value):
    return timezone.localtime(value).isoformat() if value else None


def enrollment_rows(request):
    """My enrollments, newest first, with the session, course, waitlist position and what I can do."""
    user = request.user
    registrations = with_waitlist_position(
        enrollment.enrollments_of(user).select_related("target__course_session__course")
    ).order_by("-created_at", "-pk")
    now = timezone.now()
    rows = []
    for registration in registrations:
        session = getattr(registration.target, "course_session", None)
        if session is None:
            continue
        course = session.course
        target = registration.target
        rows.append(
            {
                "registration": registration,
                "session": session,
                "course": course,
                "course_url": course.get_url(request) if course.live else "",
                "starts_at": target.starts_at,
                "ends_at": target.ends_at,
                "past": bool(target.ends_at and target.ends_at <= now),
                "url": registration_path(registration),
                "can_cancel": registration.status in enrollment.CANCELLABLE,
                "has_calendar": registration.status in enrollment.TICKET_STATUSES
                and target.ends_at
                and target.ends_at > now,
            }
        )
    return rows


def meeting_rows(user, limit=8):
    meetings = list(enrollment.upcoming_meetings(user)[:limit])
    if not meetings:
        return []
    # The calendar link is per enrollment: one query for the enrollments behind these sessions.
    by_target = dict(
        enrollment.enrollments_of(user)
        .filter(
            target_id__in={m.session.registration_target_id for m in meetings},
            status__in=enrollment.TICKET_STATUSES,
        )
        .values_list("target_id", "pk")
    )
    return [
        {"meeting": m, "registration_id": by_target.get(m.session.registration_target_id)} for m in meetings
    ]


def certificate_rows(user):
    return [
        {"certificate": c, "verify_url": verify_path(c)}
        for c in Certificate.objects.filter(user=user).order_by("-issued_at", "-pk")
    ]


@hooks.register("account_dashboard_sections")
def academy_dashboard_sections(request):
    user = request.user
    if not user.is_authenticated:
        return []
    return [
        {
            "title": "学堂课程报名",
            "template": "academy/enrollment_dashboard.html",
            "context": {"rows": enrollment_rows(request), "next": request.get_full_path()},
            "order": 20,
        },
        {
            "title": "近期课次",
            "template": "academy/enrollment_meetings.html",
            "context": {"rows": meeting_rows(user)},
            "order": 21,
        },
        {
            "title": "结业证书",
            "template": "academy/certificate_dashboard.html",
            "context": {"rows": certificate_rows(user)},
            "order": 22,
        },
        *recommended_section(user),
    ]


def recommended_section(user, limit=4):
    """Courses open for enrollment in the tracks the person follows (the account's 关注的学堂方向), minus
    courses they already enrolled in or passed. Nothing when they follow no track."""
    interests = getattr(user, "interests", None)
    if interests is None or not interests.exists():
        return []
    now = timezone.now()
    mine = Registration.objects.filter(user=user, target__kind=TARGET_KIND).values(
        "target__course_session__course"
    )
    courses = list(
        CoursePage.objects.live()
        .public()
        .filter(tracks__in=interests.all())
        .filter(open_for_enrollment(now))
        .exclude(pk__in=mine)
        .distinct()
        .order_by("path")[:limit]
    )
    return [
        {
            "title": "为您推荐的课程",
            "template": "academy/recommended_dashboard.html",
            "context": {"courses": courses},
            "order": 23,
        }
    ]


@hooks.register("account_data_export")
def academy_data_export(user):
    """Everything the academy holds about this person, as plain JSON-able values."""
    registrations = list(
        enrollment.enrollments_of(user).select_related("target__course_session__course").order_by("pk")
    )
    enrollments = []
    for r in registrations:
        session = getattr(r.target, "course_session", None)
        enrollments.append(
            {
                "course": session.course.title if session else r.target.title,
                "session": session.name if session else "",
                "status": r.get_status_display(),
                "ticket_code": r.ticket_code,
                "name": r.name,
                "mobile": r.mobile,
                "email": r.email,
                "organisation": r.organisation,
                "enrolled_at": _local(r.created_at),
                "status_changed_at": _local(r.status_changed_at),
            }
        )
    attendance = [
        {
            "course": a.meeting.session.course.title,
            "session": a.meeting.session.name,
            "meeting": _local(a.meeting.starts_at),
            "topic": a.meeting.topic,
            "present": a.present,
            "marked_at": _local(a.marked_at),
        }
        for a in Attendance.objects.filter(registration__in=registrations)
        .select_related("meeting__session__course")
        .order_by("meeting__starts_at", "pk")
    ]
    certificates = [
        {
            "code": c.code,
            "holder_name": c.holder_name,
            "course": c.course_title,
            "session": c.session_name,
            "hours": str(c.hours),
            "issued_at": _local(c.issued_at),
            "valid": c.is_valid,
            "revoked_at": _local(c.revoked_at),
        }
        for c in Certificate.objects.filter(user=user).order_by("pk")
    ]
    return {"academy": {"enrollments": enrollments, "attendance": attendance, "certificates": certificates}}


@hooks.register("account_deleting")
def academy_account_deleting(user):
    """Certificates stay verifiable (valid or revoked, course, date) but no longer name or point to the
    person. Enrollments are the registration engine's and are anonymised with the account's other
    registrations."""
    Certificate.objects.filter(Q(user=user) | Q(registration__user=user)).update(user=None, holder_name="")
