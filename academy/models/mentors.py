"""导师库: one public page per mentor below the mentor directory; 孵化领军人物 are marked."""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.listing import TaxonomyFilter, filtered_listing

from .catalog import AcademyIndexPage, OneOptionFilter, attach_course_seat_counts, courses_for_cards
from .taxonomies import Track


class MentorIndexPage(AcademyIndexPage):
    """导师库: every mentor, filterable by track and by the 孵化领军人物 mark."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    per_page = models.PositiveSmallIntegerField(_("每页人数"), default=12)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["academy.MentorPage"]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("导师库")
        verbose_name_plural = _("导师库")

    def mentors(self):
        return MentorPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = [
            TaxonomyFilter("track", _("指导方向"), field="tracks", model=Track),
            OneOptionFilter(
                "leader",
                _("身份"),
                value="1",
                option_label=_("孵化领军人物"),
                condition=lambda: Q(is_leader=True),
            ),
        ]
        listing = filtered_listing(
            request,
            self.mentors(),
            filters,
            self.per_page or 12,
            prepare=lambda qs: (
                qs.order_by("-is_leader", "path")
                .select_related("photo")
                .prefetch_related("tracks", "photo__renditions")
            ),
        )
        context.update(listing=listing, page_obj=listing.page_obj)
        return context


class MentorPage(Page):
    """A mentor: the page title is the name."""

    position = models.CharField(_("职务"), max_length=80)
    organisation = models.CharField(_("单位"), max_length=120)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("须经本人同意后使用；不上传则显示姓名首字。"),
    )
    tracks = ParentalManyToManyField(Track, blank=True, verbose_name=_("指导方向"), related_name="mentors")
    is_leader = models.BooleanField(
        _("孵化领军人物"),
        default=False,
        help_text=_("浦府办〔2023〕27号 任务18：指导载体发展的孵化领军人物。"),
    )
    summary = models.CharField(_("一句话介绍"), max_length=200, help_text=_("列表卡片与搜索结果中显示。"))
    bio = RichTextField(_("简介"), blank=True, features=["bold", "italic", "ol", "ul", "link"])

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("position"),
                FieldPanel("organisation"),
                FieldPanel("tracks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("is_leader"),
            ],
            _("导师信息"),
        ),
        FieldPanel("photo"),
        FieldPanel("summary"),
        FieldPanel("bio"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("position"),
        index.SearchField("organisation"),
        index.SearchField("summary"),
    ]
    search_fallback_fields = ["position", "organisation", "summary"]
    parent_page_types = ["academy.MentorIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("导师")
        verbose_name_plural = _("导师")

    def public_courses(self):
        """The mentor's live, public courses, ready for course cards."""
        return attach_course_seat_counts(courses_for_cards(self.courses.live().public(), timezone.now()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(courses=self.public_courses(), mentor_index=self.get_parent())
        return context
