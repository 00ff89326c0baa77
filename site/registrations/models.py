"""The registration engine's data: what can be registered for, and who registered.

A `RegistrationTarget` is the one row the engine locks; events (and next course sessions) point to one
through a OneToOneField and copy their capacity, window and approval switch into it when they are
published. Registrations never know what kind of thing they belong to: an owner describes itself through
`registrations.owners`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Ticket codes avoid look-alike characters (0/O, 1/I/L) so they can be read out and typed on a phone.
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TICKET_LENGTH = 8


def new_ticket_code():
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


class RegistrationTarget(models.Model):
    """Something people register for: capacity (in people), window, approval switch."""

    kind = models.CharField(
        _("类型"), max_length=40, default="event", help_text=_("例如 event、course_session")
    )
    title = models.CharField(_("名称"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("名额（人）"), default=0, help_text=_("0 表示不限名额。"))
    opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    requires_approval = models.BooleanField(_("需要审核"), default=False)
    waitlist_enabled = models.BooleanField(_("满员后允许候补"), default=True)
    max_party_size = models.PositiveSmallIntegerField(_("每份报名最多人数"), default=1)
    offer_hours = models.PositiveSmallIntegerField(
        _("候补确认时限（小时）"), null=True, blank=True, help_text=_("留空则使用系统默认值。")
    )
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The tables keep the names they had when the engine lived in events (registrations 0001).
        db_table = "events_registrationtarget"
        verbose_name = _("报名对象")
        verbose_name_plural = _("报名对象")

    def __str__(self):
        return self.title or f"#{self.pk}"

    @property
    def unlimited(self):
        return self.capacity == 0

    def get_offer_hours(self):
        return self.offer_hours or getattr(settings, "REGISTRATION_OFFER_HOURS", 48)

    def window_state(self, now=None):
        """'not_open', 'open', 'closed' or 'ended' at `now`."""
        now = now or timezone.now()
        if self.ends_at and now >= self.ends_at:
            return "ended"
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        if not self.closes_at and self.starts_at and now >= self.starts_at:
            return "closed"
        return "open"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("已确认")
    WAITLISTED = "waitlisted", _("候补中")
    OFFERED = "offered", _("候补递补待确认")
    CANCELLED = "cancelled", _("已取消")
    REJECTED = "rejected", _("未通过审核")
    ATTENDED = "attended", _("已签到")
    NO_SHOW = "no_show", _("未到场")


# Statuses that hold a seat (count against capacity).
SEAT_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
# Statuses that make a registration "active": the same person cannot register again.
ACTIVE_STATUSES = (*SEAT_STATUSES, RegistrationStatus.WAITLISTED)
ACTIVE_Q = Q(status__in=[s.value for s in ACTIVE_STATUSES])


class RegistrationQuerySet(models.QuerySet):
    def seats_taken(self):
        """People holding a seat among these registrations (a party counts all its people)."""
        return self.filter(status__in=SEAT_STATUSES).aggregate(n=Sum("party_size"))["n"] or 0

    def people_by_status(self):
        """{status: people} in one query."""
        return dict(self.order_by().values("status").annotate(n=Sum("party_size")).values_list("status", "n"))


def _people(target_path, statuses):
    people = (
        Registration.objects.filter(target=OuterRef(target_path), status__in=statuses)
        .order_by()
        .values("target")
        .annotate(n=Sum("party_size"))
        .values("n")
    )
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


def with_seat_counts(queryset, target_path="registration_target"):
    """Annotate owners (or targets, with target_path="pk") with `seats_taken`, `waitlist_size` and
    `pending_count` in the same query: the one place these numbers are computed for listings and panels."""
    return queryset.annotate(
        seats_taken=_people(target_path, SEAT_STATUSES),
        waitlist_size=_people(target_path, [RegistrationStatus.WAITLISTED]),
        pending_count=_people(target_path, [RegistrationStatus.PENDING]),
    )


def attach_seat_counts(objects, target_attr="registration_target_id"):
    """Set `seats_taken`, `waitlist_size` and `pending_count` on each of `objects` (owners, or targets with
    target_attr="pk") from one grouped query over their registrations, and return them as a list.

    For a page of a listing, whose rows are already read: one index scan of the shown targets'
    registrations instead of with_seat_counts's three correlated subqueries per row (a third of the
    events list's database time). Filtering or ordering by the counts needs with_seat_counts."""
    objects = list(objects)
    targets = {getattr(obj, target_attr) for obj in objects} - {None}
    people = {}
    if targets:
        rows = (
            Registration.objects.filter(target_id__in=targets, status__in=ACTIVE_STATUSES)
            .order_by()
            .values_list("target_id", "status")
            .annotate(n=Sum("party_size"))
        )
        for target_id, status, n in rows:
            people[target_id, status] = n
    for obj in objects:
        target_id = getattr(obj, target_attr)
        obj.seats_taken = sum(people.get((target_id, status), 0) for status in SEAT_STATUSES)
        obj.waitlist_size = people.get((target_id, RegistrationStatus.WAITLISTED), 0)
        obj.pending_count = people.get((target_id, RegistrationStatus.PENDING), 0)
    return objects


def with_waitlist_position(queryset):
    """Annotate registrations with `waitlist_position` (1 = next to be offered a seat; None unless
    waitlisted) in the same query, in the order `engine.promote_waitlist` offers seats."""
    waiting = RegistrationStatus.WAITLISTED
    ahead = (
        Registration.objects.filter(target=OuterRef("target"), status=waiting)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("target")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waitlist_position=models.Case(
            models.When(status=waiting, then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1),
            default=None,
            output_field=IntegerField(),
        )
    )


class Registration(models.Model):
    """One person's registration, possibly bringing companions (party_size counts all of them)."""

    target = models.ForeignKey(
        RegistrationTarget, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("报名对象")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    ticket_code = models.CharField(_("票码"), max_length=16, unique=True, default=new_ticket_code)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("账号"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    mobile = models.CharField(_("手机号"), max_length=11)
    email = models.EmailField(_("邮箱"), blank=True)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    job_title = models.CharField(_("职务"), max_length=50, blank=True)
    party_size = models.PositiveSmallIntegerField(_("人数"), default=1, help_text=_("本人加随行人员。"))
    answers = models.JSONField(_("附加问题回答"), default=dict, blank=True)
    staff_note = models.CharField(_("工作人员备注"), max_length=200, blank=True)
    added_by_staff = models.BooleanField(_("工作人员代报"), default=False)

    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("递补确认截止"), null=True, blank=True)
    attended_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("取消原因"), max_length=40, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        db_table = "events_registration"
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["pk"]
        permissions = [
            ("view_registration_contact", _("可查看并导出报名者手机号与邮箱")),
        ]
        constraints = [
            # Backstops for the engine's row lock: one active registration per mobile / email / account,
            # and one registration per form submission (a double-click replays, never duplicates).
            models.UniqueConstraint(
                fields=["target", "mobile"], condition=ACTIVE_Q, name="registrations_one_active_per_mobile"
            ),
            models.UniqueConstraint(
                fields=["target", "email"],
                condition=ACTIVE_Q & ~Q(email=""),
                name="registrations_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["target", "user"],
                condition=ACTIVE_Q & Q(user__isnull=False),
                name="registrations_one_active_per_user",
            ),
            models.UniqueConstraint(
                fields=["target", "submission_key"],
                condition=~Q(submission_key=""),
                name="registrations_one_per_submission",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="registrations_party_size_positive"),
        ]
        # Seat counts (attach_seat_counts, with_seat_counts) sum party_size by target and status: with
        # party_size in the index they read the index alone (PostgreSQL: an index-only scan; SQLite: a
        # covering index), not the registrations' rows.
        indexes = [models.Index(fields=["target", "status", "party_size"], name="registrations_seats")]

    def __str__(self):
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def holds_seat(self):
        return self.status in SEAT_STATUSES

    @property
    def answers_display(self):
        """(question, answer) pairs with multiple choices joined, for staff pages."""
        return [
            (label, "、".join(map(str, value)) if isinstance(value, list) else str(value))
            for label, value in (self.answers or {}).items()
        ]

    @property
    def masked_mobile(self):
        return f"{self.mobile[:3]}****{self.mobile[-4:]}" if len(self.mobile) == 11 else "****"

    @property
    def masked_email(self):
        local, _sep, domain = self.email.partition("@")
        return f"{local[:1]}***@{domain}" if domain else ""


class RegistrationExport(models.Model):
    """An audit row for every export of registrations (PIPL: who took which personal data, when)."""

    target = models.ForeignKey(
        RegistrationTarget, on_delete=models.CASCADE, related_name="exports", verbose_name=_("报名对象")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导出人"),
    )
    created_at = models.DateTimeField(_("导出时间"), default=timezone.now)
    file_format = models.CharField(_("格式"), max_length=8)
    row_count = models.PositiveIntegerField(_("行数"))
    included_contact = models.BooleanField(_("含手机号与邮箱"), default=False)

    class Meta:
        db_table = "events_registrationexport"
        verbose_name = _("报名导出记录")
        verbose_name_plural = _("报名导出记录")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.target} · {self.file_format} · {self.row_count}"


class RateCounter(models.Model):
    """Submissions per client and fixed time window, counted by one atomic upsert (see ratelimit.py)."""

    key = models.CharField(max_length=120)
    window_start = models.BigIntegerField()  # Unix seconds at the start of the window
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="registrations_rate_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.key} @ {self.window_start}: {self.hits}"


class RegistrantMessage(models.Model):
    """A message staff sent to the registrants of one target (an audit row like RegistrationExport: who
    wrote what to whom, when). Each recipient's mail goes through the outbox (registrations.messages)."""

    target = models.ForeignKey(
        RegistrationTarget, on_delete=models.CASCADE, related_name="messages", verbose_name=_("报名对象")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发送人"),
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    statuses = models.CharField(_("收件人状态"), max_length=60)  # comma-separated RegistrationStatus values
    subject = models.CharField(_("标题"), max_length=80)
    body = models.TextField(_("正文"), max_length=2000)
    recipient_count = models.PositiveIntegerField(_("收件人数"))

    class Meta:
        default_permissions = ("add", "view")  # add = may send; a sent message is a record, never edited
        verbose_name = _("报名通知")
        verbose_name_plural = _("报名通知")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.target} · {self.subject} · {self.recipient_count}"
