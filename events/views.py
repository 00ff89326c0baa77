"""Public registration views: submit, the person's registration page (signed link), cancel, claim, QR."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import engine, ratelimit
from .forms import RegistrationForm
from .links import registration_from_token, registration_path, registration_token
from .models import EventPage, Registration, RegistrationStatus
from .tickets import ticket_qr_png


def register_for_event(request, page):
    """POST of the form on an event page. Errors re-render the page with the messages next to the fields."""
    target = page.registration_target
    state = page.registration_state()
    if target is None or not page.registration_enabled:
        raise Http404
    form = RegistrationForm(request.POST, event=page, user=request.user)
    if not ratelimit.hit(request, target.pk):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请 10 分钟后再试。"))
        return _render_with_form(request, page, form, status=429)
    if form.is_spam:
        # Bots get an answer that looks normal, and nothing is saved.
        return TemplateResponse(request, "events/registration_spam.html", {"page": page}, status=200)
    if not state.can_register:
        form.is_valid()
        form.add_error(None, state.label)
        return _render_with_form(request, page, form, status=400)
    if not form.is_valid():
        return _render_with_form(request, page, form, status=400)
    applicant = engine.Applicant(
        name=form.cleaned_data["name"],
        mobile=form.cleaned_data["mobile"],
        email=form.cleaned_data["email"],
        organisation=form.cleaned_data.get("organisation", ""),
        job_title=form.cleaned_data.get("job_title", ""),
        party_size=form.party_size,
        answers=form.answers(),
        user=request.user if request.user.is_authenticated else None,
    )
    try:
        registration, _created = engine.register(
            target, applicant, submission_key=form.cleaned_data.get("submission_key", "")
        )
    except engine.RegistrationRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return _render_with_form(request, page, form, status=400)
    return redirect(registration_path(registration))


def _render_with_form(request, page, form, status):
    context = page.get_context(request)
    context["form"] = form
    context["form_has_errors"] = True
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _registration_or_404(token):
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def _event_for(registration):
    return EventPage.objects.filter(registration_target_id=registration.target_id).first()


def registration_detail(request, token):
    registration = _registration_or_404(token)
    event = _event_for(registration)
    info = engine.describe(registration.target)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "info": info,
            "token": token,
            "can_cancel": registration.status
            in (
                RegistrationStatus.PENDING,
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.OFFERED,
            ),
            "has_ticket": registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED),
            "waitlist_position": _waitlist_position(registration),
        },
    )


def _waitlist_position(registration):
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            target_id=registration.target_id, status=RegistrationStatus.WAITLISTED, pk__lt=registration.pk
        ).count()
        + 1
    )


@require_http_methods(["POST"])
def cancel_registration(request, token):
    registration = _registration_or_404(token)
    try:
        engine.cancel(registration, by="self")
        messages.success(request, _("报名已取消。感谢您告知，名额将留给候补的朋友。"))
    except engine.RegistrationRefused as refused:
        messages.error(request, refused.message)
    return redirect(registration_path(registration))


@require_http_methods(["POST"])
def claim_registration(request, token):
    registration = _registration_or_404(token)
    try:
        engine.claim_offer(registration)
        messages.success(request, _("已确认参加，电子票已发送到您的邮箱。"))
    except engine.RegistrationRefused as refused:
        messages.error(request, refused.message)
    return redirect(registration_path(registration))


def ticket_qr(request, token):
    registration = _registration_or_404(token)
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED):
        raise Http404
    response = HttpResponse(ticket_qr_png(registration.ticket_code), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("target", "target__event_page")
        .order_by("-created_at")
    )
    rows = [
        {"registration": r, "url": registration_path(r), "token": registration_token(r)}
        for r in registrations
    ]
    return render(request, "events/my_registrations.html", {"rows": rows})
