"""Public views of the academy's enrollment: the enroll page and its POST, cancel, the calendar of one's own
class meetings, certificate verification (public) and the certificate PDF (holder and staff only).

A person only ever reaches their own enrollments and certificates: every lookup is filtered by the
logged-in user, so changing an id in a URL gives 404, never someone else's data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations import ratelimit
from registrations.links import registration_path

from . import enrollment
from .certificates import certificate_pdf
from .forms import EnrollForm
from .models import Certificate, CourseSession

STAFF_CERTIFICATE_PERMISSION = "academy.view_certificate"


def _session_or_404(session_id):
    return get_object_or_404(
        CourseSession.objects.select_related("course", "registration_target"), pk=session_id
    )


def enroll_page(request, session_id):
    """The session with its enroll panel (where the login link returns to); POST enrolls."""
    session = _session_or_404(session_id)
    if not session.course.live and not request.user.has_perm("academy.view_coursesession"):
        raise Http404
    if request.method == "POST":
        return _enroll(request, session)
    return _render(request, session)


def _render(request, session, form=None, error="", status=200):
    return TemplateResponse(
        request,
        "academy/enroll.html",
        {
            "session": session,
            "course": session.course,
            "meetings": list(session.meetings.all()),
            "enroll_form": form,
            "enroll_error": error,
        },
        status=status,
    )


def _enroll(request, session):
    if not request.user.is_authenticated:
        return redirect(request.path)
    form = EnrollForm(request.POST, user=request.user, session=session)
    target = session.registration_target
    if target is None:
        raise Http404
    if not ratelimit.hit(request, target.pk):
        return _render(request, session, form, _("提交过于频繁，请 10 分钟后再试。"), status=429)
    if not form.is_valid():
        return _render(request, session, form, status=400)
    try:
        registration, _created = enrollment.enroll(
            session,
            request.user,
            submission_key=form.cleaned_data.get("submission_key", ""),
            mobile=form.cleaned_data.get("mobile", ""),
            name=form.cleaned_data.get("name", ""),
        )
    except enrollment.EnrollmentRefused as refused:
        status = 400 if refused.code in ("login", "prerequisites", "not_open", "closed", "ended") else 409
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return _render(request, session, form, refused.message, status=status)
    return redirect(registration_path(registration))


@login_required
@require_POST
def cancel_enrollment(request, registration_id):
    registration = get_object_or_404(enrollment.enrollments_of(request.user), pk=registration_id)
    try:
        enrollment.cancel(registration, request.user)
        messages.success(request, _("已取消报名，名额将让给候补学员。"))
    except enrollment.EnrollmentRefused as refused:
        messages.error(request, refused.message)
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(next_url)
    return redirect(registration_path(registration))


@login_required
def enrollment_calendar(request, registration_id):
    """Every class meeting of one's session as .ics, while the enrollment holds a seat."""
    registration = get_object_or_404(
        enrollment.enrollments_of(request.user).filter(status__in=enrollment.TICKET_STATUSES),
        pk=registration_id,
    )
    session = get_object_or_404(CourseSession, registration_target_id=registration.target_id)
    if not session.meetings.exists():
        raise Http404
    response = HttpResponse(session.ics(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{session.pk}.ics"'
    return response


def _certificate_by_code(code):
    return Certificate.objects.filter(code=(code or "").strip().upper()).first()


def certificate_verify(request, code):
    """Public: valid or revoked, with the holder's name and the course only."""
    certificate = _certificate_by_code(code)
    if certificate is None:
        response = TemplateResponse(
            request, "academy/certificate_not_found.html", {"code": code[:40]}, status=404
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    response = TemplateResponse(request, "academy/certificate_verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response


def _own_certificate_or_404(request, code):
    certificate = _certificate_by_code(code)
    if certificate is None:
        raise Http404
    is_holder = request.user.is_authenticated and certificate.user_id == request.user.pk
    if not is_holder and not request.user.has_perm(STAFF_CERTIFICATE_PERMISSION):
        raise Http404  # not 403: whether a code exists with someone else is not revealed here
    return certificate


@login_required
def certificate_download(request, code):
    certificate = _own_certificate_or_404(request, code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
