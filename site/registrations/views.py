"""Public views of one registration, reached by its signed link (also from 我的创孵 when logged in):
status and e-ticket, cancel, claim a waitlist offer, the QR image. The owner's page handles the form itself."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worker.mail import queue_mail

from . import engine, ratelimit
from .forms import LostMailForm
from .links import registration_from_token, registration_path
from .mails import lookup_registrations
from .models import Registration, RegistrationStatus
from .owners import describe, owner_of, target_with_owner
from .tickets import ticket_qr_png

CANCELLABLE = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
)
TICKET_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


def _private(response):
    """Pages about one person are never stored by a browser's or proxy's shared cache."""
    add_never_cache_headers(response)
    return response


def _registration_or_404(token):
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def registration_detail(request, token):
    return _detail(request, _registration_or_404(token), token)


def _detail(request, registration, token):
    return _private(
        render(
            request,
            "registrations/registration_detail.html",
            {
                "registration": registration,
                "info": describe(registration.target),
                "token": token,
                "can_cancel": registration.status in CANCELLABLE,
                "has_ticket": registration.status in TICKET_STATUSES,
                "waitlist_position": _waitlist_position(registration),
            },
        )
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


@require_GET
def form_key(request):
    """What a cached page's registration form lacks: this visitor's CSRF token and a fresh submission key
    (theme/static/theme/js/forms.js fills them in before the form is sent). Never stored by any cache."""
    return _private(JsonResponse({"csrf": get_token(request), "key": uuid.uuid4().hex}))


def csrf_passed(request):
    """True when the POST carries a valid CSRF token (for views that are csrf_exempt to answer a failure
    themselves: the registration and brand request forms of cached pages)."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


@csrf_exempt
@require_POST
def submit(request, target_id):
    """The registration form's POST, keyed by target: no page routing, and the CSRF check made here.

    A POST without a valid token (JavaScript off on a cached page) saves nothing: the owner shows the form
    again with the person's answers, this visitor's own token and key, and asks them to confirm."""
    target = target_with_owner(target_id)
    owner = owner_of(target) if target is not None else None
    handler = getattr(owner, "registration_post", None)
    if handler is None:
        raise Http404
    return _private(handler(request, confirmed=csrf_passed(request)))


@require_http_methods(["POST"])
def cancel_registration(request, token):
    registration = _registration_or_404(token)
    try:
        engine.cancel(registration, by="self")
        messages.success(request, _("报名已取消。感谢您告知，名额将留给候补的朋友。"))
    except engine.RegistrationRefused as refused:
        messages.error(request, refused.message)
    # 我的创孵 cancels from its list and wants to come back to it.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(next_url)  # redirect() would look text without a slash up as a URL name
    return redirect(registration_path(registration))


@require_http_methods(["GET", "POST"])
def claim_registration(request, token):
    """The offer mail's link: GET shows the offer, its deadline and the one button that claims it (POST)."""
    registration = _registration_or_404(token)
    if request.method == "GET":
        return _detail(request, registration, token)
    try:
        engine.claim_offer(registration)
        messages.success(request, _("已确认参加，电子票已发送到您的邮箱。"))
    except engine.RegistrationRefused as refused:
        messages.error(request, refused.message)
    return redirect(registration_path(registration))


def ticket_qr(request, token):
    registration = _registration_or_404(token)
    if registration.status not in TICKET_STATUSES:
        raise Http404
    response = HttpResponse(ticket_qr_png(registration.ticket_code), content_type="image/png")
    return _private(response)


def my_registrations(request):
    """Moved into 我的创孵 (the account dashboard, LOGIN_REDIRECT_URL); old links land there."""
    return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))


def registration_ics(request, token):
    """The owner's calendar file, for people whose registration holds a seat."""
    registration = _registration_or_404(token)
    info = describe(registration.target)
    if registration.status not in TICKET_STATUSES or not info.ics:
        raise Http404
    response = HttpResponse(info.ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registration-{registration.ticket_code}.ics"'
    return _private(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def lost_mail(request):
    """找回报名: mail signed links to an address's registrations. The answer never says whether the address
    is known; each request counts against a per-IP limit and each mail against a per-address one.

    The page is the same for every anonymous reader, so it is cacheable: its form has no CSRF token, which
    forms.js fetches from /registration/form-key/ before sending. A POST without a valid token sends nothing
    and counts against no limit: the form comes back with the address kept and this visitor's own token."""
    form = LostMailForm(request.POST or None)
    if request.method == "POST":
        if not csrf_passed(request):
            context = {"form": form, "confirm": True}
            return _private(render(request, "registrations/lookup.html", context))
        if not ratelimit.lookup_allowed(request):
            return _private(
                render(request, "registrations/lookup.html", {"form": form, "limited": True}, status=429)
            )
        if form.is_valid():
            email = form.cleaned_data["email"]
            with transaction.atomic():
                if lookup_registrations(email) and ratelimit.lookup_mail_allowed(email):
                    queue_mail("registrations.mails.lookup_message", email, recipient=email)
            return redirect(reverse("registrations:lookup") + "?sent=1")
        return _private(render(request, "registrations/lookup.html", {"form": form}))
    # No token in the page: a cached copy must never carry one visitor's token to another.
    context = {"form": form, "sent": request.GET.get("sent") == "1", "shared": True}
    return render(request, "registrations/lookup.html", context)
