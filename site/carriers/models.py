"""一图一库: incubation carriers (pages), their taxonomies, and the company library.

Coordinates are stored in WGS-84 (the GPS / 天地图 CGCS2000 system). When the map draws on 高德 tiles
(GCJ-02), the GeoJSON endpoint shifts points on the way out (see map_config.py); the database never holds
shifted coordinates.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import Area, PudongLocation, Taxonomy


class CarrierType(models.TextChoices):
    INCUBATOR = "incubator", _("孵化器")
    ACCELERATOR = "accelerator", _("加速器")
    MAKERSPACE = "makerspace", _("众创空间")
    GOI = "goi", _("大企业开放创新中心")
    POC = "poc", _("概念验证中心")
    PILOT = "pilot", _("中试平台")
    TRANSFER = "transfer", _("高校院所成果转移工作站")
    SPECIALISED = "specialised", _("专业孵化器")


class CompanyStage(models.TextChoices):
    ENTERING = "entering", _("入孵")
    INCUBATING = "incubating", _("在孵")
    GRADUATED = "graduated", _("毕业")
    ACCELERATING = "accelerating", _("加速")


class Honour(models.TextChoices):
    HIGHTECH = "hightech", _("高新技术企业")
    SPECIALISED = "specialised", _("专精特新")
    LITTLE_GIANT = "little_giant", _("小巨人")


HONOUR_FIELDS = {
    Honour.HIGHTECH: "is_hightech",
    Honour.SPECIALISED: "is_specialised",
    Honour.LITTLE_GIANT: "is_little_giant",
}


class CarrierLevel(Taxonomy):
    """高峰 / 高原 / 市级 / 国家级: a carrier may hold several."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("载体级别")
        verbose_name_plural = _("载体级别")


class Industry(Taxonomy):
    is_future = models.BooleanField(_("未来产业"), default=False)

    panels = [*Taxonomy.panels, FieldPanel("is_future")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("产业领域")
        verbose_name_plural = _("产业领域")


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
        from .views import carrier_index

        return carrier_index(self, request)

    @path("geojson/", name="geojson")
    def geojson_route(self, request):
        from .views import carrier_geojson

        return carrier_geojson(self, request)

    @path("companies/", name="companies")
    def companies_route(self, request):
        from .views import company_library

        return company_library(self, request)


class CarrierPage(PudongLocation, Page):  # noqa: DJ008 - Page provides __str__
    """One incubation carrier: profile, location, platforms, gallery, and figures from the company library."""

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
        from .figures import figures_of, with_figures

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


class PlatformKind(models.TextChoices):
    TESTING = "testing", _("检验检测")
    RND = "rnd", _("研发设计")
    PILOT = "pilot", _("中试验证")
    COMPUTE = "compute", _("算力与数据")
    EQUIPMENT = "equipment", _("仪器设备共享")
    OTHER = "other", _("其他")


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


class PublicCompanyQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Company(index.Indexed, ClusterableModel):
    """A company in the library. Fields under "staff only" never leave the admin (see PUBLIC_FIELDS)."""

    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, help_text=_("18位，导入时用于识别同一企业")
    )
    name = models.CharField(_("企业名称"), max_length=120)
    industry = models.ForeignKey(
        Industry, verbose_name=_("产业领域"), on_delete=models.PROTECT, related_name="companies"
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=CompanyStage.choices, default=CompanyStage.INCUBATING
    )
    is_hightech = models.BooleanField(_("高新技术企业"), default=False)
    is_specialised = models.BooleanField(_("专精特新"), default=False)
    is_little_giant = models.BooleanField(_("小巨人"), default=False)
    founded_year = models.PositiveSmallIntegerField(_("成立年份"), null=True, blank=True)
    profile = models.TextField(_("企业简介"), max_length=400, blank=True)
    website = models.URLField(_("网站"), blank=True)
    is_public = models.BooleanField(_("公开展示"), default=True, help_text=_("取消勾选则仅在后台可见"))
    # Staff only: never rendered on the site, exported publicly, or sent to the search index.
    staff_financing = models.TextField(_("融资情况（内部）"), blank=True)
    staff_contact_name = models.CharField(_("企业联系人（内部）"), max_length=40, blank=True)
    staff_contact_phone = models.CharField(_("联系电话（内部）"), max_length=40, blank=True)
    staff_notes = models.TextField(_("备注（内部）"), blank=True)

    objects = PublicCompanyQuerySet.as_manager()

    PUBLIC_FIELDS = (
        "credit_code",
        "name",
        "industry",
        "stage",
        "is_hightech",
        "is_specialised",
        "is_little_giant",
        "founded_year",
        "profile",
        "website",
    )
    STAFF_FIELDS = ("staff_financing", "staff_contact_name", "staff_contact_phone", "staff_notes")

    panels = [
        FieldPanel("name"),
        FieldPanel("credit_code"),
        FieldRowPanel([FieldPanel("industry"), FieldPanel("stage"), FieldPanel("founded_year")]),
        FieldRowPanel(
            [FieldPanel("is_hightech"), FieldPanel("is_specialised"), FieldPanel("is_little_giant")]
        ),
        FieldPanel("profile"),
        FieldPanel("website"),
        FieldPanel("is_public"),
        InlinePanel("residencies", label=_("入驻记录")),
        MultiFieldPanel(
            [
                FieldPanel("staff_financing"),
                FieldRowPanel([FieldPanel("staff_contact_name"), FieldPanel("staff_contact_phone")]),
                FieldPanel("staff_notes"),
            ],
            _("内部信息（仅工作人员可见，不公开、不导出到网站、不进入搜索）"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("is_public"),
    ]
    search_fallback_fields = ["name", "profile"]

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业库")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def honours(self):
        return [label for value, label in Honour.choices if getattr(self, HONOUR_FIELDS[value])]


class LeftReason(models.TextChoices):
    GRADUATED = "graduated", _("毕业")
    MOVED = "moved", _("迁出")


class Residency(Orderable):
    """A company's stay at a carrier. A company that moves has one row per carrier, in date order."""

    company = ParentalKey(Company, related_name="residencies", on_delete=models.CASCADE)
    carrier = models.ForeignKey(
        CarrierPage, verbose_name=_("孵化载体"), on_delete=models.CASCADE, related_name="residencies"
    )
    entered_on = models.DateField(_("入驻日期"))
    left_on = models.DateField(_("毕业/迁出日期"), null=True, blank=True)
    left_reason = models.CharField(_("离开原因"), max_length=20, choices=LeftReason.choices, blank=True)

    panels = [
        FieldPanel("carrier"),
        FieldRowPanel([FieldPanel("entered_on"), FieldPanel("left_on"), FieldPanel("left_reason")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("入驻记录")
        verbose_name_plural = _("入驻记录")
        indexes = [models.Index(fields=["carrier", "left_on"])]

    def __str__(self):
        return f"{self.company} @ {self.carrier}"

    @property
    def is_current(self):
        return self.left_on is None

    def clean(self):
        super().clean()
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            raise ValidationError({"left_on": _("毕业/迁出日期不能早于入驻日期。")})
        if self.left_on and not self.left_reason:
            raise ValidationError({"left_reason": _("填写了离开日期时须选择离开原因。")})
