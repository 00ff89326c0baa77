"""Requests the three answering brands take in: 创孵智询 consultations, 双创云超 service requests and 创孵驿站
visit appointments, one model with a kind; their messages and status history; the providers behind 云超
services; and the half-day visit slots of a station (the row a booking locks, like a registration target).

Every change goes through brand/inbox.py (locks, workflow rules, mails); nothing here sends mail.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


def new_code():
    return secrets.token_hex(16)


class RequestKind(models.TextChoices):
    CONSULTATION = "zhixun", _("智询咨询")
    SERVICE = "yunchao", _("云超服务申请")
    VISIT = "yizhan", _("驿站到访预约")


class RequestStatus(models.TextChoices):
    NEW = "new", _("新提交")
    ASSIGNED = "assigned", _("已分派")
    IN_PROGRESS = "in_progress", _("处理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (
    RequestStatus.NEW,
    RequestStatus.ASSIGNED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.REPLIED,
)


def response_hours(kind, service=None):
    """The promised first answer: the service's own for 云超, else the setting for 智询 or 驿站."""
    if kind == RequestKind.SERVICE and service is not None:
        return service.response_hours
    if kind == RequestKind.VISIT:
        return getattr(settings, "BRAND_VISIT_RESPONSE_HOURS", 24)
    return getattr(settings, "BRAND_CONSULTATION_RESPONSE_HOURS", 48)


class CompanyStage(models.TextChoices):
    IDEA = "idea", _("创意/筹备")
    STARTUP = "startup", _("初创期（成立3年内）")
    GROWTH = "growth", _("成长期")
    MATURE = "mature", _("成熟期")


class VisitHalf(models.TextChoices):
    MORNING = "am", _("上午 9:00–12:00")
    AFTERNOON = "pm", _("下午 13:30–17:00")


class ServiceProvider(models.Model):
    """A third-party organisation offering 双创云超 services; its public page lists its services and ratings.
    `staff` are the provider's own people: in the admin they see and answer only this provider's requests."""

    name = models.CharField(_("名称"), max_length=120, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=80, unique=True, allow_unicode=False)
    profile = models.TextField(_("机构简介"), max_length=1000)
    qualifications = models.TextField(
        _("资质"), blank=True, help_text=_("每行一项，例如：专利代理机构执业许可")
    )
    service_areas = models.ManyToManyField(
        "core.Area",
        blank=True,
        verbose_name=_("服务区域"),
        related_name="+",
        help_text=_("不选表示浦东全区。"),
    )
    contact_phone = models.CharField(_("对外服务电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("对外服务邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        verbose_name=_("服务商工作人员"),
        related_name="service_providers",
        help_text=_("在后台只能查看和答复本服务商的服务申请。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("profile"),
        FieldPanel("qualifications"),
        FieldPanel("service_areas"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("website"),
            ],
            _("对外联系方式（公开显示）"),
        ),
        FieldPanel("staff"),
    ]

    class Meta:
        verbose_name = _("云超服务商")
        verbose_name_plural = _("云超服务商")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("brand:provider", args=[self.slug])

    def qualification_list(self):
        return [line.strip() for line in self.qualifications.splitlines() if line.strip()]


class VisitSlot(models.Model):
    """One half-day of one station. Created on the first booking; every booking locks it (SELECT … FOR
    UPDATE) before counting, so a slot's visitors never exceed the station's capacity."""

    station = models.ForeignKey("brand.StationPage", on_delete=models.CASCADE, related_name="visit_slots")
    date = models.DateField(_("日期"))
    half = models.CharField(_("时段"), max_length=2, choices=VisitHalf.choices)

    class Meta:
        verbose_name = _("到访时段")
        verbose_name_plural = _("到访时段")
        constraints = [
            models.UniqueConstraint(fields=["station", "date", "half"], name="brand_visit_slot_unique")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_half_display()}"


class ServiceRequest(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    code = models.CharField(_("编号"), max_length=32, unique=True, default=new_code, editable=False)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)

    topic = models.CharField(_("主题"), max_length=100)
    company_name = models.CharField(_("企业名称"), max_length=100)
    company = models.ForeignKey(
        "carriers.Company",
        verbose_name=_("企业库中的企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(_("企业阶段"), max_length=10, choices=CompanyStage.choices)
    need = models.TextField(_("需求描述"), max_length=2000)
    contact_name = models.CharField(_("联系人"), max_length=50)
    mobile = models.CharField(_("手机号"), max_length=11)
    email = models.EmailField(_("邮箱"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
    )
    privacy_version = models.CharField(_("隐私说明版本"), max_length=20)
    privacy_consented_at = models.DateTimeField(_("同意时间"))

    expert = models.ForeignKey(
        "brand.ExpertPage",
        verbose_name=_("意向专家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.ForeignKey(
        "brand.ServicePage",
        verbose_name=_("服务产品"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("服务商"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    station = models.ForeignKey(
        "brand.StationPage",
        verbose_name=_("驿站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visit_slot = models.ForeignKey(
        VisitSlot,
        verbose_name=_("到访时段"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    visitors = models.PositiveSmallIntegerField(_("到访人数"), default=1)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_service_requests",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    due_at = models.DateTimeField(_("答复期限"))
    first_response_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.TextField(_("评价"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务需求")
        verbose_name_plural = _("服务需求")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_servicerequest_contact", _("查看和导出服务需求的联系方式"))]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="brand_request_submission_key",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="brand_request_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.topic}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.first_response_at is None and self.due_at < timezone.now()

    @property
    def reference(self):
        """What people quote on the phone: the kind's letter and the row id."""
        prefix = {"zhixun": "ZX", "yunchao": "YC", "yizhan": "YZ"}[self.kind]
        return f"{prefix}{self.pk:06d}"


class MessageKind(models.TextChoices):
    REQUESTER = "requester", _("需求方留言")
    REPLY = "reply", _("答复")
    NOTE = "note", _("内部备注")
    STATUS = "status", _("状态变更")


class RequestMessage(models.Model):
    """The history of a request. Internal notes (kind NOTE) are for staff only: the requester's page and
    mails read `RequestMessage.public` rows only."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("类型"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("内容"), max_length=2000, blank=True)
    status = models.CharField(_("新状态"), max_length=12, choices=RequestStatus.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("需求记录")
        verbose_name_plural = _("需求记录")
        ordering = ["created_at", "pk"]

    PUBLIC = ~Q(kind=MessageKind.NOTE)

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def internal(self):
        return self.kind == MessageKind.NOTE
