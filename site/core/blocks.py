"""StreamField blocks shared by every page type (the body of news, events, brand and standard pages). Each block has a template under theme/templates/blocks/,
a preview value and a description, so editors see a real preview in the block picker."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
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

    def clean(self, value):
        value = super().clean(value)
        if not value.get("link_page") and not value.get("link_url"):  # a call to action with no button
            raise blocks.StructBlockValidationError(
                block_errors={
                    "link_page": ValidationError(_("请选择链接页面或填写外部链接，否则按钮无法显示。"))
                }
            )
        return value

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
