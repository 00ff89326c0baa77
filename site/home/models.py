from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock

from .blocks import HomeStreamBlock


class HomePage(Page):
    """The site root: a stack of sections editors compose (hero, brand tiles, news, events, carriers)."""

    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("首页版块"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")


class StandardPage(Page):
    """Plain content pages: 关于我们, 联系我们, 使用说明…"""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("正文"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")


class FooterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("名称"), max_length=40)
    url = blocks.URLBlock(required=False, label=_("外部链接"))
    page = blocks.PageChooserBlock(required=False, label=_("或站内页面"))

    class Meta:
        icon = "link"
        label = _("链接")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer show; editors change it under 设置 → 站点信息."""

    site_name = models.CharField(_("站点名称"), max_length=60, default="创孵")
    site_tagline = models.CharField(_("站点标语"), max_length=80, blank=True, default="浦东新区孵化服务品牌")
    organiser = models.CharField(_("主办单位"), max_length=80, blank=True, default="浦东新区科技和经济委员会")
    icp_number = models.CharField(
        _("ICP备案号"), max_length=40, blank=True, help_text=_("例如：沪ICP备12345678号-1")
    )
    icp_url = models.URLField(_("备案查询链接"), blank=True, default="https://beian.miit.gov.cn/")
    police_record = models.CharField(_("公安备案号"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    footer_links = StreamField(
        [("link", FooterLinkBlock())], blank=True, verbose_name=_("页脚链接"), max_num=12
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("site_tagline"), FieldPanel("organiser")], _("站点")
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("icp_url"), FieldPanel("police_record")], _("备案")
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("contact_address")],
            _("联系方式"),
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("站点信息")
        verbose_name_plural = _("站点信息")
