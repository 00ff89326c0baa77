"""Admin: the 一图一库 menu (company library, taxonomies, XLSX import/export) and the home page slot."""

from django.db import connection
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.index_pages import first_public_page
from core.models import Area
from core.terms import annotate_serve_terms

from . import admin_views
from .models import CarrierIndexPage, CarrierLevel, CarrierPage, Company, Industry


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "group"
    menu_label = _("企业库")
    list_display = ["name", "industry", "stage", BooleanColumn("is_hightech"), BooleanColumn("is_public")]
    list_filter = ["industry", "stage", "is_hightech", "is_specialised", "is_little_giant", "is_public"]
    search_fields = ["name", "credit_code"]
    ordering = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("区域")
    list_display = ["name", "slug", "sort_order"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("产业领域")
    list_display = ["name", "slug", BooleanColumn("is_future"), "sort_order"]


class CarrierLevelViewSet(SnippetViewSet):
    model = CarrierLevel
    icon = "pick"
    menu_label = _("载体级别")
    list_display = ["name", "slug", "sort_order"]


class ImportExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


class LibraryGroup(SnippetViewSetGroup):
    items = (CompanyViewSet, AreaViewSet, IndustryViewSet, CarrierLevelViewSet)
    menu_icon = "site"
    menu_label = _("一图一库")
    menu_name = "carriers"
    menu_order = 250

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            ImportExportMenuItem(
                _("导入导出 XLSX"), reverse("carriers_import"), icon_name="download", order=900
            )
        )
        return items


register_snippet(LibraryGroup)


@hooks.register("register_admin_urls")
def register_import_export_urls():
    return [
        path("carriers/import/", admin_views.import_view, name="carriers_import"),
        path("carriers/import/<int:job_id>/", admin_views.import_job_view, name="carriers_import_job"),
        path("carriers/export/<int:index_page_id>/", admin_views.export_view, name="carriers_export"),
    ]


@hooks.register("home_featured_carriers")
def featured_carriers(count):
    """Home page slot: carriers editors marked 首页推荐, then 高峰 and 高原 carriers."""
    from .figures import with_figures
    from .filters import Taxonomy
    from .views import prepare_cards

    # Their levels and industries come with them on PostgreSQL (core.terms), else in one more query.
    live = annotate_serve_terms(with_figures(CarrierPage.objects.live().public()), CarrierPage, connection)
    carriers = list(live.filter(featured=True).order_by("path")[:count])
    if len(carriers) < count:
        carriers += list(
            live.filter(levels__slug__in=["gaofeng", "gaoyuan"])
            .exclude(pk__in=[c.pk for c in carriers])
            .distinct()
            .order_by("path")[: count - len(carriers)]
        )
    index = first_public_page(CarrierIndexPage)
    return {
        "items": prepare_cards(carriers, Taxonomy.load()) if carriers else [],
        "more_url": index.url if index else None,
    }


@hooks.register("area_links")
def carriers_in_area(area, request=None):
    """A link to the carriers of an area, for pages about a place there (e.g. a 创孵驿站)."""
    index = first_public_page(CarrierIndexPage)
    if index is None or area is None:
        return []
    return [
        {
            "url": f"{index.get_url(request)}?area={area.slug}",
            "label": _("%(area)s的孵化载体") % {"area": area.name},
        }
    ]


@hooks.register("map_component")
def carriers_map_component():
    """The carriers map for other apps' places (创孵驿站): its browser config (the same tile setting) and the
    point conversion that setting needs (WGS-84 → GCJ-02 on 高德 tiles)."""
    from . import map_config

    convert = map_config.wgs84_to_gcj02 if map_config.current_provider()["crs"] == "gcj02" else None
    return {"config": map_config.browser_config(), "convert": convert}
