"""Staff side in the Wagtail admin: per-event registrations, actions, add by hand, check-in, export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import engine
from .exports import can_see_contact, export_response
from .forms import RegistrationForm
from .models import EventPage, Registration, RegistrationExport, RegistrationStatus, RegistrationTarget
from .models.registration import SEAT_STATUSES


def _require(request, codename):
    if not request.user.has_perm(f"events.{codename}"):
        raise PermissionDenied


def _target_and_event(target_id):
    target = get_object_or_404(RegistrationTarget, pk=target_id)
    event = EventPage.objects.filter(registration_target=target).first()
    return target, event


def event_list(request):
    """Every event with its registration numbers; upcoming first."""
    _require(request, "view_registration")
    now = timezone.now()
    when = request.GET.get("when", "upcoming")
    events = EventPage.objects.select_related("registration_target").annotate(
        seats=Sum(
            "registration_target__registrations__party_size",
            filter=Q(registration_target__registrations__status__in=SEAT_STATUSES),
        ),
        waiting=Count(
            "registration_target__registrations",
            filter=Q(registration_target__registrations__status=RegistrationStatus.WAITLISTED),
        ),
        pending=Count(
            "registration_target__registrations",
            filter=Q(registration_target__registrations__status=RegistrationStatus.PENDING),
        ),
    )
    if when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")
    page = Paginator(events, 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "events/admin/event_list.html", {"page_obj": page, "when": when})


def registration_list(request, target_id):
    _require(request, "view_registration")
    target, event = _target_and_event(target_id)
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
        "events/admin/registration_list.html",
        {
            "target": target,
            "event": event,
            "page_obj": page,
            "status": status,
            "query": query,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in RegistrationStatus.choices],
            "total": sum(counts.values()),
            "show_contact": show_contact,
            "can_change": request.user.has_perm("events.change_registration"),
            "can_add": request.user.has_perm("events.add_registration"),
            "state": event.registration_state() if event else None,
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
    return redirect("events_admin:registrations", registration.target_id)


class StaffStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("按名额自动决定")), *RegistrationStatus.choices],
    )
    staff_note = forms.CharField(label=_("备注"), required=False, max_length=200)


def registration_add(request, target_id):
    _require(request, "add_registration")
    target, event = _target_and_event(target_id)
    if event is None:
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, event=event, staff=True)
    extra = StaffStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and extra.is_valid():
        applicant = engine.Applicant(
            name=form.cleaned_data["name"],
            mobile=form.cleaned_data["mobile"],
            email=form.cleaned_data.get("email", ""),
            organisation=form.cleaned_data.get("organisation", ""),
            job_title=form.cleaned_data.get("job_title", ""),
            party_size=form.party_size,
            answers=form.answers(),
        )
        try:
            registration, _created = engine.register(
                target,
                applicant,
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
            return redirect("events_admin:registrations", target.pk)
        except engine.RegistrationRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
    return TemplateResponse(
        request,
        "events/admin/registration_add.html",
        {"form": form, "extra": extra, "target": target, "event": event},
    )


def check_in(request, target_id):
    """Scan or type a ticket code, see the person and their answers, mark attended."""
    _require(request, "change_registration")
    target, event = _target_and_event(target_id)
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
                return redirect(reverse("events_admin:check_in", args=[target.pk]))
        except engine.RegistrationRefused as refused:
            refusal = refused
    attended = (
        Registration.objects.filter(target=target, status=RegistrationStatus.ATTENDED).aggregate(
            n=Sum("party_size")
        )["n"]
        or 0
    )
    expected = (
        Registration.objects.filter(
            target=target, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED]
        ).aggregate(n=Sum("party_size"))["n"]
        or 0
    )
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {
            "target": target,
            "event": event,
            "code": code,
            "registration": registration,
            "refusal": refusal,
            "attended": attended,
            "expected": expected,
            "show_contact": can_see_contact(request.user),
        },
        status=200 if refusal is None else 409,
    )


def export(request, target_id, file_format):
    _require(request, "view_registration")
    target, _event = _target_and_event(target_id)
    registrations = Registration.objects.filter(target=target).order_by("created_at", "pk")
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    return export_response(target, registrations, request.user, file_format)
