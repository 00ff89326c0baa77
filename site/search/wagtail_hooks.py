"""Search statistics in the admin (报告 → 搜索统计): popular queries and the queries that found nothing in
the last 30 days, so editors can add a synonym or pin a page (设置 → 推荐搜索结果)."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import querylog

DAYS = 30


def query_report(request):
    if not request.user.has_perm("search.view_queryday"):
        raise PermissionDenied
    querylog.flush()
    popular, nothing = querylog.report(days=DAYS, limit=50)
    return TemplateResponse(
        request, "search/admin/query_report.html", {"popular": popular, "nothing": nothing, "days": DAYS}
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search-queries/", query_report, name="search_query_report")]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_queryday")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return QueryReportMenuItem(
        _("搜索统计"),
        reverse("search_query_report"),
        name="search-query-report",
        icon_name="search",
        order=1290,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="search", codename="view_queryday")
