"""Admin: the lists the brand catalogues filter by (专业领域, 服务类别), under one 服务品牌 menu."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.index_pages import public_pages

from . import admin_views, inbox
from .company_services import service_requests  # noqa: F401 - registers the `company_services` hook
from .models import BrandPage, ExpertiseField, ServiceCategory, ServiceProvider, ServiceRequest
from .staff import can_use_inbox
from .views import my_requests


class ExpertiseFieldViewSet(SnippetViewSet):
    model = ExpertiseField
    icon = "tag"
    menu_label = _("专业领域（智询专家）")
    list_display = ["name", "slug", "sort_order"]


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "list-ul"
    menu_label = _("服务类别（双创云超）")
    list_display = ["name", "slug", "sort_order"]


class ServiceProviderViewSet(SnippetViewSet):
    model = ServiceProvider
    icon = "group"
    menu_label = _("云超服务商")
    list_display = ["name", "slug", "contact_phone"]


class BrandCatalogGroup(SnippetViewSetGroup):
    items = (ExpertiseFieldViewSet, ServiceCategoryViewSet, ServiceProviderViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("服务品牌")
    menu_name = "brand"
    menu_order = 260


register_snippet(BrandCatalogGroup)


@hooks.register("home_brand_pages")
def home_brand_pages():
    """The home page's 五大服务品牌 section, when the editor picked none: every live brand page in tree order
    (from the shared cache: core/index_pages.py)."""
    return list(public_pages(BrandPage))


# The accounts app's hook points (see accounts/hooks.py); brand never imports accounts.


@hooks.register("account_dashboard_sections")
def my_requests_section(request):
    return [
        {
            "title": _("我的服务需求"),
            "template": "brand/dashboard_section.html",
            "context": {"rows": my_requests(request.user)},
            "order": 55,
        }
    ]


@hooks.register("account_data_export")
def requests_data(user):
    return {
        "service_requests": [
            {
                "kind": r.kind,
                "topic": r.topic,
                "status": r.status,
                "company_name": r.company_name,
                "need": r.need,
                "created_at": r.created_at.isoformat(),
                "rating": r.rating,
            }
            for r in ServiceRequest.objects.filter(user=user)
        ]
    }


@hooks.register("account_deleting")
def forget_requests(user):
    inbox.forget_account(user)


@hooks.register("account_email_verified")
def attach_guest_requests(user):
    inbox.attach_guest_requests(user)


# The request inbox (服务需求): its admin views, menu item, permissions and dashboard panel.

admin_urlpatterns = [
    path("", admin_views.request_list, name="requests"),
    path("<int:pk>/", admin_views.request_detail, name="request"),
    path("<int:pk>/<str:action>/", admin_views.request_action, name="action"),
    path("export.<str:file_format>", admin_views.export, name="export"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("service-requests/", include((admin_urlpatterns, "brand_admin"), namespace="brand_admin"))]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_inbox(request.user)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("服务需求"), reverse("brand_admin:requests"), icon_name="mail", order=255)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="brand",
        codename__in=["view_servicerequest", "change_servicerequest", "view_servicerequest_contact"],
    )


class RequestsPanel(Component):
    """Dashboard: open and overdue requests, median hours to a first answer per kind (last 30 days)."""

    name = "service_requests"
    template_name = "brand/admin/dashboard_panel.html"
    order = 110

    def __init__(self, numbers):
        self.numbers = numbers

    def get_context_data(self, parent_context):
        return {"numbers": self.numbers}


@hooks.register("construct_homepage_panels")
def add_requests_panel(request, panels):
    if can_use_inbox(request.user):
        panels.append(RequestsPanel(admin_views.dashboard_numbers(request.user)))
