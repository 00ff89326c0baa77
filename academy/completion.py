"""Attendance, completion and certificates.

Staff record attendance per class meeting (the sheet, or check-in by ticket code). Whenever attendance is
saved, each affected trainee is checked against the course's completion rule (at least `completion_rate`
percent of the session's meetings attended); meeting it issues a certificate once. Only one certificate
exists per enrollment, so a revoked one is never issued again automatically; staff may reinstate it.
Every staff action is written to Wagtail's log of the session or the certificate.
"""

import contextlib
import math

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from registrations import engine
from registrations.models import Registration, RegistrationStatus

from .models import Attendance, Certificate, ClassMeeting, CourseSession

S = RegistrationStatus
# Enrollments that appear on the attendance sheet: they hold a confirmed seat.
SHEET_STATUSES = (S.CONFIRMED, S.ATTENDED, S.NO_SHOW)

# Wagtail log actions (registered in wagtail_hooks): (label, message).
LOG_ACTIONS = {
    "academy.attendance": (gettext_lazy("保存出勤"), gettext_lazy("保存出勤表")),
    "academy.check_in": (gettext_lazy("课次签到"), gettext_lazy("课次签到")),
    "academy.certificate.issue": (gettext_lazy("颁发证书"), gettext_lazy("颁发结业证书")),
    "academy.certificate.revoke": (gettext_lazy("撤销证书"), gettext_lazy("撤销结业证书")),
    "academy.certificate.reissue": (gettext_lazy("重新颁发证书"), gettext_lazy("重新颁发结业证书")),
}


def meetings_needed(course, meeting_count):
    """How many meetings must be attended to complete (rounded up, at least one)."""
    if meeting_count == 0:
        return 0
    return max(1, math.ceil(meeting_count * course.completion_rate / 100))


def sheet_registrations(session):
    if session.registration_target_id is None:
        return Registration.objects.none()
    return Registration.objects.filter(target_id=session.registration_target_id, status__in=SHEET_STATUSES)


def _session_of(registration):
    return CourseSession.objects.select_related("course").get(registration_target_id=registration.target_id)


# Certificates ---------------------------------------------------------------------------------------------


def issue_if_complete(registration, session=None, by=None, now=None):
    """Issue the certificate when the completion rule is met and this enrollment has none (valid or
    revoked). Returns the new certificate or None. Safe to call any number of times."""
    session = session or _session_of(registration)
    meeting_count = session.meetings.count()
    attended = Attendance.objects.filter(registration=registration, present=True).count()
    if meeting_count == 0 or attended < meetings_needed(session.course, meeting_count):
        return None
    return issue(registration, session, by=by, now=now, automatic=True)


def issue(registration, session=None, by=None, now=None, automatic=False):
    """Issue a certificate for `registration` (staff may do so by hand); None if it already has one."""
    session = session or _session_of(registration)
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the enrollment so two saves of the sheet cannot both issue.
        Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if Certificate.objects.filter(registration=registration).exists():
            return None
        user = registration.user
        certificate = Certificate(
            registration=registration,
            user=user,
            holder_name=(user.get_full_name() if user else "") or registration.name,
            session=session,
            course_title=session.course.title,
            session_name=session.name,
            hours=session.course.hours,
            issued_at=now,
            issued_by=by,
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            return None
        log(
            certificate,
            "academy.certificate.issue",
            user=by,
            data={"automatic": automatic, "registration": registration.pk},
        )
    return certificate


def revoke(certificate, reason, by=None, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("请填写撤销原因。"))
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = now or timezone.now()
    certificate.revoke_reason = reason[:200]
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    log(certificate, "academy.certificate.revoke", user=by, data={"reason": certificate.revoke_reason})
    return certificate


def reissue(certificate, by=None):
    """Make a revoked certificate valid again (same code, so printed copies verify again)."""
    if certificate.revoked_at is None:
        return certificate
    reason = certificate.revoke_reason
    certificate.revoked_at = None
    certificate.revoke_reason = ""
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    log(certificate, "academy.certificate.reissue", user=by, data={"previous_reason": reason})
    return certificate


# Attendance -------------------------------------------------------------------------------------------------


def _mark_enrollment_attended(registration):
    """The engine's own status follows: someone who came to a meeting counts as attended (签到)."""
    if registration.status != S.ATTENDED:
        with contextlib.suppress(engine.RegistrationRefused):
            engine.mark_attended(registration)


def save_sheet(session, present, by=None, now=None):
    """Store the attendance sheet. `present` is the set of (registration_id, meeting_id) ticked; every
    pair not ticked that had a record becomes absent. Returns the certificates issued."""
    now = now or timezone.now()
    registrations = {r.pk: r for r in sheet_registrations(session)}
    meetings = {m.pk: m for m in session.meetings.all()}
    present = {(r, m) for r, m in present if r in registrations and m in meetings}
    existing = {
        (a.registration_id, a.meeting_id): a
        for a in Attendance.objects.filter(registration_id__in=registrations, meeting_id__in=meetings)
    }
    to_create, to_update = [], []
    for key in present:
        record = existing.get(key)
        if record is None:
            to_create.append(
                Attendance(
                    registration_id=key[0], meeting_id=key[1], present=True, marked_at=now, marked_by=by
                )
            )
        elif not record.present:
            record.present, record.marked_at, record.marked_by = True, now, by
            to_update.append(record)
    for key, record in existing.items():
        if key not in present and record.present:
            record.present, record.marked_at, record.marked_by = False, now, by
            to_update.append(record)
    with transaction.atomic():
        Attendance.objects.bulk_create(to_create, ignore_conflicts=True)
        Attendance.objects.bulk_update(to_update, ["present", "marked_at", "marked_by"])
        changed = {a.registration_id for a in to_create} | {a.registration_id for a in to_update}
        log(
            session,
            "academy.attendance",
            user=by,
            data={"present": len(present), "changed": len(to_create) + len(to_update)},
        )
    issued = []
    attended_ids = {r for r, _m in present}
    for registration_id in sorted(changed):
        registration = registrations[registration_id]
        if registration_id in attended_ids:
            _mark_enrollment_attended(registration)
        certificate = issue_if_complete(registration, session, by=by, now=now)
        if certificate:
            issued.append(certificate)
    return issued


def check_in(session, meeting, code, by=None, now=None):
    """Check a trainee in to one class meeting by ticket code (the engine finds and vets the code).
    Returns (registration, already_present, certificate or None)."""
    now = now or timezone.now()
    if meeting.session_id != session.pk:
        raise engine.RegistrationRefused(_("该课次不属于本班次。"), code="other_meeting")
    target = session.registration_target
    if target is None:
        raise engine.RegistrationRefused(_("本班次没有报名名单。"), code="none")
    registration = engine.find_for_check_in(target, code)
    with transaction.atomic():
        record, created = Attendance.objects.get_or_create(
            registration=registration, meeting=meeting, defaults={"marked_at": now, "marked_by": by}
        )
        already = not created and record.present
        if not record.present:
            record.present, record.marked_at, record.marked_by = True, now, by
            record.save(update_fields=["present", "marked_at", "marked_by"])
        if not already:
            log(
                session,
                "academy.check_in",
                user=by,
                data={
                    "registration": registration.pk,
                    "meeting": meeting.pk,
                    "code": registration.ticket_code,
                },
            )
    _mark_enrollment_attended(registration)
    return registration, already, issue_if_complete(registration, session, by=by, now=now)


def sheet(session):
    """The attendance sheet: meetings (columns), and one row per enrolled trainee with a tick per meeting,
    attended count, whether the rule is met and the certificate. A fixed number of queries."""
    meetings = list(session.meetings.all())
    registrations = list(
        sheet_registrations(session).select_related("certificate").order_by("created_at", "pk")
    )
    present = set(
        Attendance.objects.filter(registration__in=registrations, present=True).values_list(
            "registration_id", "meeting_id"
        )
    )
    needed = meetings_needed(session.course, len(meetings))
    rows = []
    for registration in registrations:
        ticks = [(meeting, (registration.pk, meeting.pk) in present) for meeting in meetings]
        attended = sum(1 for _m, ticked in ticks if ticked)
        try:
            certificate = registration.certificate
        except Certificate.DoesNotExist:
            certificate = None
        rows.append(
            {
                "registration": registration,
                "ticks": ticks,
                "attended": attended,
                "complete": bool(meetings) and attended >= needed,
                "certificate": certificate,
            }
        )
    return {"meetings": meetings, "rows": rows, "needed": needed}


def completion_by_course(course_ids):
    """{course_id: (enrolled with a seat in sessions that ended, valid certificates)} in two queries."""
    now = timezone.now()
    finished = dict(
        Registration.objects.filter(
            target__course_session__course_id__in=course_ids,
            target__ends_at__lte=now,
            status__in=SHEET_STATUSES,
        )
        .values("target__course_session__course_id")
        .annotate(n=Count("pk"))
        .values_list("target__course_session__course_id", "n")
    )
    certified = dict(
        Certificate.objects.filter(
            Q(revoked_at__isnull=True),
            session__course_id__in=course_ids,
            session__registration_target__ends_at__lte=now,
        )
        .values("session__course_id")
        .annotate(n=Count("pk"))
        .values_list("session__course_id", "n")
    )
    return {cid: (finished.get(cid, 0), certified.get(cid, 0)) for cid in course_ids}


def meeting_for_now(session, now=None):
    """The meeting a check-in most likely belongs to: today's, else the next, else the last."""
    now = now or timezone.now()
    meetings = list(ClassMeeting.objects.filter(session=session).order_by("starts_at"))
    today = timezone.localdate(now)
    for meeting in meetings:
        if timezone.localdate(meeting.starts_at) == today:
            return meeting
    upcoming = [m for m in meetings if m.starts_at >= now]
    if upcoming:
        return upcoming[0]
    return meetings[-1] if meetings else None
