"""Staff side in the Wagtail admin, per target whatever owns it: the list, actions, add by hand, check-in,
export. Owners link here (an event's 报名管理 button) and describe themselves through `owners`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import EXPORT_FORMATS

from . import engine
from . import messages as registrant_messages
from .exports import can_see_contact, export_response
from .forms import RegistrationForm
from .models import Registration, RegistrationExport, RegistrationStatus, RegistrationTarget
from .owners import describe, owner_of


def _require(request, codename):
    if not request.user.has_perm(f"registrations.{codename}"):
        raise PermissionDenied


def _target(target_id):
    return get_object_or_404(RegistrationTarget, pk=target_id)


def registration_list(request, target_id):
    _require(request, "view_registration")
    target = _target(target_id)
    registrations = (
        Registration.objects.filter(target=target).select_related("user").order_by("created_at", "pk")
    )
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    else:
        status = ""
    query = request.GET.get("q", "").strip()
    show_contact = can_see_contact(request.user)
    if query:
        match = Q(name__icontains=query) | Q(organisation__icontains=query) | Q(ticket_code__iexact=query)
        if show_contact:
            match |= Q(mobile__contains=query) | Q(email__icontains=query)
        registrations = registrations.filter(match)
    counts = dict(
        Registration.objects.filter(target=target)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = Paginator(registrations, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "registrations/admin/registration_list.html",
        {
            "target": target,
            "info": describe(target),
            "page_obj": page,
            "status": status,
            "query": query,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in RegistrationStatus.choices],
            "total": sum(counts.values()),
            "show_contact": show_contact,
            "can_change": request.user.has_perm("registrations.change_registration"),
            "can_add": request.user.has_perm("registrations.add_registration"),
            "state": engine.registration_state(
                target, owner_of(target), seats_taken=Registration.objects.filter(target=target).seats_taken()
            ),
            "exports": RegistrationExport.objects.filter(target=target).select_related("user")[:5],
        },
    )


@require_POST
def registration_action(request, registration_id):
    _require(request, "change_registration")
    registration = get_object_or_404(Registration, pk=registration_id)
    action = request.POST.get("action")
    try:
        if action == "approve":
            engine.approve(registration)
        elif action == "reject":
            engine.reject(registration)
        elif action == "attend":
            engine.mark_attended(registration)
        elif action == "cancel":
            engine.cancel(registration, by="staff")
        elif action == "move" and request.POST.get("status") in RegistrationStatus.values:
            engine.move(registration, request.POST["status"])
        else:
            raise engine.RegistrationRefused(_("未知操作。"))
        registration.refresh_from_db()
        messages.success(
            request,
            _("%(name)s：%(status)s")
            % {"name": registration.name, "status": registration.get_status_display()},
        )
    except engine.RegistrationRefused as refused:
        messages.error(request, refused.message)
    next_url = request.POST.get("next")
    if next_url and next_url.startswith("/admin/"):
        return redirect(next_url)
    return redirect("registrations_admin:registrations", registration.target_id)


class StaffStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("按名额自动决定")), *RegistrationStatus.choices],
    )
    staff_note = forms.CharField(label=_("备注"), required=False, max_length=200)


def registration_add(request, target_id):
    _require(request, "add_registration")
    target = _target(target_id)
    info = describe(target)
    form = RegistrationForm(request.POST or None, target=target, questions=info.questions, staff=True)
    extra = StaffStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and extra.is_valid():
        try:
            registration, _created = engine.register(
                target,
                form.applicant(),
                submission_key=form.cleaned_data.get("submission_key", ""),
                by_staff=True,
                status=extra.cleaned_data["status"] or None,
            )
            if extra.cleaned_data["staff_note"]:
                Registration.objects.filter(pk=registration.pk).update(
                    staff_note=extra.cleaned_data["staff_note"]
                )
            messages.success(
                request,
                _("已为 %(name)s 报名（%(status)s）。")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect("registrations_admin:registrations", target.pk)
        except engine.RegistrationRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
    return TemplateResponse(
        request,
        "registrations/admin/registration_add.html",
        {"form": form, "extra": extra, "target": target, "info": info},
    )


def check_in(request, target_id):
    """Scan or type a ticket code, see the person and their answers, mark attended."""
    _require(request, "change_registration")
    target = _target(target_id)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    registration = refusal = None
    if code:
        try:
            registration = engine.find_for_check_in(target, code)
            if request.method == "POST" and request.POST.get("confirm") == "1":
                already = registration.status == RegistrationStatus.ATTENDED
                registration = engine.mark_attended(registration)
                if not already:
                    messages.success(
                        request,
                        _("%(name)s 签到成功（%(n)s 人）。")
                        % {"name": registration.name, "n": registration.party_size},
                    )
                return redirect(reverse("registrations_admin:check_in", args=[target.pk]))
        except engine.RegistrationRefused as refused:
            refusal = refused
    people = Registration.objects.filter(target=target).people_by_status()
    return TemplateResponse(
        request,
        "registrations/admin/check_in.html",
        {
            "target": target,
            "info": describe(target),
            "code": code,
            "registration": registration,
            "refusal": refusal,
            "attended": people.get(RegistrationStatus.ATTENDED, 0),
            "expected": people.get(RegistrationStatus.CONFIRMED, 0)
            + people.get(RegistrationStatus.ATTENDED, 0),
            "show_contact": can_see_contact(request.user),
        },
        status=200 if refusal is None else 409,
    )


def export(request, target_id, file_format):
    _require(request, "view_registration")
    if file_format not in EXPORT_FORMATS:
        raise Http404  # one allow-list: no guessing, nothing of the URL in the file name
    target = _target(target_id)
    registrations = Registration.objects.filter(target=target).order_by("created_at", "pk")
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    return export_response(target, registrations, request.user, file_format)


class MessageForm(forms.Form):
    statuses = forms.MultipleChoiceField(
        label=_("发给"),
        choices=[(status.value, status.label) for status in registrant_messages.AUDIENCES],
        initial=[RegistrationStatus.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择收件人。"), "invalid_choice": _("请选择列表中的状态。")},
    )
    subject = forms.CharField(label=_("标题"), max_length=80, error_messages={"required": _("请填写标题。")})
    body = forms.CharField(
        label=_("正文"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("邮件开头会称呼报名人姓名，结尾附上活动名称和其报名链接。"),
        error_messages={"required": _("请填写正文。")},
    )


def message(request, target_id):
    """群发通知: write to the confirmed and/or waitlisted registrants (needs add_registrantmessage)."""
    _require(request, "add_registrantmessage")
    target = _target(target_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        statuses = form.cleaned_data["statuses"]
        if not registrant_messages.recipients(target, statuses):
            form.add_error("statuses", _("所选状态下没有留了邮箱的报名人。"))
        else:
            sent = registrant_messages.send(
                target, statuses, form.cleaned_data["subject"], form.cleaned_data["body"], request.user
            )
            messages.success(request, _("通知已排队发送给 %(count)s 人。") % {"count": sent.recipient_count})
            return redirect("registrations_admin:message", target.pk)
    counts = {
        status.value: len(registrant_messages.recipients(target, [status.value]))
        for status in registrant_messages.AUDIENCES
    }
    return TemplateResponse(
        request,
        "registrations/admin/message.html",
        {
            "target": target,
            "info": describe(target),
            "form": form,
            "counts": [(status.label, counts[status.value]) for status in registrant_messages.AUDIENCES],
            "sent": target.messages.select_related("user")[:20],
        },
    )
