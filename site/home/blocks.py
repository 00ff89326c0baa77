"""StreamField blocks shared by every page type. Each block has a template under theme/templates/blocks/,
a preview value and a description, so editors see a real preview in the block picker."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "hr",
    "blockquote",
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2", label=_("层级")
    )

    class Meta:
        template = "blocks/heading.html"
        icon = "title"
        label = _("小标题")
        description = _("正文中的分节标题。")
        preview_value = {"text": "一、指导思想", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/paragraph.html"
        icon = "pilcrow"
        label = _("段落")
        description = _("带格式的正文段落，可包含链接和列表。")
        preview_value = "<p>浦东新区以“高峰引领、高原崛起”为目标，全面提升孵化载体的服务能级。</p>"


def _first_image_preview():
    from wagtail.images import get_image_model

    image = get_image_model().objects.order_by("pk").first()
    return {"image": {"image": image, "decorative": False, "alt_text": "示例图片"}, "caption": "图片示例"}


def _first_document_preview():
    from wagtail.documents import get_document_model

    return {"document": get_document_model().objects.order_by("pk").first(), "title": "政策原文（PDF）"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(required=False, label=_("图注"), max_length=200)

    class Meta:
        template = "blocks/figure.html"
        icon = "image"
        label = _("图片")
        description = _("一张图片，可附图注；请填写替代文本以便读屏软件朗读。")
        preview_value = staticmethod(_first_image_preview)


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(required=False, label=_("出处"), max_length=120)

    class Meta:
        template = "blocks/quote.html"
        icon = "openquote"
        label = _("引用")
        description = _("突出显示的一段引文及其出处。")
        preview_value = {"text": "孵化器是科技企业成长的摇篮。", "attribution": "浦东新区科经委"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(required=False, label=_("显示名称"), help_text=_("留空则使用文件标题"))

    class Meta:
        template = "blocks/document.html"
        icon = "doc-full"
        label = _("附件下载")
        description = _("可下载的附件，如政策原文 PDF、申报表格。")
        preview_value = staticmethod(_first_document_preview)


class DataTableBlock(TableBlock):
    class Meta:
        template = "blocks/table.html"
        icon = "table"
        label = _("表格")
        description = _("简单数据表，第一行可设为表头。")
        preview_value = {
            "first_row_is_table_header": True,
            "data": [["指标", "2025年目标"], ["高峰孵化器", "10家"], ["高原孵化器", "100家"]],
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=80)
    text = blocks.TextBlock(required=False, label=_("说明"))
    link_page = blocks.PageChooserBlock(required=False, label=_("链接页面"))
    link_url = blocks.URLBlock(required=False, label=_("或外部链接"))
    link_text = blocks.CharBlock(label=_("按钮文字"), max_length=30, default="了解详情")

    class Meta:
        template = "blocks/call_to_action.html"
        icon = "pick"
        label = _("行动号召")
        description = _("醒目的提示框，引导读者报名、咨询或下载。")
        preview_value = {
            "title": "入驻咨询",
            "text": "了解孵化载体入驻条件与扶持政策。",
            "link_url": "https://example.cn/",
            "link_text": "立即咨询",
        }


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        label = _("正文")


# Home page sections -------------------------------------------------------------------------------


class HeroBlock(blocks.StructBlock):
    eyebrow = blocks.CharBlock(required=False, label=_("眉题"), max_length=40)
    title = blocks.CharBlock(label=_("主标题"), max_length=60)
    subtitle = blocks.TextBlock(required=False, label=_("副标题"))
    image = ImageBlock(required=False, label=_("背景图"))
    primary_text = blocks.CharBlock(required=False, label=_("主按钮文字"), max_length=20)
    primary_page = blocks.PageChooserBlock(required=False, label=_("主按钮链接"))
    secondary_text = blocks.CharBlock(required=False, label=_("次按钮文字"), max_length=20)
    secondary_page = blocks.PageChooserBlock(required=False, label=_("次按钮链接"))

    class Meta:
        template = "blocks/hero.html"
        icon = "pick"
        label = _("首屏横幅")
        description = _("首页顶部的大标题区，可放背景图和两个按钮。")
        preview_value = {
            "eyebrow": "浦东新区孵化服务品牌",
            "title": "创孵 · 让创新在浦东生根",
            "subtitle": "一站式连接孵化载体、专家智库、培训课程与双创服务。",
            "primary_text": "查找孵化载体",
            "secondary_text": "创孵学堂",
        }


class BrandTilesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), max_length=40, default="创孵服务")
    intro = blocks.TextBlock(required=False, label=_("导语"))
    brands = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="brand.BrandPage"),
        required=False,
        label=_("品牌页面"),
        help_text=_("留空则按页面树顺序显示全部已发布的品牌页面。"),
    )

    class Meta:
        template = "blocks/brand_tiles.html"
        icon = "grip"
        label = _("五大服务品牌")
        description = _("创孵智询、创孵学堂、创孵沙龙、创孵驿站、双创云超的入口卡片。")
        preview_value = {"heading": "创孵服务", "intro": "五大服务品牌，覆盖企业孵化全链条。", "brands": []}

    def get_context(self, value, parent_context=None):
        from brand.models import BrandPage

        context = super().get_context(value, parent_context)
        chosen = [page.specific for page in value.get("brands") or [] if page and page.live]
        context["brand_pages"] = chosen or list(BrandPage.objects.live().public().order_by("path"))
        return context


def news_category_choices():
    from news.models import NewsCategory

    return NewsCategory.choices


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), max_length=40, default="新闻动态")
    count = blocks.IntegerBlock(label=_("条数"), default=6, min_value=1, max_value=12)
    category = blocks.ChoiceBlock(choices=news_category_choices, required=False, label=_("只显示分类"))

    class Meta:
        template = "blocks/latest_news.html"
        icon = "list-ul"
        label = _("最新新闻")
        description = _("自动列出最新发布的新闻，可限定分类。")
        preview_value = {"heading": "新闻动态", "count": 4}

    def get_context(self, value, parent_context=None):
        from news.models import NewsIndexPage, NewsPage

        context = super().get_context(value, parent_context)
        items = NewsPage.objects.live().public().select_related("cover_image").order_by("-date", "-pk")
        if value.get("category"):
            items = items.filter(category=value["category"])
        context["items"] = list(items[: value["count"]])
        context["index_page"] = NewsIndexPage.objects.live().public().first()
        return context


class HookSlotBlock(blocks.StructBlock):
    """A home page section whose items come from another app through a Wagtail hook.

    The events and carriers apps register `home_upcoming_events` / `home_featured_carriers`;
    until an app registers its hook the section shows a friendly empty state.
    """

    heading = blocks.CharBlock(label=_("标题"), max_length=40)
    count = blocks.IntegerBlock(label=_("条数"), default=3, min_value=1, max_value=12)

    hook_name = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        items = []
        more_url = None
        for provider in hooks.get_hooks(self.hook_name):
            result = provider(value["count"])
            items.extend(result.get("items", []))
            more_url = more_url or result.get("more_url")
        context["items"] = items[: value["count"]]
        context["more_url"] = more_url
        return context


class UpcomingEventsBlock(HookSlotBlock):
    hook_name = "home_upcoming_events"

    class Meta:
        template = "blocks/upcoming_events.html"
        icon = "date"
        label = _("近期活动")
        description = _("自动列出即将举行的沙龙、路演与培训。")
        preview_value = {"heading": "近期活动", "count": 3}


class FeaturedCarriersBlock(HookSlotBlock):
    hook_name = "home_featured_carriers"

    class Meta:
        template = "blocks/featured_carriers.html"
        icon = "site"
        label = _("推荐孵化载体")
        description = _("自动列出推荐的高峰、高原孵化载体。")
        preview_value = {"heading": "孵化载体", "count": 4}


class StatItemBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("数值"), max_length=20)
    label = blocks.CharBlock(label=_("说明"), max_length=40)


class StatsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("标题"), max_length=40)
    items = blocks.ListBlock(StatItemBlock(), label=_("数据"), min_num=1, max_num=6)

    class Meta:
        template = "blocks/stats.html"
        icon = "doc-full-inverse"
        label = _("数据亮点")
        description = _("一行醒目的数字，如“高峰孵化器 10 家”。")
        preview_value = {
            "heading": "2025年目标",
            "items": [
                {"value": "10家", "label": "“高峰”孵化器"},
                {"value": "100家", "label": "“高原”孵化器"},
                {"value": "3000家", "label": "硬核科技企业"},
            ],
        }


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    brand_tiles = BrandTilesBlock()
    stats = StatsBlock()
    latest_news = LatestNewsBlock()
    upcoming_events = UpcomingEventsBlock()
    featured_carriers = FeaturedCarriersBlock()
    paragraph = ParagraphBlock()
    call_to_action = CallToActionBlock()
