"""The public side: the events listing and one page per event (沙龙, 路演, 对接会, 论坛, 培训)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.brands import Brand
from core.listing import ChoiceFilter, MonthFilter, filtered_listing
from core.public_url import page_url
from registrations import engine
from registrations.ics import build_ics
from registrations.models import RegistrationTarget, attach_seat_counts, with_seat_counts
from registrations.owners import TargetDescription

from .blocks import AgendaStreamBlock, QuestionStreamBlock, SpeakerStreamBlock
from .jsonld import event_jsonld
from .views import confirm_registration, register_for_event, registration_form


class EventType(models.TextChoices):
    SALON = "salon", _("沙龙")
    ROADSHOW = "roadshow", _("路演")
    MATCHMAKING = "matchmaking", _("对接会")
    FORUM = "forum", _("论坛")
    TRAINING = "training", _("培训")


class EventIndexPage(Page):
    """Upcoming and past events, filterable by type and month (filters live in the URL), paginated."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=9)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["events.EventPage"]
    search_fallback_fields = ["intro"]

    class Meta:
        verbose_name = _("活动列表页")
        verbose_name_plural = _("活动列表页")

    def events(self):
        return EventPage.for_cards().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        when = "past" if request.GET.get("when") == "past" else "upcoming"
        if when == "past":
            items = self.events().filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        else:
            items = self.events().filter(ends_at__gte=now).order_by("starts_at", "pk")
        filters = [
            ChoiceFilter("type", _("类型"), field="event_type", choices=EventType.choices),
            MonthFilter("month", _("月份"), field="starts_at", newest_first=when == "past"),
        ]
        listing = filtered_listing(request, items, filters, self.per_page or 9, decorate=attach_seat_counts)
        context.update(listing=listing, items=listing.page_obj, page_obj=listing.page_obj, when=when)
        return context


class EventPage(RoutablePageMixin, Page):
    """One event. Its registration settings are copied into a RegistrationTarget, which the engine locks."""

    # Read with the page when a URL routes to it (core/public_pages.py): the page's own template shows them.
    serve_select_related = ("registration_target", "cover_image")

    @staticmethod
    def serve_annotate(queryset):
        """The seats taken (registration_state) come with the page when a GET routes to it: one query fewer."""
        return with_seat_counts(queryset)

    event_type = models.CharField(
        _("活动类型"), max_length=20, choices=EventType.choices, default=EventType.SALON
    )
    brand = models.CharField(
        _("所属品牌"),
        max_length=20,
        choices=Brand.choices,
        blank=True,
        help_text=_("选“创孵沙龙”的活动会出现在创孵沙龙品牌页。"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue_name = models.CharField(_("场地名称"), max_length=100, blank=True)
    venue_address = models.CharField(_("详细地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    online_url = models.URLField(_("线上参与链接"), blank=True, help_text=_("线上或线上线下同步举办时填写。"))
    organiser = models.CharField(_("主办单位"), max_length=100, default="创孵")
    summary = models.TextField(_("活动简介"), max_length=400, help_text=_("列表、分享卡片和搜索结果中显示。"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("活动详情"))
    speakers = StreamField(SpeakerStreamBlock(), blank=True, verbose_name=_("嘉宾"))
    agenda = StreamField(AgendaStreamBlock(), blank=True, verbose_name=_("议程"))

    registration_enabled = models.BooleanField(_("开放在线报名"), default=True)
    capacity = models.PositiveIntegerField(_("名额（人）"), default=50, help_text=_("0 表示不限名额。"))
    registration_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("报名截止"), null=True, blank=True, help_text=_("留空则截止到活动开始。")
    )
    requires_approval = models.BooleanField(_("报名需审核"), default=False)
    waitlist_enabled = models.BooleanField(_("满员后允许候补"), default=True)
    max_party_size = models.PositiveSmallIntegerField(
        _("每份报名最多人数"), default=1, help_text=_("含本人；大于 1 时报名者可带随行人员。")
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("候补递补确认时限（小时）"), null=True, blank=True, help_text=_("留空为 48 小时。")
    )
    questions = StreamField(QuestionStreamBlock(), blank=True, verbose_name=_("报名附加问题"))

    registration_target = models.OneToOneField(
        RegistrationTarget,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="event_page",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("brand")]),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("organiser"),
            ],
            _("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("online_url"),
            ],
            _("地点"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("speakers"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size")]),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldRowPanel(
                    [
                        FieldPanel("requires_approval"),
                        FieldPanel("waitlist_enabled"),
                        FieldPanel("offer_hours"),
                    ]
                ),
                FieldPanel("questions"),
            ],
            _("报名设置"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.FilterField("event_type"),
        index.FilterField("starts_at"),
    ]
    search_fallback_fields = ["summary", "venue_name", "venue_address", "organiser"]
    exclude_fields_in_copy = ["registration_target"]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("报名截止须晚于报名开始。")
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            errors["registration_closes_at"] = _("报名截止不能晚于活动结束。")
        if not self.venue_address and not self.online_url:
            errors["venue_address"] = _("请填写详细地址或线上参与链接。")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("经纬度须同时填写。")
        if self.max_party_size < 1:
            errors["max_party_size"] = _("至少为 1。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.sync_registration_target()
        return super().save(*args, **kwargs)

    def sync_registration_target(self):
        """Copy the published registration settings into the engine's row (created on first save)."""
        self.registration_target = engine.sync_target(
            self.registration_target,
            "event",
            title=self.title,
            capacity=self.capacity,
            opens_at=self.registration_opens_at,
            closes_at=self.registration_closes_at,
            requires_approval=self.requires_approval,
            waitlist_enabled=self.waitlist_enabled,
            max_party_size=self.max_party_size,
            offer_hours=self.offer_hours,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
        )

    # What the page shows ---------------------------------------------------------------------------

    @property
    def is_online(self):
        return bool(self.online_url) and not self.venue_address

    @property
    def location_text(self):
        parts = [p for p in (self.venue_name, self.venue_address) if p]
        if parts:
            return " ".join(parts)
        return str(_("线上活动")) if self.online_url else ""

    @property
    def map_url(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://uri.amap.com/marker?position={self.longitude},{self.latitude}"
            f"&name={self.venue_name or self.title}&coordinate=gaode&callnative=0"
        )

    def describe_for_registration(self):
        """What the registration engine tells people and staff about this event (see registrations.owners)."""
        return TargetDescription(
            title=self.title,
            url=page_url(self),
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=self.location_text,
            online_url=self.online_url,
            online_only=self.is_online,
            organiser=self.organiser,
            questions=self.registration_questions(),
            ics=self.ics(),
            kind_label=str(_("活动")),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.pk]) if self.pk else "",
        )

    def ics(self, request=None):
        url = page_url(self)  # mailed with the confirmation: the public base URL
        return build_ics(
            uid=f"event-{self.pk}@chuangfu",
            title=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=self.location_text or self.online_url,
            description=f"{self.summary}\n{url}",
            url=url,
            organiser=self.organiser,
        )

    def registration_questions(self):
        return [
            block.block.to_question(block.value, f"q{n}") for n, block in enumerate(self.questions, start=1)
        ]

    # What an event card never shows: the four StreamFields are most of an event's row (read, sent and
    # parsed as JSON for nothing: a third of the events list's own time).
    CARD_DEFERRED = ("body", "speakers", "agenda", "questions")

    @classmethod
    def for_cards(cls):
        """Live, public events with what an event card shows (cover image and its renditions, registration
        target) and without what it does not (CARD_DEFERRED)."""
        return (
            cls.objects.live()
            .public()
            .defer(*cls.CARD_DEFERRED)
            .select_related("cover_image", "registration_target")
            .prefetch_related("cover_image__renditions")
        )

    def registration_state(self, now=None):
        if not self.registration_enabled or self.registration_target is None:
            return engine.registration_state(None, self, now=now)
        seats = getattr(self, "seats_taken", None)  # set by attach_seat_counts in listings
        if seats is None:
            seats = engine.seats_taken(self.registration_target)
        return engine.registration_state(self.registration_target, self, seats_taken=seats, now=now)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["state"] = state = self.registration_state()
        context["jsonld"] = event_jsonld(self, request, state)
        if "form" not in context and state.can_register:
            # Anonymous readers share one cacheable page: the form's token and key are fetched per visitor.
            shared = not getattr(getattr(request, "user", None), "is_authenticated", False)
            context["form"] = registration_form(self, request, shared=shared)
            context["form_shared"] = shared
        return context

    @path("")
    def event_view(self, request):
        response = self.render(request)
        if response.context_data.get("form") is not None and not response.context_data.get("form_shared"):
            # A member's form is filled in with their details: no shared cache may hand it to another visitor.
            add_never_cache_headers(response)
        return response

    def registration_post(self, request, confirmed):
        """The form's POST through registrations.views.submit; `confirmed`: it carried a valid CSRF token."""
        if not self.live:
            raise Http404
        if not confirmed:
            return confirm_registration(request, self)
        return register_for_event(request, self)

    @path("register/", name="register")
    def register_view(self, request):
        if request.method != "POST":
            return redirect(self.url + "#register")
        response = register_for_event(request, self)
        add_never_cache_headers(response)  # errors re-render the form with the person's own data
        return response

    @path("calendar/", name="ics")
    def ics_view(self, request):
        response = HttpResponse(self.ics(request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{self.pk}.ics"'
        return response
