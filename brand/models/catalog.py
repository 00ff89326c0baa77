"""The public catalogues of three services, one page per entry, each living under its brand's landing page:

- ExpertPage  (创孵智询 专家库)     under the zhixun BrandPage
- ServicePage (双创云超 服务产品)   under the yunchao BrandPage
- StationPage (创孵驿站)            under the yizhan BrandPage

The landing page lists, filters and paginates its entries with the shared listing (core.listing), as each
type's `catalog` describes, so no extra index page sits between a brand and its catalogue. Which brand a type belongs under is checked in `can_exist_under`, the
hook Wagtail asks before offering a page type in "add child page", and before a move or a copy.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.brands import Brand
from core.index_pages import public_titles
from core.listing import ChoiceFilter, TaxonomyFilter, filtered_listing
from core.models import Area, PudongLocation
from core.terms import attach_terms, prefetch_related_terms

from ..forms import RequestForm
from .requests import RequestKind, response_hours
from .taxonomies import ExpertiseField, ServiceCategory

VISIT_DAYS_AHEAD = 30  # how far ahead a 驿站 visit may be booked
MAX_VISITORS = 5  # people one booking may bring


def serve_privately_with_form(response):
    """A member's request form is filled in with their details and carries their own key and token: no shared
    cache may keep it. The anonymous reader's shared form has neither, so that page stays public."""
    context = getattr(response, "context_data", None)
    if context and context.get("request_form") is not None and not context.get("request_form_shared"):
        add_never_cache_headers(response)
    return response


def with_request_form(page, context, request):
    """Put the page's request form in `context` unless a view already did (errors, confirm). Anonymous
    readers share one cacheable page: its form has no token nor key; the browser fetches both
    (registrations.views.form_key, theme/static/theme/js/forms.js) just before sending."""
    if "request_form" not in context:
        shared = not getattr(getattr(request, "user", None), "is_authenticated", False)
        context["request_form"] = request_form_for(page, request, shared=shared)
        context["request_form_shared"] = shared
    return context


def request_form_for(page, request, data=None, shared=False):
    """The request form a page offers (智询 brand page, expert, service, station), or None. `shared`: the
    form every anonymous reader gets (and caches keep): no submission key of its own."""
    kind = page.request_kind
    if kind is None:
        return None
    options = {"kind": kind, "user": getattr(request, "user", None)}
    if kind == RequestKind.CONSULTATION and not isinstance(page, ExpertPage):
        options["experts"] = public_titles(ExpertPage, parent=page)  # the shared cache (core/index_pages.py)
    if kind == RequestKind.VISIT:
        options.update(visit_dates=page.visit_dates(), max_visitors=min(MAX_VISITORS, page.visit_capacity))
    form = RequestForm(data, **options)
    if shared:
        form.initial["submission_key"] = ""
    form.response_hours = response_hours(kind, page if kind == RequestKind.SERVICE else None)
    return form


def lines(text):
    """The non-empty lines of a "one item per line" field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class Catalog:
    """How a brand landing page lists one catalogue type: its filter and the words around the cards."""

    filter: TaxonomyFilter
    title: str  # the section heading on the landing page
    intro: str
    unit: str  # counts read "共 12 位专家"
    card_template: str
    empty_title: str
    empty_hint: str
    per_page: int = 12
    select: tuple = ()
    prefetch: tuple = ()
    more_filters: tuple = ()  # further facets shown below the main one (云超: 创新券可用)


class CatalogPage(Page):
    """What every catalogue entry shares: a summary for cards and search, a body, and its place in the tree."""

    catalog_brand = None  # the Brand whose landing page this type lives under
    catalog = None  # a Catalog

    summary = models.TextField(
        _("简介"), max_length=300, help_text=_("列表卡片与搜索结果中显示，300字以内。")
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("正文"))

    parent_page_types = ["brand.BrandPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @classmethod
    def can_exist_under(cls, parent):
        if not super().can_exist_under(parent):
            return False
        return getattr(parent.specific_deferred, "brand", None) == cls.catalog_brand

    request_kind = None  # the kind of request this page's form sends (None: no form)

    def serve(self, request, *args, **kwargs):
        return serve_privately_with_form(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["brand_page"] = self.get_parent()  # the listing: "back to" links and filter links
        return with_request_form(self, context, request)

    @classmethod
    def listing(cls, brand_page, request):
        """Live, public entries below this landing page in the editors' tree order, filtered from the URL."""
        spec = cls.catalog
        entries = cls.objects.live().public().child_of(brand_page).order_by("path")
        return filtered_listing(
            request,
            entries,
            [spec.filter, *spec.more_filters],
            spec.per_page,
            # An entry's taxonomy terms (serve_terms) come with its row on PostgreSQL (core/terms.py).
            prepare=lambda qs: prefetch_related_terms(
                qs.select_related(*spec.select), spec.prefetch, connection
            ),
            decorate=attach_terms,
        )


class ExpertPage(CatalogPage):
    """One expert of 创孵智询. Contact details are for the service team only: see STAFF_FIELDS."""

    # Read with the page when a URL routes to it (core/public_pages.py): the page's own template shows them.
    serve_select_related = ("area",)
    serve_terms = ("expertise",)  # read with the page on PostgreSQL (core.terms)

    catalog_brand = Brand.ZHIXUN
    catalog = Catalog(
        filter=TaxonomyFilter("field", _("专业领域"), field="expertise", model=ExpertiseField),
        title=_("专家库"),
        intro=_("按专业领域查找专家。咨询由创孵智询服务专员统一预约，不公开专家个人联系方式。"),
        unit=_("位专家"),
        card_template="components/expert_card.html",
        empty_title=_("暂无该领域的专家"),
        empty_hint=_("换个专业领域试试，或联系服务专员为您匹配。"),
        select=("area", "photo"),
        prefetch=("expertise", "photo__renditions"),
    )

    position = models.CharField(
        _("职务/单位"), max_length=120, help_text=_("例如：某律师事务所 合伙人律师；卡片上显示。")
    )
    expertise = ParentalManyToManyField(ExpertiseField, verbose_name=_("专业领域"), related_name="experts")
    area = models.ForeignKey(
        Area,
        verbose_name=_("所在区域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("须经本人同意后使用；不上传则显示姓名首字。"),
    )
    questions = models.TextField(
        _("擅长问题"), blank=True, help_text=_("每行一个，例如：早期项目如何设计股权结构？")
    )
    # Staff only: for the service team arranging consultations. Never rendered, never indexed.
    staff_phone = models.CharField(_("联系电话（内部）"), max_length=40, blank=True)
    staff_email = models.EmailField(_("联系邮箱（内部）"), blank=True)
    staff_notes = models.TextField(_("备注（内部）"), blank=True)

    STAFF_FIELDS = ("staff_phone", "staff_email", "staff_notes")
    request_kind = RequestKind.CONSULTATION

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("position"),
                FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
                FieldPanel("area"),
            ],
            _("专家信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("photo"),
        FieldPanel("questions"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("staff_phone"), FieldPanel("staff_email")]),
                FieldPanel("staff_notes"),
            ],
            _("内部信息（仅工作人员可见：不在网站显示，不进入搜索）"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("position"),
        index.SearchField("summary"),
        index.SearchField("questions"),
    ]
    search_fallback_fields = ["position", "summary", "questions"]

    class Meta:
        verbose_name = _("智询专家")
        verbose_name_plural = _("智询专家")

    def question_list(self):
        return lines(self.questions)


class ServicePage(CatalogPage):
    """One service product of 双创云超, offered by a third-party provider; its contact channel is public."""

    # Read with the page when a URL routes to it (core/public_pages.py): the page's own template shows them.
    serve_select_related = ("category", "service_provider")
    serve_terms = ("areas",)  # read with the page on PostgreSQL (core.terms)

    catalog_brand = Brand.YUNCHAO
    request_kind = RequestKind.SERVICE
    catalog = Catalog(
        filter=TaxonomyFilter("category", _("服务类别"), field="category", model=ServiceCategory),
        title=_("服务产品"),
        intro=_("第三方服务机构提供的创新创业服务，价格与服务内容以服务商说明为准。"),
        unit=_("项服务"),
        card_template="components/service_card.html",
        empty_title=_("暂无该类别的服务产品"),
        empty_hint=_("换个服务类别试试，新的服务上架后会显示在这里。"),
        select=("category", "service_provider"),
        prefetch=("areas",),
        more_filters=(
            ChoiceFilter(
                "voucher", _("创新券"), field="innovation_voucher", choices=[("True", _("创新券可用"))]
            ),
        ),
    )

    provider = models.CharField(_("服务商"), max_length=120)
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("服务类别"), on_delete=models.PROTECT, related_name="services"
    )
    audience = models.CharField(_("服务对象"), max_length=200, help_text=_("例如：初创期科技企业、在孵企业"))
    price_note = models.CharField(
        _("价格说明"), max_length=120, blank=True, help_text=_("例如：首次咨询免费，后续按项目报价")
    )
    areas = ParentalManyToManyField(
        Area,
        blank=True,
        verbose_name=_("适用区域"),
        related_name="services",
        help_text=_("不选表示浦东全区适用。"),
    )
    contact_phone = models.CharField(_("服务电话"), max_length=40, blank=True)
    website = models.URLField(_("服务商网站"), blank=True)
    service_provider = models.ForeignKey(
        "brand.ServiceProvider",
        verbose_name=_("服务商（机构）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        help_text=_("服务申请转给该服务商处理；其页面列出本服务和评价。"),
    )
    price_from = models.PositiveIntegerField(_("最低价格（元）"), null=True, blank=True)
    price_to = models.PositiveIntegerField(_("最高价格（元）"), null=True, blank=True)
    response_hours = models.PositiveSmallIntegerField(
        _("承诺响应时间（小时）"), default=48, help_text=_("收到服务申请后多少小时内答复；据此计算答复期限。")
    )
    innovation_voucher = models.BooleanField(_("创新券可用"), default=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("service_provider"),
                FieldPanel("category"),
                FieldPanel("audience"),
                FieldPanel("price_note"),
                FieldRowPanel([FieldPanel("price_from"), FieldPanel("price_to")]),
                FieldRowPanel([FieldPanel("response_hours"), FieldPanel("innovation_voucher")]),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
            ],
            _("服务信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("website")])],
            _("服务商联系方式（公开显示）"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("provider", boost=2),
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("category"),
    ]
    search_fallback_fields = ["provider", "summary", "audience"]

    class Meta:
        verbose_name = _("云超服务产品")
        verbose_name_plural = _("云超服务产品")

    def clean(self):
        super().clean()
        if not self.contact_phone and not self.website:
            raise ValidationError({"contact_phone": _("请至少填写服务电话或服务商网站，便于企业联系。")})
        if self.price_from is not None and self.price_to is not None and self.price_from > self.price_to:
            raise ValidationError({"price_to": _("最高价格不能低于最低价格。")})

    def price_range(self):
        if self.price_from is None and self.price_to is None:
            return ""
        if self.price_to is None:
            return _("%(low)s 元起") % {"low": self.price_from}
        if self.price_from is None or self.price_from == self.price_to:
            return _("%(high)s 元") % {"high": self.price_to}
        return _("%(low)s–%(high)s 元") % {"low": self.price_from, "high": self.price_to}


class StationPage(PudongLocation, CatalogPage):
    """One 创孵驿站: a walk-in service point in a Pudong area."""

    # Read with the page when a URL routes to it (core/public_pages.py): the page's own template shows them.
    serve_select_related = ("area",)

    catalog_brand = Brand.YIZHAN
    catalog = Catalog(
        filter=TaxonomyFilter("area", _("区域"), field="area", model=Area),
        title=_("驿站分布"),
        intro=_("就近到驿站办理政策咨询、载体推荐和企业服务受理。"),
        unit=_("个驿站"),
        card_template="components/station_card.html",
        empty_title=_("该区域暂未设立驿站"),
        empty_hint=_("看看相邻区域的驿站，或拨打服务热线咨询。"),
        select=("area",),
    )

    area = models.ForeignKey(
        Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="stations"
    )
    host = models.CharField(_("依托单位"), max_length=120, blank=True, help_text=_("驿站设在哪家单位"))
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(
        _("开放时间"), max_length=120, help_text=_("例如：工作日 9:00–17:00（法定节假日除外）")
    )
    services = models.TextField(_("服务内容"), help_text=_("每行一项，例如：政策咨询"))
    phone = models.CharField(_("服务电话"), max_length=40, blank=True)
    visit_capacity = models.PositiveSmallIntegerField(
        _("每个半天可预约人数"), default=10, help_text=_("填 0 表示不开放网上预约。")
    )
    visit_weekdays = models.CharField(
        _("可预约的星期"),
        max_length=7,
        default="12345",
        help_text=_("星期一到星期日记为 1–7，例如工作日填 12345。须与开放时间一致。"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("area"),
                FieldPanel("host"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("opening_hours"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            _("驿站信息"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("visit_capacity"), FieldPanel("visit_weekdays")])], _("到访预约")
        ),
        FieldPanel("services"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("address"),
        index.SearchField("summary"),
        index.SearchField("services"),
        index.FilterField("area"),
    ]
    search_fallback_fields = ["address", "host", "summary", "services"]

    class Meta:
        verbose_name = _("创孵驿站")
        verbose_name_plural = _("创孵驿站")

    def service_list(self):
        return lines(self.services)

    @property
    def request_kind(self):
        return RequestKind.VISIT if self.visit_capacity else None

    def visit_dates(self, today=None):
        """The dates this station takes bookings on: its weekdays, from tomorrow for VISIT_DAYS_AHEAD days."""
        if not self.visit_capacity:
            return []
        today = today or timezone.localdate()
        days = [today + datetime.timedelta(days=n) for n in range(1, VISIT_DAYS_AHEAD + 1)]
        return [day for day in days if str(day.isoweekday()) in (self.visit_weekdays or "")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps link what they have in this station's area (the carriers app: its carriers there).
        context["area_links"] = [
            link for provider in hooks.get_hooks("area_links") for link in provider(self.area, request)
        ]
        if self.latitude is not None and self.longitude is not None:
            context["station_map"] = station_map(self)
        return context

    def map_app_links(self):
        """Links that open the station in a map app: 高德 (web and app; takes WGS-84 coordinates) and the
        phone's own map app (geo: URI), falling back to the address when there are no coordinates."""
        from urllib.parse import quote

        name = quote(self.title)
        if self.latitude is None or self.longitude is None:
            return {"amap": f"https://uri.amap.com/search?keyword={quote(self.address)}", "geo": ""}
        lat, lng = self.latitude, self.longitude
        return {
            "amap": f"https://uri.amap.com/marker?position={lng},{lat}&name={name}&coordinate=wgs84&callnative=1",
            "geo": f"geo:{lat},{lng}?q={lat},{lng}({name})",
        }


def station_map(station=None):
    """The carriers map component for 创孵驿站 (list first, map as enhancement), through the
    `map_component` hook so brand never imports carriers; None when no app offers a map."""
    from django.urls import reverse

    for component in hooks.get_hooks("map_component"):
        url = reverse("brand:station_geojson")
        if station is not None:
            url += f"?station={station.pk}"
        return {"config": component()["config"], "geojson_url": url}
    return None


def catalog_type_for(brand):
    """The catalogue page type listed on a brand's landing page, if that brand has one."""
    return next((cls for cls in (ExpertPage, ServicePage, StationPage) if cls.catalog_brand == brand), None)
