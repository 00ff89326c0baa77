"""Staff side of enrollment in the Wagtail admin, per course session: the attendance sheet, check-in to a
class meeting by ticket code, and issuing, revoking and re-issuing certificates. The enrollment list,
approval, adding by hand and export are the registration engine's own views (registrations_admin), linked
from the session list."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from registrations import engine
from registrations.exports import can_see_contact

from . import completion
from .certificates import certificate_pdf, verify_path
from .models import Certificate, CourseSession


def _require(request, *permissions):
    if not all(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


def _session(session_id):
    return get_object_or_404(
        CourseSession.objects.select_related("course", "registration_target"), pk=session_id
    )


def attendance_sheet(request, session_id):
    """Rows: enrolled trainees; columns: class meetings; a checkbox per cell. Saving issues certificates."""
    _require(request, "academy.view_attendance")
    session = _session(session_id)
    if request.method == "POST":
        _require(request, "academy.add_attendance", "academy.change_attendance")
        ticked = set()
        for value in request.POST.getlist("present"):
            registration_id, _sep, meeting_id = value.partition(":")
            if registration_id.isdigit() and meeting_id.isdigit():
                ticked.add((int(registration_id), int(meeting_id)))
        issued = completion.save_sheet(session, ticked, by=request.user)
        message = _("出勤已保存。")
        if issued:
            message += _("达到结业要求，已颁发 %(n)s 张结业证书：%(names)s。") % {
                "n": len(issued),
                "names": "、".join(c.holder_name for c in issued),
            }
        messages.success(request, message)
        return redirect("academy_admin:attendance", session.pk)
    data = completion.sheet(session)
    return TemplateResponse(
        request,
        "academy/admin/attendance_sheet.html",
        {
            "session": session,
            "course": session.course,
            **data,
            "can_change": request.user.has_perm("academy.change_attendance"),
            "can_issue": request.user.has_perm("academy.add_certificate"),
            "can_revoke": request.user.has_perm("academy.change_certificate"),
            "show_contact": can_see_contact(request.user),
        },
    )


def check_in(request, session_id):
    """Check trainees in to one class meeting by their ticket code (typed or scanned)."""
    _require(request, "academy.add_attendance")
    session = _session(session_id)
    meetings = list(session.meetings.all())
    meeting_id = request.POST.get("meeting") or request.GET.get("meeting")
    meeting = next((m for m in meetings if str(m.pk) == meeting_id), None) or completion.meeting_for_now(
        session
    )
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    registration = refusal = None
    if code and meeting is not None:
        try:
            registration = engine.find_for_check_in(session.registration_target, code)
            if request.method == "POST" and request.POST.get("confirm") == "1":
                registration, already, certificate = completion.check_in(
                    session, meeting, code, by=request.user
                )
                if already:
                    messages.info(request, _("%(name)s 本课次已签到。") % {"name": registration.name})
                else:
                    messages.success(request, _("%(name)s 签到成功。") % {"name": registration.name})
                if certificate:
                    messages.success(request, _("已达到结业要求，结业证书已颁发。"))
                return redirect(
                    f"{reverse('academy_admin:check_in', args=[session.pk])}?meeting={meeting.pk}"
                )
        except engine.RegistrationRefused as refused:
            refusal = refused
    present_count = meeting.attendances.filter(present=True).count() if meeting else 0
    return TemplateResponse(
        request,
        "academy/admin/check_in.html",
        {
            "session": session,
            "meetings": meetings,
            "meeting": meeting,
            "code": code,
            "registration": registration,
            "refusal": refusal,
            "present_count": present_count,
            "expected": completion.sheet_registrations(session).count(),
            "show_contact": can_see_contact(request.user),
        },
        status=200 if refusal is None else 409,
    )


@require_POST
def issue_certificate(request, session_id, registration_id):
    """Issue by hand (e.g. a make-up class counted by the mentor)."""
    _require(request, "academy.add_certificate")
    session = _session(session_id)
    registration = get_object_or_404(completion.sheet_registrations(session), pk=registration_id)
    certificate = completion.issue(registration, session, by=request.user)
    if certificate:
        messages.success(
            request,
            _("已为 %(name)s 颁发结业证书 %(code)s。")
            % {"name": certificate.holder_name, "code": certificate.code},
        )
    else:
        messages.error(request, _("该学员已有结业证书。"))
    return redirect("academy_admin:attendance", session.pk)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤销原因"),
        max_length=200,
        error_messages={"required": gettext_lazy("请填写撤销原因。")},
        help_text=gettext_lazy("记入操作日志；核验页面只显示“已撤销”和日期，不显示原因。"),
    )


def revoke_certificate(request, certificate_id):
    _require(request, "academy.change_certificate")
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        completion.revoke(certificate, form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("证书 %(code)s 已撤销。") % {"code": certificate.code})
        return redirect(_back(request, certificate))
    return TemplateResponse(
        request,
        "academy/admin/certificate_revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "verify_url": verify_path(certificate),
            "next": _next(request),
        },
    )


@require_POST
def reissue_certificate(request, certificate_id):
    _require(request, "academy.change_certificate")
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    completion.reissue(certificate, by=request.user)
    messages.success(request, _("证书 %(code)s 已重新生效。") % {"code": certificate.code})
    return redirect(_back(request, certificate))


def certificate_download(request, certificate_id):
    _require(request, "academy.view_certificate")
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def _next(request):
    value = request.POST.get("next") or request.GET.get("next") or ""
    return value if value.startswith("/admin/") else ""


def _back(request, certificate):
    if _next(request):
        return _next(request)
    if certificate.session_id:
        return reverse("academy_admin:attendance", args=[certificate.session_id])
    return reverse("wagtailsnippets_academy_certificate:list")
