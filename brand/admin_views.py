"""The request inbox in the Wagtail admin (服务需求): list with filters, one request with its whole history
(internal notes included), assignment, replies, status changes, notes; CSV/XLSX export with the contact
permission and an audit row (core.ExportRecord); the dashboard panel's numbers."""

import statistics
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import safe_cell, table_response
from core.models import EXPORT_FORMATS, ExportRecord

from . import inbox
from .models.requests import OPEN_STATUSES, RequestKind, RequestStatus, ServiceProvider
from .staff import can_answer, can_see_contact, can_use_inbox, inbox_scope, visible_requests

S = RequestStatus


def _require_inbox(request):
    if not can_use_inbox(request.user):
        raise PermissionDenied


def staff_users():
    """People a request can be assigned to: admin users."""
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")


def filtered(request, queryset):
    """Apply the list's filters from the URL; returns (queryset, the values in use)."""
    values = {}
    kind = request.GET.get("kind", "")
    if kind in RequestKind.values:
        queryset, values["kind"] = queryset.filter(kind=kind), kind
    status = request.GET.get("status", "")
    if status == "open":
        queryset, values["status"] = queryset.filter(status__in=OPEN_STATUSES), status
    elif status in S.values:
        queryset, values["status"] = queryset.filter(status=status), status
    assignee = request.GET.get("assignee", "")
    if assignee == "me":
        queryset, values["assignee"] = queryset.filter(assignee=request.user), assignee
    elif assignee == "none":
        queryset, values["assignee"] = queryset.filter(assignee__isnull=True), assignee
    elif assignee.isdigit():
        queryset, values["assignee"] = queryset.filter(assignee_id=int(assignee)), assignee
    provider = request.GET.get("provider", "")
    if provider.isdigit():
        queryset, values["provider"] = queryset.filter(provider_id=int(provider)), provider
    if request.GET.get("overdue"):
        queryset = queryset.filter(
            status__in=OPEN_STATUSES, first_response_at__isnull=True, due_at__lt=timezone.now()
        )
        values["overdue"] = "1"
    query = request.GET.get("q", "").strip()[:100]
    if query:
        match = (
            Q(topic__icontains=query) | Q(company_name__icontains=query) | Q(contact_name__icontains=query)
        )
        if can_see_contact(request.user):
            match |= Q(mobile__contains=query) | Q(email__icontains=query)
        queryset, values["q"] = queryset.filter(match), query
    return queryset, values


def request_list(request):
    _require_inbox(request)
    scope, provider_ids = inbox_scope(request.user)
    rows, values = filtered(request, visible_requests(request.user))
    rows = rows.select_related("assignee", "provider", "service", "station", "expert", "visit_slot").order_by(
        "-created_at", "-pk"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    providers = ServiceProvider.objects.order_by("name")
    if scope == "providers":
        providers = providers.filter(pk__in=provider_ids)
    return TemplateResponse(
        request,
        "brand/admin/request_list.html",
        {
            "page_obj": page,
            "values": values,
            "query_string": request.GET.urlencode(),
            "kinds": RequestKind.choices,
            "statuses": S.choices,
            "providers": list(providers.values_list("pk", "name")),
            "assignees": [(u.pk, u.get_full_name()) for u in staff_users()] if scope == "all" else [],
            "show_contact": can_see_contact(request.user),
            "now": timezone.now(),
            "formats": list(EXPORT_FORMATS),
        },
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, label=_("负责人"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name()  # one full name


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=())
    body = forms.CharField(
        label=_("给需求方的说明（选填，会发送给对方）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, S(s).label) for s in inbox.TRANSITIONS[current]]


class TextForm(forms.Form):
    body = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写内容。")},
    )


def _visible_or_404(request, pk):
    _require_inbox(request)
    return get_object_or_404(visible_requests(request.user), pk=pk)


def request_detail(request, pk):
    service_request = _visible_or_404(request, pk)
    history = service_request.messages.select_related("author").order_by("created_at", "pk")
    answerable = can_answer(request.user, service_request)
    return TemplateResponse(
        request,
        "brand/admin/request_detail.html",
        {
            "r": service_request,
            "history": history,
            "can_answer": answerable,
            "can_assign": answerable and inbox_scope(request.user)[0] == "all",
            "assign_form": AssignForm(initial={"assignee": service_request.assignee_id}),
            "status_form": StatusForm(current=service_request.status),
            "text_form": TextForm(),
            "show_contact": can_see_contact(request.user),
            "now": timezone.now(),
        },
    )


@require_POST
def request_action(request, pk, action):
    service_request = _visible_or_404(request, pk)
    if not can_answer(request.user, service_request):
        raise PermissionDenied
    try:
        if action == "assign":
            if inbox_scope(request.user)[0] != "all":
                raise PermissionDenied
            form = AssignForm(request.POST)
            if form.is_valid():
                inbox.assign(service_request, form.cleaned_data["assignee"], by=request.user)
                messages.success(request, _("已分派。"))
        elif action == "status":
            form = StatusForm(request.POST, current=service_request.status)
            if form.is_valid():
                inbox.change_status(
                    service_request,
                    form.cleaned_data["status"],
                    by=request.user,
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("状态已更新，已邮件通知需求方。"))
        elif action in ("reply", "note"):
            form = TextForm(request.POST)
            if form.is_valid():
                if action == "reply":
                    inbox.reply(service_request, form.cleaned_data["body"], by=request.user)
                    messages.success(request, _("答复已发送给需求方。"))
                else:
                    inbox.add_note(service_request, form.cleaned_data["body"], by=request.user)
                    messages.success(request, _("内部备注已保存（需求方看不到）。"))
        else:
            raise Http404
        if not form.is_valid():
            messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    except inbox.RequestRefused as refused:
        messages.error(request, refused.message)
    return redirect(reverse("brand_admin:request", args=[service_request.pk]))


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_rows(rows, include_contact):
    header = ["编号", "类型", "状态", "主题", "企业名称", "企业阶段", "联系人"]
    if include_contact:
        header += ["手机号", "邮箱"]
    header += ["服务商", "服务/驿站/专家", "负责人", "提交时间", "答复期限", "首次答复", "办结时间", "评分"]
    result = [header]
    for r in rows:
        offering = r.service or r.station or r.expert
        row = [
            r.reference,
            r.get_kind_display(),
            r.get_status_display(),
            r.topic,
            r.company_name,
            r.get_stage_display(),
            r.contact_name,
        ]
        if include_contact:
            row += [r.mobile, r.email]
        row += [
            r.provider.name if r.provider else "",
            offering.title if offering else "",
            r.assignee.get_full_name() if r.assignee else "",
            _local(r.created_at),
            _local(r.due_at),
            _local(r.first_response_at),
            _local(r.closed_at),
            r.rating or "",
        ]
        result.append([safe_cell(value) for value in row])  # no formulas, no control characters
    return result


def export(request, file_format):
    _require_inbox(request)
    if file_format not in EXPORT_FORMATS:
        raise Http404
    rows, _values = filtered(request, visible_requests(request.user))
    rows = list(
        rows.select_related("assignee", "provider", "service", "station", "expert").order_by(
            "created_at", "pk"
        )
    )
    include_contact = can_see_contact(request.user)
    table = export_rows(rows, include_contact)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = table_response(table, file_format, f"service-requests-{stamp}.{file_format}", "服务需求")
    ExportRecord.objects.create(
        what="服务需求",
        file_format=file_format,
        row_count=len(rows),
        included_internal=include_contact,
        user=request.user,
    )
    return response


def dashboard_numbers(user, now=None, days=30):
    """Open and overdue counts, and the median hours to a first answer per kind over the last `days`."""
    now = now or timezone.now()
    visible = visible_requests(user)
    open_rows = visible.filter(status__in=OPEN_STATUSES)
    overdue = open_rows.filter(first_response_at__isnull=True, due_at__lt=now).count()
    answered = visible.filter(
        created_at__gte=now - timedelta(days=days), first_response_at__isnull=False
    ).values_list("kind", "created_at", "first_response_at")
    hours = {kind: [] for kind in RequestKind.values}
    for kind, created, first in answered:
        hours[kind].append((first - created).total_seconds() / 3600)
    medians = [
        (RequestKind(kind).label, round(statistics.median(values), 1) if values else None, len(values))
        for kind, values in hours.items()
    ]
    longest = (
        max((m for _label, m, _n in medians if m is not None), default=0) or 1
    )  # 0 h medians: no division by 0
    bars = [
        {
            "label": label,
            "hours": m,
            "count": n,
            "width": 0 if m is None else max(2, round(100 * m / longest)),
        }
        for label, m, n in medians
    ]
    return {"open": open_rows.count(), "overdue": overdue, "bars": bars, "days": days}
