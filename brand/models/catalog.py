"""The public catalogues of three services, one page per entry, each living under its brand's landing page:

- ExpertPage  (创孵智询 专家库)     under the zhixun BrandPage
- ServicePage (双创云超 服务产品)   under the yunchao BrandPage
- StationPage (创孵驿站)            under the yizhan BrandPage

The landing page lists, filters and paginates its entries (brand/catalog.py), so no extra index page sits
between a brand and its catalogue. Which brand a type belongs under is checked in `can_exist_under`, the
hook Wagtail asks before offering a page type in "add child page", and before a move or a copy.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.brands import Brand
from core.models import Area, PudongLocation

from .taxonomies import ExpertiseField, ServiceCategory


def lines(text):
    """The non-empty lines of a "one item per line" field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CatalogPage(Page):
    """What every catalogue entry shares: a summary for cards and search, a body, and its place in the tree."""

    catalog_brand = None  # the Brand whose landing page this type lives under

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["brand_page"] = self.get_parent()  # the listing: "back to" links and filter links
        return context


class ExpertPage(CatalogPage):
    """One expert of 创孵智询. Contact details are for the service team only: see STAFF_FIELDS."""

    catalog_brand = Brand.ZHIXUN

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

    catalog_brand = Brand.YUNCHAO

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

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("category"),
                FieldPanel("audience"),
                FieldPanel("price_note"),
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


class StationPage(PudongLocation, CatalogPage):
    """One 创孵驿站: a walk-in service point in a Pudong area."""

    catalog_brand = Brand.YIZHAN

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps link what they have in this station's area (the carriers app: its carriers there).
        context["area_links"] = [
            link for provider in hooks.get_hooks("area_links") for link in provider(self.area, request)
        ]
        return context
