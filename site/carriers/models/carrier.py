"""One incubation carrier (a page): profile, location, platforms, gallery, and figures from the company library.

Coordinates are stored in WGS-84 (the GPS / 天地图 CGCS2000 system). When the map draws on 高德 tiles
(GCJ-02), the GeoJSON endpoint shifts points on the way out (see map_config.py); the database never holds
shifted coordinates.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import Area, PudongLocation

from ..figures import figures_of, with_figures
from .companies import Residency
from .taxonomies import CarrierLevel, CarrierType, Industry, PlatformKind


class CarrierPage(PudongLocation, Page):  # noqa: DJ008 - Page provides __str__
    """One incubation carrier: profile, location, platforms, gallery, and figures from the company library."""

    # Read with the page when a URL routes to it (core/public_pages.py): the page's own template shows them.
    serve_select_related = ("area",)
    serve_terms = ("levels", "industries")  # read with the page on PostgreSQL (core.terms)

    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    carrier_type = models.CharField(_("载体类型"), max_length=20, choices=CarrierType.choices)
    levels = ParentalManyToManyField(CarrierLevel, blank=True, verbose_name=_("级别"))
    area = models.ForeignKey(
        Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="carriers"
    )
    industries = ParentalManyToManyField(Industry, blank=True, verbose_name=_("产业领域"))
    summary = models.TextField(_("简介"), max_length=600, blank=True)
    space_sqm = models.PositiveIntegerField(_("孵化面积（平方米）"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("成立年份"), null=True, blank=True, validators=[MinValueValidator(1980), MaxValueValidator(2100)]
    )
    operator = models.CharField(_("运营主体"), max_length=120, blank=True)
    services = models.TextField(_("服务内容"), blank=True, help_text=_("每行一项，例如：投融资对接"))
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    featured = models.BooleanField(_("首页推荐"), default=False)
    # Editor-entered figures, used only while the company library has no records for this carrier.
    reported_incubating = models.PositiveIntegerField(_("在孵企业数（上报）"), null=True, blank=True)
    reported_graduated = models.PositiveIntegerField(_("毕业企业数（上报）"), null=True, blank=True)
    reported_hightech = models.PositiveIntegerField(_("高新技术企业数（上报）"), null=True, blank=True)
    # Kept in step with the platforms on save, so the listing can filter without a join.
    has_open_platform = models.BooleanField(_("有开放技术平台"), default=False, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("short_name"),
                FieldPanel("carrier_type"),
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("area"),
                FieldPanel("industries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("featured"),
            ],
            _("分类"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("space_sqm"), FieldPanel("founded_year")]),
                FieldPanel("operator"),
                FieldPanel("services"),
            ],
            _("基本情况"),
        ),
        InlinePanel("platforms", label=_("技术平台")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
                FieldPanel("contact_email"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            _("联系方式与位置"),
        ),
        InlinePanel("gallery_images", label=_("图集")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("reported_incubating"),
                        FieldPanel("reported_graduated"),
                        FieldPanel("reported_hightech"),
                    ]
                ),
            ],
            _("上报数据（企业库有该载体数据时以企业库为准）"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_name", boost=2),
        index.SearchField("summary"),
        index.SearchField("operator"),
        index.FilterField("carrier_type"),
    ]
    search_fallback_fields = ["short_name", "summary", "operator", "address"]

    parent_page_types = ["carriers.CarrierIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("孵化载体")
        verbose_name_plural = _("孵化载体")

    def save(self, *args, **kwargs):
        self.has_open_platform = any(p.is_open for p in self.platforms.all())
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.short_name or self.title

    def service_list(self):
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    def figures(self):
        return figures_of(with_figures(CarrierPage.objects.filter(pk=self.pk)).get())

    def public_companies(self):
        """Public companies with a residency here, current ones first."""
        return (
            Residency.objects.filter(carrier=self, company__is_public=True)
            .select_related("company", "company__industry")
            .order_by(models.F("left_on").desc(nulls_first=True), "company__name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = self.figures()
        context["residencies"] = list(self.public_companies())
        context["platforms"] = list(self.platforms.all())
        context["gallery"] = list(self.gallery_images.select_related("image"))
        return context


class TechnologyPlatform(Orderable):
    carrier = ParentalKey(CarrierPage, related_name="platforms", on_delete=models.CASCADE)
    name = models.CharField(_("平台名称"), max_length=80)
    kind = models.CharField(
        _("类别"), max_length=20, choices=PlatformKind.choices, default=PlatformKind.OTHER
    )
    is_open = models.BooleanField(_("对外开放"), default=False, help_text=_("区内其他企业可预约使用"))

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("is_open")]

    class Meta(Orderable.Meta):
        verbose_name = _("技术平台")
        verbose_name_plural = _("技术平台")

    def __str__(self):
        return self.name


class CarrierGalleryImage(Orderable):
    carrier = ParentalKey(CarrierPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("图注"), max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
