"""Admin: the lists the brand catalogues filter by (专业领域, 服务类别), under one 服务品牌 menu."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import BrandPage, ExpertiseField, ServiceCategory, ServiceProvider, ServiceRequest
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
    """The home page's 五大服务品牌 section, when the editor picked none: every live brand page in tree order."""
    return list(BrandPage.objects.live().public().order_by("path"))


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
