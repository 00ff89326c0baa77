"""Home page sections. Sections that show another app's content ask Wagtail hooks for it, so home imports
no other content app (see ARCHITECTURE.md, "Home page")."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from core.blocks import CallToActionBlock, ParagraphBlock


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

    PAGE_FIELDS = ("primary_page", "secondary_page")

    def bulk_to_python(self, values):
        """Both buttons' pages in one query (each PageChooserBlock would read its own)."""
        values = list(values)
        ids = {v.get(name) for v in values for name in self.PAGE_FIELDS if isinstance(v.get(name), int)}
        pages = Page.objects.in_bulk(ids) if ids else {}
        result = super().bulk_to_python(
            [{k: raw for k, raw in v.items() if k not in self.PAGE_FIELDS} for v in values]
        )
        for raw, value in zip(values, result, strict=True):
            for name in self.PAGE_FIELDS:
                value[name] = pages.get(raw.get(name))
        return result


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
        context = super().get_context(value, parent_context)
        chosen = [page.specific for page in value.get("brands") or [] if page and page.live]
        if not chosen:
            for provider in hooks.get_hooks("home_brand_pages"):
                chosen.extend(provider())
        context["brand_pages"] = chosen
        return context


def news_category_choices():
    """The news app's categories, from its `home_news_categories` hook (none until news is installed)."""
    return [choice for provider in hooks.get_hooks("home_news_categories") for choice in provider()]


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
        context = super().get_context(value, parent_context)
        items, index_page = [], None
        for provider in hooks.get_hooks("home_latest_news"):
            result = provider(value["count"], value.get("category") or "")
            items.extend(result.get("items", []))
            index_page = index_page or result.get("index_page")
        context["items"] = items[: value["count"]]
        context["index_page"] = index_page
        return context


class HookSlotBlock(blocks.StructBlock):
    """A home page section whose items come from another app through a Wagtail hook.

    The events and carriers apps register `home_upcoming_events` / `home_featured_carriers` (news and brand
    answer `home_latest_news` and `home_brand_pages` the same way); until an app registers its hook the
    section shows a friendly empty state.
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

    def get_context(self, value, parent_context=None):
        """An item whose 说明 names one of the plan's targets (the `home_plan_targets` hook, answered by the
        insights app) shows the live figure, with the item's own value as the target."""
        context = super().get_context(value, parent_context)
        targets, more_url = [], None
        for provider in hooks.get_hooks("home_plan_targets"):
            result = provider()
            targets.extend(result.get("items", []))
            more_url = more_url or result.get("url")
        rows = []
        for item in value["items"]:
            label = item["label"].strip()
            live = next((t for t in targets if t["label"] in label or (label and label in t["label"])), None)
            rows.append({"value": item["value"], "label": item["label"], "live": live})
        context["rows"] = rows
        context["more_url"] = more_url if any(row["live"] for row in rows) else None
        return context


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    brand_tiles = BrandTilesBlock()
    stats = StatsBlock()
    latest_news = LatestNewsBlock()
    upcoming_events = UpcomingEventsBlock()
    featured_carriers = FeaturedCarriersBlock()
    paragraph = ParagraphBlock()
    call_to_action = CallToActionBlock()
