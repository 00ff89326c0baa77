"""一图一库's landing page: the filtered list and map of carriers, their GeoJSON, and the company library.
Its routes call into carriers.views, which never imports this module back."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from ..views import carrier_geojson, carrier_index, company_library


class CarrierIndexPage(RoutablePageMixin, Page):
    """一图一库: the filtered list and map of carriers, their GeoJSON, and the company library."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=12)
    library_intro = models.TextField(_("企业库导语"), blank=True, max_length=500)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("per_page"),
        FieldPanel("library_intro"),
    ]
    subpage_types = ["carriers.CarrierPage"]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("孵化载体列表页")
        verbose_name_plural = _("孵化载体列表页")

    @path("")
    def index_route(self, request):
        return carrier_index(self, request)

    @path("geojson/", name="geojson")
    def geojson_route(self, request):
        return carrier_geojson(self, request)

    @path("companies/", name="companies")
    def companies_route(self, request):
        return company_library(self, request)

    def get_sitemap_urls(self, request=None):
        """The landing page and its company library (a route, which Wagtail's sitemap cannot see)."""
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + self.reverse_subpage("companies")})
        return urls
