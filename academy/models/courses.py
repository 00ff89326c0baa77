"""Courses of the academy and the course catalogue page they live under."""

from decimal import Decimal
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.listing import ChoiceFilter, TaxonomyFilter, filtered_listing

from ..blocks import SyllabusBlock
from ..jsonld import course_jsonld, course_list_jsonld
from .catalog import (
    AcademyIndexPage,
    FirstMeetingMonthFilter,
    OneOptionFilter,
    attach_course_seat_counts,
    course_sessions,
    courses_for_cards,
    open_for_enrollment,
)
from .taxonomies import Track


class CourseFormat(models.TextChoices):
    OFFLINE = "offline", _("线下")
    ONLINE = "online", _("线上")
    HYBRID = "hybrid", _("混合")


class CourseIndexPage(AcademyIndexPage):
    """课程: the course catalogue, filterable by track, format, month and open enrollment."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=12)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["academy.CoursePage"]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("课程列表页")
        verbose_name_plural = _("课程列表页")

    def courses(self):
        return CoursePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        filters = [
            TaxonomyFilter("track", _("方向"), field="tracks", model=Track),
            ChoiceFilter("format", _("形式"), field="course_format", choices=CourseFormat.choices),
            FirstMeetingMonthFilter("month", _("开课月份")),
            OneOptionFilter(
                "enroll",
                _("报名"),
                value="open",
                option_label=_("报名中"),
                condition=lambda: open_for_enrollment(now),
            ),
        ]
        listing = filtered_listing(
            request,
            self.courses(),
            filters,
            self.per_page or 12,
            prepare=lambda qs: courses_for_cards(qs, now),
            decorate=attach_course_seat_counts,
        )
        context.update(
            listing=listing,
            page_obj=listing.page_obj,
            jsonld=course_list_jsonld(listing.items, request),
        )
        return context


class CoursePage(Page):
    """A course. Its dated sessions (CourseSession, edited under 创孵学堂 → 开班) are what people enroll in."""

    summary = models.TextField(_("课程简介"), max_length=400, help_text=_("列表、分享卡片和搜索结果中显示。"))
    tracks = ParentalManyToManyField(Track, verbose_name=_("方向"), related_name="courses")
    audience = models.TextField(_("适合对象"), max_length=400)
    outcomes = models.TextField(_("学习收获"), blank=True, help_text=_("每行一条。"))
    syllabus = StreamField(SyllabusBlock(), blank=True, verbose_name=_("课程大纲"))
    mentors = ParentalManyToManyField(
        "academy.MentorPage", blank=True, verbose_name=_("授课导师"), related_name="courses"
    )
    course_format = models.CharField(
        _("形式"), max_length=10, choices=CourseFormat.choices, default=CourseFormat.OFFLINE
    )
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=Decimal("0"))
    credits = models.DecimalField(_("学分"), max_digits=4, decimal_places=1, default=Decimal("0"))
    fee = models.DecimalField(
        _("费用（元）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空或 0 表示免费。网站不收费，收费课程由主办方线下结算。"),
    )
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("先修课程"), related_name="unlocks"
    )
    completion_rate = models.PositiveSmallIntegerField(
        _("结业出勤率（%）"), default=80, help_text=_("出勤课次达到此比例即可结业并获得证书。")
    )
    requires_approval = models.BooleanField(_("报名需审核"), default=False)
    featured = models.BooleanField(_("推荐课程"), default=False)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("详细介绍"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("tracks", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("course_format"), FieldPanel("hours"), FieldPanel("credits")]),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("featured")]),
            ],
            _("基本信息"),
        ),
        FieldPanel("audience"),
        FieldPanel("outcomes"),
        FieldPanel("syllabus"),
        FieldPanel("mentors", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("completion_rate"), FieldPanel("requires_approval")]),
            ],
            _("报名与结业规则"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("audience"),
        index.SearchField("outcomes"),
        index.FilterField("course_format"),
    ]
    search_fallback_fields = ["summary", "audience", "outcomes"]
    parent_page_types = ["academy.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    def clean(self):
        super().clean()
        if not 1 <= self.completion_rate <= 100:
            raise ValidationError({"completion_rate": _("请填写 1 到 100 之间的整数。")})

    @property
    def is_free(self):
        return not self.fee

    @property
    def fee_label(self):
        """免费, or the amount in yuan (no cents when whole): ¥1,200."""
        if self.is_free:
            return str(_("免费"))
        return f"¥{self.fee:,.0f}" if self.fee == self.fee.to_integral_value() else f"¥{self.fee:,.2f}"

    def outcome_list(self):
        return [line.strip() for line in (self.outcomes or "").splitlines() if line.strip()]

    @cached_property
    def schedule(self):
        """The sessions in date order, each with its honest enrollment `state` (seat counts annotated); the
        prefetched sessions when a listing loaded them (courses_for_cards), else one query."""
        return course_sessions(self)

    @property
    def next_session(self):
        """The session to point readers to: the first one taking enrollments, else the first that has not
        ended, else None."""
        current = [s for s in self.schedule if s.state.code != "ended"]
        return next((s for s in current if s.state.can_register), current[0] if current else None)

    def public_mentors(self):
        return self.mentors.live().public().select_related("photo").prefetch_related("tracks")

    def public_prerequisites(self):
        return self.prerequisites.live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_related_objects([self], "tracks")  # the header, the facts and the JSON-LD each list them
        mentors = list(self.public_mentors())
        context.update(
            sessions=self.schedule,
            current_sessions=[s for s in self.schedule if s.state.code != "ended"],
            past_sessions=[s for s in reversed(self.schedule) if s.state.code == "ended"],
            mentors=mentors,
            prerequisites=list(self.public_prerequisites()),
            course_index=self.get_parent(),
            jsonld=course_jsonld(self, request, mentors),
        )
        return context
