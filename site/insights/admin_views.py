"""Staff screens of 一企一档: the company file, follow-ups, 潜力库 tags, the libraries and their exports,
and freezing a quarter. Everything is behind insights.view_company_file."""

from decimal import Decimal

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail import hooks

from core.exports import safe_cell, table_response
from core.models import EXPORT_FORMATS, ExportRecord

from .libraries import LIBRARIES, export_columns, not_followed_up, with_library_columns
from .models import FollowUp, PotentialTag, quarter_of
from .snapshots import freeze_quarter, last_ended_quarter

VIEW = "insights.view_company_file"
EXPORT = "insights.export_company_library"
PER_PAGE = 50


def _company_model():
    return apps.get_model("carriers", "Company")


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["followed_on", "staff_name", "found", "next_step"]
        widgets = {
            "followed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "found": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"found": {"required": _("请填写了解到的情况。")}}

    def clean_followed_on(self):
        day = self.cleaned_data["followed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("跟踪日期不能晚于今天。"))
        return day


class TagForm(forms.Form):
    tag = forms.CharField(label=_("潜力标签"), max_length=40, error_messages={"required": _("请填写标签。")})
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


def services_of(company):
    """What other apps report the company received (events, courses, service requests), newest first."""
    items = [item for provider in hooks.get_hooks("company_services") for item in provider(company)]
    return sorted(items, key=lambda item: str(item.get("date") or ""), reverse=True)


@permission_required(VIEW, raise_exception=True)
def company_file(request, company_id, follow_up_form=None, tag_form=None, status=200):
    company = get_object_or_404(_company_model().objects.select_related("industry"), pk=company_id)
    funding = list(company.funding_rounds.order_by("closed_on"))
    context = {
        "company": company,
        "residencies": list(
            company.residencies.select_related("carrier", "carrier__area").order_by("entered_on")
        ),
        "milestones": list(company.milestones.order_by("reached_on")),
        "funding": funding,
        "funding_total": sum((r.amount_wan for r in funding), Decimal(0)),
        "honours": list(company.honour_records.order_by("awarded_on")),
        "services": services_of(company),
        "follow_ups": list(FollowUp.objects.filter(company=company).select_related("staff")),
        "tags": list(PotentialTag.objects.filter(company=company)),
        "follow_up_form": follow_up_form or FollowUpForm(initial={"staff_name": _display_name(request.user)}),
        "tag_form": tag_form or TagForm(),
        "can_add_follow_up": request.user.has_perm("insights.add_followup"),
        "can_tag": request.user.has_perm("insights.add_potentialtag"),
        "can_edit": request.user.has_perm("carriers.change_company"),
        "page_title": company.name,
        "header_title": f"一企一档 · {company.name}",
    }
    return render(request, "insights/admin/company_file.html", context, status=status)


def _display_name(user):
    return (user.get_full_name() or user.get_username())[:40]


@require_POST
@permission_required(VIEW, raise_exception=True)
@permission_required("insights.add_followup", raise_exception=True)
def add_follow_up(request, company_id):
    company = get_object_or_404(_company_model(), pk=company_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return company_file(request, company_id, follow_up_form=form, status=400)
    follow_up = form.save(commit=False)
    follow_up.company = company
    follow_up.staff = request.user
    follow_up.save()
    messages.success(request, _("已记录季度跟踪。"))
    return redirect("insights_company_file", company.pk)


@require_POST
@permission_required(VIEW, raise_exception=True)
@permission_required("insights.add_potentialtag", raise_exception=True)
def add_tag(request, company_id):
    company = get_object_or_404(_company_model(), pk=company_id)
    form = TagForm(request.POST)
    if not form.is_valid():
        return company_file(request, company_id, tag_form=form, status=400)
    PotentialTag.objects.update_or_create(
        company=company,
        tag=form.cleaned_data["tag"].strip(),
        defaults={"note": form.cleaned_data["note"], "added_by": request.user},
    )
    messages.success(request, _("已加入潜力库。"))
    return redirect("insights_company_file", company.pk)


def _library(slug):
    if slug not in LIBRARIES:
        raise Http404
    return LIBRARIES[slug]


@permission_required(VIEW, raise_exception=True)
def library(request, slug):
    title, description, query = _library(slug)
    companies = with_library_columns(query())
    page = Paginator(companies, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "insights/admin/library.html",
        {
            "slug": slug,
            "libraries": [(key, value[0]) for key, value in LIBRARIES.items()],
            "description": description,
            "page": page,
            "can_export": request.user.has_perm(EXPORT),
            "formats": list(EXPORT_FORMATS),
            "page_title": title,
            "header_title": f"一企一档 · {title}",
        },
    )


@permission_required(VIEW, raise_exception=True)
@permission_required(EXPORT, raise_exception=True)
def library_export(request, slug, file_format):
    title, _description, query = _library(slug)
    if file_format not in EXPORT_FORMATS:
        raise Http404
    columns = export_columns(with_contacts=True)
    companies = list(with_library_columns(query()))
    rows = [[label for label, _get in columns]]
    rows += [[safe_cell(get(company)) for _label, get in columns] for company in companies]
    ExportRecord.objects.create(
        what=f"一企一档：{title}", file_format=file_format, row_count=len(companies), user=request.user
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return table_response(rows, file_format, f"chuangfu-{slug}-{stamp}.{file_format}", title)


@permission_required(VIEW, raise_exception=True)
def not_followed(request):
    year, quarter = quarter_of(timezone.localdate())
    companies = with_library_columns(not_followed_up(year, quarter))
    page = Paginator(companies, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "insights/admin/not_followed.html",
        {
            "page": page,
            "quarter": f"{year}年第{quarter}季度",
            "page_title": "本季度未跟踪",
            "header_title": f"一企一档 · {year}年第{quarter}季度尚未跟踪的在孵企业",
        },
    )


@require_POST
@permission_required("insights.add_quartersnapshot", raise_exception=True)
def freeze(request):
    year, quarter = last_ended_quarter()
    snapshot, created = freeze_quarter(year, quarter, user=request.user, source="admin")
    if created:
        messages.success(request, _("已冻结%(q)s的计划进度数据。") % {"q": snapshot.label})
    else:
        messages.info(request, _("%(q)s此前已冻结，数据未改动。") % {"q": snapshot.label})
    return redirect("insights_overview")


@permission_required(VIEW, raise_exception=True)
def overview(request):
    from .figures import compute_figures
    from .models import QuarterSnapshot

    return render(
        request,
        "insights/admin/overview.html",
        {
            "figures": compute_figures(),
            "snapshots": QuarterSnapshot.objects.order_by("-year", "-quarter"),
            "last_ended": "{}Q{}".format(*last_ended_quarter()),
            "can_freeze": request.user.has_perm("insights.add_quartersnapshot"),
            "can_annotate": request.user.has_perm("insights.change_quartersnapshot"),
            "libraries": [(key, value[0]) for key, value in LIBRARIES.items()],
            "page_title": "计划进度",
            "header_title": "一企一档 · 计划进度与季度快照",
        },
    )
