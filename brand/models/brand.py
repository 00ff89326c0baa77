from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.brands import Brand

from .catalog import catalog_type_for, serve_privately_with_form, station_map, with_request_form
from .requests import RequestKind


class BrandPage(Page):
    """The landing page of one of the five services; other apps hang their listings below it.

    Other apps add sections to a brand page without brand importing them: every function registered with
    the Wagtail hook `brand_page_sections` is called as `fn(brand_page, request)` and returns a list of
    `{"template": str, "context": dict, "order": int}` (an empty list for brands it has nothing for), plus
    optionally `"stylesheets": [static paths]`. The page renders them after its body, lowest `order`
    first, each template getting the section's dict as `section` beside the page's own context, and links
    each stylesheet once (the academy answers for 创孵学堂: tracks, sessions, courses, mentors, 培训 events).
    """

    brand = models.CharField(_("品牌"), max_length=20, choices=Brand.choices, unique=True)
    slogan = models.CharField(_("口号"), max_length=60, blank=True)
    summary = models.TextField(_("简介"), max_length=300, help_text=_("首页卡片与搜索结果中显示。"))
    icon_text = models.CharField(
        _("图标字"), max_length=2, blank=True, help_text=_("卡片上显示的一个字，如“询”“学”。")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("正文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("brand"), FieldPanel("slogan"), FieldPanel("icon_text")], _("品牌")),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("slogan", boost=2),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("brand"),
    ]
    search_fallback_fields = ["summary", "slogan"]

    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("品牌页面")
        verbose_name_plural = _("品牌页面")

    @property
    def request_kind(self):
        """创孵智询's page takes consultations (with an optional preferred expert)."""
        return RequestKind.CONSULTATION if self.brand == Brand.ZHIXUN else None

    def serve(self, request, *args, **kwargs):
        return serve_privately_with_form(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        with_request_form(self, context, request)
        catalog_type = catalog_type_for(self.brand)
        if catalog_type is not None:
            listing = catalog_type.listing(self, request)
            context.update(catalog=listing, spec=catalog_type.catalog, page_obj=listing.page_obj)
        sections = self.sections(request)
        stylesheets = ["theme/css/brand.css"] if catalog_type is not None else []
        for section in sections:
            stylesheets += [path for path in section.get("stylesheets", ()) if path not in stylesheets]
        context.update(brand_sections=sections, brand_stylesheets=stylesheets)
        if self.brand == Brand.YIZHAN:
            context["station_map"] = station_map()
        return context

    def sections(self, request):
        """What other apps show on this brand page (the `brand_page_sections` hook), in order."""
        found = [
            section for fn in hooks.get_hooks("brand_page_sections") for section in fn(self, request) or []
        ]
        return sorted(found, key=lambda section: section.get("order", 0))
