"""A dated run of a course (开班) and its class meetings (课次). People enroll in a session: it owns a
RegistrationTarget of kind "course_session" and copies its capacity and window into it on save, as an event
page does, so the shared engine decides seats, waitlist and offers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.public_url import page_url
from registrations import engine
from registrations.ics import build_ics
from registrations.models import RegistrationTarget
from registrations.owners import TargetDescription

TARGET_KIND = "course_session"


class CourseSession(ClusterableModel):
    course = models.ForeignKey(
        "academy.CoursePage", verbose_name=_("课程"), on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField(_("班次名称"), max_length=60, help_text=_("例如：2026年春季班"))
    capacity = models.PositiveIntegerField(_("名额（人）"), default=30, help_text=_("0 表示不限名额。"))
    enrollment_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(
        _("报名截止"), null=True, blank=True, help_text=_("留空则截止到第一次课开始。")
    )
    waitlist_enabled = models.BooleanField(_("满员后允许候补"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("候补递补确认时限（小时）"), null=True, blank=True, help_text=_("留空为系统默认值。")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True, help_text=_("例如：需自带电脑。"))
    registration_target = models.OneToOneField(
        RegistrationTarget,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="course_session",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("capacity"), FieldPanel("waitlist_enabled"), FieldPanel("offer_hours")]
                ),
                FieldRowPanel([FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]),
            ],
            _("报名设置"),
        ),
        FieldPanel("note"),
        InlinePanel("meetings", label=_("课次"), min_num=1),
    ]

    class Meta:
        verbose_name = _("开班")
        verbose_name_plural = _("开班")
        ordering = ["course", "pk"]

    def __str__(self):
        return f"{self.course.title} · {self.name}"

    # Dates come from the meetings; both are None until the first meeting is saved.
    @property
    def starts_at(self):
        return min((m.starts_at for m in self.meetings.all()), default=None)

    @property
    def ends_at(self):
        return max((m.ends_at for m in self.meetings.all()), default=None)

    def clean(self):
        super().clean()
        opens, closes = self.enrollment_opens_at, self.enrollment_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError({"enrollment_closes_at": _("报名截止须晚于报名开始。")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            self.sync_registration_target()

    def sync_registration_target(self):
        """Copy capacity, window and dates into the engine's row (created on first save)."""
        target = engine.sync_target(
            self.registration_target,
            TARGET_KIND,
            title=str(self)[:255],
            capacity=self.capacity,
            opens_at=self.enrollment_opens_at,
            closes_at=self.enrollment_closes_at,
            requires_approval=self.course.requires_approval,
            waitlist_enabled=self.waitlist_enabled,
            max_party_size=1,
            offer_hours=self.offer_hours,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
        )
        if self.registration_target_id != target.pk:
            self.registration_target = target
            CourseSession.objects.filter(pk=self.pk).update(registration_target=target)

    # The registration engine's owner protocol (registrations.owners) --------------------------------

    def describe_for_registration(self):
        meetings = list(self.meetings.all())
        first = meetings[0] if meetings else None
        return TargetDescription(
            title=str(self),
            url=page_url(self.course),
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=first.place if first else "",
            online_url=first.online_url if first else "",
            organiser=str(_("浦东孵化学堂")),
            ics=self.ics() if meetings else None,
            kind_label=str(_("课程")),
            edit_url=reverse("wagtailsnippets_academy_coursesession:edit", args=[self.pk]) if self.pk else "",
        )

    def ics(self):
        """One calendar with every class meeting of the session."""
        meetings = list(self.meetings.all())
        return build_ics(
            uid=f"course-session-{self.pk}@chuangfu",
            title=str(self),
            starts_at=meetings[0].starts_at,
            ends_at=meetings[0].ends_at,
            location=meetings[0].place,
            description=self.course.summary,
            url=page_url(self.course),
            organiser=str(_("浦东孵化学堂")),
            more=[
                {
                    "uid": f"course-meeting-{m.pk}@chuangfu",
                    "title": f"{self} · {m.topic or _('第%(n)s次课') % {'n': n}}",
                    "starts_at": m.starts_at,
                    "ends_at": m.ends_at,
                    "location": m.place,
                }
                for n, m in enumerate(meetings[1:], start=2)
            ],
        )

    def is_enrollment_open(self, now=None):
        target = self.registration_target
        return target is not None and target.window_state(now or timezone.now()) == "open"


class ClassMeeting(Orderable):
    """One class meeting (课次): when, where or the online link."""

    session = ParentalKey(CourseSession, related_name="meetings", on_delete=models.CASCADE)
    topic = models.CharField(_("主题"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上链接"), blank=True)

    panels = [
        FieldPanel("topic"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online_url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("课次")
        verbose_name_plural = _("课次")

    def __str__(self):
        return f"{self.session} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def place(self):
        return self.venue or (str(_("线上")) if self.online_url else "")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
        if not self.venue and not self.online_url:
            raise ValidationError({"venue": _("请填写地点或线上链接。")})
