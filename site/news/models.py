from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.listing import ChoiceFilter, TagFilter, filtered_listing

from .feeds import NewsFeed


class NewsCategory(models.TextChoices):
    POLICY = "policy", _("政策文件")
    WORK = "work", _("工作动态")
    MEDIA = "media", _("媒体报道")
    CASE = "case", _("案例")


class GovOpenCategory(models.TextChoices):
    ACTIVE = "active", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_OPEN = "not_open", _("不予公开")


class NewsIndexPage(RoutablePageMixin, Page):
    """The news and policy listing, filterable by category and tag, with an RSS feed at ./feed/."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=10)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["news.NewsPage"]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("新闻列表页")
        verbose_name_plural = _("新闻列表页")

    def news_items(self):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .defer("body")  # a news card shows the summary, never the body
            .select_related("cover_image")
            .order_by("-date", "-pk")
        )

    def listing_filters(self):
        return [
            ChoiceFilter("category", _("分类"), field="category", choices=NewsCategory.choices),
            TagFilter("tag", _("标签"), through=NewsPageTag),
        ]

    @path("")
    def index_route(self, request):
        listing = filtered_listing(request, self.news_items(), self.listing_filters(), self.per_page or 10)
        context = {"listing": listing, "items": listing.page_obj, "page_obj": listing.page_obj}
        return self.render(request, context_overrides=context)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return NewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    """A news item or policy document. Policy documents (政策文件) show the 政务公开 information block."""

    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.CharField(
        _("分类"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.WORK
    )
    summary = models.TextField(_("摘要"), max_length=400, help_text=_("列表和搜索结果中显示，400字以内。"))
    source = models.CharField(_("来源"), max_length=80, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("正文"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("标签"))

    # 政务公开 (government information disclosure) — shown on policy documents.
    gov_index_no = models.CharField(_("索引号"), max_length=60, blank=True)
    gov_publisher = models.CharField(_("发布机构"), max_length=80, blank=True)
    gov_open_category = models.CharField(
        _("公开类别"),
        max_length=20,
        choices=GovOpenCategory.choices,
        default=GovOpenCategory.ACTIVE,
        blank=True,
    )
    gov_doc_no = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("例如：浦府办〔2023〕27号")
    )
    gov_published_at = models.DateField(_("发布时间"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("source")], _("基本信息")),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("gov_index_no"),
                FieldPanel("gov_publisher"),
                FieldPanel("gov_open_category"),
                FieldPanel("gov_doc_no"),
                FieldPanel("gov_published_at"),
            ],
            _("政务公开信息（政策文件必填发布机构与发布时间）"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("gov_doc_no"),
        index.FilterField("category"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    search_fallback_fields = ["summary", "gov_doc_no"]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")
        ordering = ["-date"]

    @property
    def is_policy(self):
        return self.category == NewsCategory.POLICY

    def clean(self):
        super().clean()
        if self.is_policy:
            errors = {}
            if not self.gov_publisher:
                errors["gov_publisher"] = _("政策文件须填写发布机构。")
            if not self.gov_published_at:
                errors["gov_published_at"] = _("政策文件须填写发布时间。")
            if errors:
                raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["previous_item"], context["next_item"] = self.neighbours()
        return context

    def neighbours(self):
        """The live, public articles just before and just after this one among its siblings (by date, then
        id), or None: one query where the database can order and limit the parts of a UNION."""
        siblings = NewsPage.objects.live().public().sibling_of(self, inclusive=False).defer("body")
        older = models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk)
        newer = models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk)
        before = siblings.filter(older).order_by("-date", "-pk")[:1]
        after = siblings.filter(newer).order_by("date", "pk")[:1]
        if not connection.features.supports_slicing_ordering_in_compound:  # SQLite
            return before.first(), after.first()
        found = list(before.union(after, all=True))
        here = (self.date, self.pk)
        return (
            next((page for page in found if (page.date, page.pk) < here), None),
            next((page for page in found if (page.date, page.pk) > here), None),
        )
