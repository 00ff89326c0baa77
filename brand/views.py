"""Public request views: the form's POST from a brand/catalogue page, the requester's signed-link page and
its actions (message, withdraw, rate), and a 云超 provider's public page."""

import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.db.models import Avg, Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.models import Page

from registrations import ratelimit
from registrations.views import csrf_passed

from . import inbox
from .forms import MessageForm, RatingForm
from .links import request_from_token, request_path, request_token
from .models import (
    ExpertPage,
    RequestKind,
    RequestMessage,
    ServicePage,
    ServiceProvider,
    ServiceRequest,
    StationPage,
)
from .models.catalog import request_form_for

MIN_RATINGS_SHOWN = 3  # a provider's average is shown once it has this many ratings


def _private(response):
    add_never_cache_headers(response)
    return response


def rate_limited(request):
    """True when this address sent more requests than BRAND_REQUEST_RATE_LIMIT allows in the window."""
    limit, window = getattr(settings, "BRAND_REQUEST_RATE_LIMIT", (10, 600))
    now = int(time.time())
    return ratelimit.count_hit(f"brand:{ratelimit.client_ip(request)}", now - now % window, now) > limit


@csrf_exempt
@require_POST
def submit_request(request, page_id):
    """The request form's POST, with the CSRF check made here: a POST without a valid token (JavaScript off
    on a cached page) saves nothing and shows the form again with the answers, to be confirmed once more."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    form = request_form_for(page, request, request.POST) if hasattr(page, "request_kind") else None
    if form is None:
        raise Http404
    if not csrf_passed(request):
        return _confirm_request(request, page)
    if rate_limited(request):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请 10 分钟后再试。"))
        return _page_with_form(request, page, form, status=429)
    if form.is_spam:
        # Bots get an answer that looks normal, and nothing is saved.
        return TemplateResponse(request, "brand/request_spam.html", {"page": page})
    if not form.is_valid():
        return _page_with_form(request, page, form, status=400)
    data = form.cleaned_data
    sub = inbox.Submission(
        kind=form.kind,
        topic=data["topic"],
        company_name=data["company_name"],
        stage=data["stage"],
        need=data["need"],
        contact_name=data["contact_name"],
        mobile=data["mobile"],
        email=data["email"],
        user=request.user,
    )
    if isinstance(page, ExpertPage):
        sub.expert = page
    elif data.get("expert"):
        sub.expert = ExpertPage.objects.live().public().child_of(page).filter(pk=data["expert"]).first()
    if isinstance(page, ServicePage):
        sub.service = page
    if form.kind == RequestKind.VISIT:
        sub.station = page
        sub.visit_date, sub.visit_half, sub.visitors = (
            data["visit_date"],
            data["visit_half"],
            data["visitors"],
        )
    try:
        service_request, created = inbox.submit(sub, submission_key=data.get("submission_key", ""))
    except inbox.RequestRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return _page_with_form(request, page, form, status=400)
    if created:
        messages.success(request, _("需求已提交。我们已向您的邮箱发送确认邮件，可凭本页链接随时查看进度。"))
    return redirect(request_path(service_request))


def _page_with_form(request, page, form, status, **flags):
    """The page again with this person's form: their answers, their own CSRF token and key, never stored."""
    context = page.get_context(request)
    context.update(request_form=form, request_form_shared=False, request_form_has_errors=True, **flags)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return _private(response)


def _confirm_request(request, page):
    data = request.POST.copy()
    if not data.get("submission_key"):
        data["submission_key"] = uuid.uuid4().hex
    form = request_form_for(page, request, data)
    return _page_with_form(request, page, form, status=200, request_form_confirm=True)


def _request_or_404(token):
    service_request = request_from_token(token)
    if service_request is None:
        raise Http404
    return service_request


def request_detail(request, token, message_form=None, rating_form=None, status=200):
    service_request = _request_or_404(token)
    history = service_request.messages.filter(RequestMessage.PUBLIC).order_by("created_at", "pk")
    context = {
        "service_request": service_request,
        "history": list(history),
        "token": token,
        "message_form": message_form or MessageForm(),
        "rating_form": rating_form or RatingForm(),
        "offering": service_request.service or service_request.station or service_request.expert,
    }
    return _private(render(request, "brand/request_detail.html", context, status=status))


@require_POST
def add_message(request, token):
    service_request = _request_or_404(token)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return request_detail(request, token, message_form=form, status=400)
    try:
        inbox.add_requester_message(service_request, form.cleaned_data["body"])
        messages.success(request, _("补充说明已发送。"))
    except inbox.RequestRefused as refused:
        messages.error(request, refused.message)
    return redirect(request_path(service_request))


@require_POST
def withdraw_request(request, token):
    service_request = _request_or_404(token)
    try:
        inbox.withdraw(service_request)
        messages.success(request, _("需求已撤回。"))
    except inbox.RequestRefused as refused:
        messages.error(request, refused.message)
    return redirect(request_path(service_request))


@require_POST
def rate_request(request, token):
    service_request = _request_or_404(token)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return request_detail(request, token, rating_form=form, status=400)
    try:
        inbox.rate(service_request, form.cleaned_data["rating"], form.cleaned_data["comment"])
        messages.success(request, _("感谢您的评价！"))
    except inbox.RequestRefused as refused:
        messages.error(request, refused.message)
    return redirect(request_path(service_request))


def provider_ratings(providers):
    """{provider id: (count, average)} over rated requests, in one query."""
    rows = (
        ServiceRequest.objects.filter(provider__in=providers, rating__isnull=False)
        .values("provider")
        .annotate(n=Count("pk"), avg=Avg("rating"))
    )
    return {row["provider"]: (row["n"], row["avg"]) for row in rows}


def provider_detail(request, slug):
    provider = get_object_or_404(ServiceProvider.objects.prefetch_related("service_areas"), slug=slug)
    services = list(
        ServicePage.objects.live()
        .public()
        .filter(service_provider=provider)
        .select_related("category", "service_provider")
        .prefetch_related("areas")
        .order_by("path")
    )
    rated = ServiceRequest.objects.filter(provider=provider, rating__isnull=False)
    summary = rated.aggregate(n=Count("pk"), avg=Avg("rating"))
    comments = rated.exclude(rating_comment="").order_by("-rated_at")[:10]
    return render(
        request,
        "brand/provider_detail.html",
        {
            "provider": provider,
            "services": services,
            "rating_count": summary["n"],
            "rating_average": summary["avg"] if summary["n"] >= MIN_RATINGS_SHOWN else None,
            "min_ratings": MIN_RATINGS_SHOWN,
            "comments": comments if summary["n"] >= MIN_RATINGS_SHOWN else [],
        },
    )


def my_requests(user):
    """我的创孵: the person's requests, newest first, with their signed links."""
    rows = (
        ServiceRequest.objects.filter(user=user).select_related("visit_slot").order_by("-created_at", "-pk")
    )
    return [{"request": row, "token": request_token(row)} for row in rows]


def map_component():
    """The carriers app's map (config and point conversion) through the `map_component` hook, or None."""
    for fn in hooks.get_hooks("map_component"):
        return fn()
    return None


def station_geojson(request):
    """创孵驿站 as GeoJSON for the map on the station listing (same `area` filter) or one station page."""
    stations = StationPage.objects.live().public().select_related("area").order_by("path")
    area = request.GET.get("area", "")
    if area:
        stations = stations.filter(area__slug=area)
    station = request.GET.get("station", "")
    if station.isdigit():
        stations = stations.filter(pk=int(station))
    component = map_component()
    convert = component["convert"] if component else None
    features = []
    for page in stations:
        if page.latitude is None or page.longitude is None:
            continue
        lat, lng = float(page.latitude), float(page.longitude)
        if convert:
            lat, lng = convert(lat, lng)
        features.append(
            {
                "type": "Feature",
                "id": page.pk,
                "geometry": {"type": "Point", "coordinates": [round(lng, 6), round(lat, 6)]},
                "properties": {
                    "name": page.title,
                    "url": page.get_url(request),
                    "type": _("创孵驿站"),
                    "area": page.area.name,
                    "link_label": _("查看驿站详情"),
                },
            }
        )
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
