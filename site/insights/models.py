"""计划进度 and 一企一档: the staff's quarterly follow-ups and 潜力库 tags on companies, the frozen quarterly
figures, and the public 计划进度 page. Companies are reached by string references only (layer rule)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


class FollowUp(models.Model):
    """One quarterly follow-up of a company (按季度跟踪): who, when, what was found, the next step."""

    company = models.ForeignKey(
        "carriers.Company", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("企业")
    )
    followed_on = models.DateField(_("跟踪日期"), default=datetime.date.today)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("跟踪人"),
    )
    staff_name = models.CharField(_("跟踪人姓名"), max_length=40, blank=True)
    found = models.TextField(_("了解到的情况"), max_length=2000)
    next_step = models.TextField(_("下一步"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("季度跟踪记录")
        verbose_name_plural = _("季度跟踪记录")
        ordering = ["-followed_on", "-pk"]
        indexes = [models.Index(fields=["company", "followed_on"])]
        permissions = [
            ("view_company_file", _("可查看一企一档（企业档案与企业库）")),
            ("export_company_library", _("可导出企业库（含企业联系人）")),
        ]

    def __str__(self):
        return f"{self.company} · {self.followed_on}"

    @property
    def quarter_label(self):
        year, quarter = quarter_of(self.followed_on)
        return f"{year}年第{quarter}季度"

    @property
    def who(self):
        return self.staff_name or (
            self.staff.get_full_name() or self.staff.get_username() if self.staff else ""
        )


class PotentialTag(models.Model):
    """A staff tag that puts a company in the 潜力库 (e.g. 拟上市, 拟申报高企)."""

    company = models.ForeignKey(
        "carriers.Company", on_delete=models.CASCADE, related_name="potential_tags", verbose_name=_("企业")
    )
    tag = models.CharField(_("标签"), max_length=40)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("添加人"),
    )
    added_at = models.DateTimeField(_("添加时间"), default=timezone.now)

    class Meta:
        verbose_name = _("潜力库标签")
        verbose_name_plural = _("潜力库标签")
        ordering = ["tag", "company__name"]
        constraints = [models.UniqueConstraint(fields=["company", "tag"], name="insights_tag_once")]

    def __str__(self):
        return f"{self.tag} · {self.company}"


class QuarterSnapshot(models.Model):
    """The plan's figures as they stood at the end of a quarter, frozen: later data never changes them."""

    year = models.PositiveSmallIntegerField(_("年份"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    figures = models.JSONField(_("数据"), editable=False)
    taken_at = models.DateTimeField(_("冻结时间"), default=timezone.now, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("操作人"),
    )
    source = models.CharField(_("来源"), max_length=20, default="command", editable=False)
    note = models.TextField(
        _("季度说明"),
        max_length=1000,
        blank=True,
        help_text=_("公开显示在计划进度页该季度旁，如数据口径变化"),
    )

    panels = [FieldPanel("note")]

    class Meta:
        verbose_name = _("季度快照")
        verbose_name_plural = _("季度快照")
        ordering = ["year", "quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="insights_one_snapshot")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.year}年Q{self.quarter}"


class PlanProgressPage(RoutablePageMixin, Page):  # noqa: DJ008 - Page provides __str__
    """计划进度: the plan's 2025 targets beside live figures, breakdowns, the quarterly trend, open data."""

    intro = models.TextField(_("导语"), blank=True)
    licence = models.CharField(
        _("开放数据许可"),
        max_length=300,
        default="本数据以知识共享署名 4.0 国际许可协议（CC BY 4.0）开放，使用时请注明来源“创孵”。",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("licence")]
    max_count = 1
    subpage_types = []
    template = "insights/plan_progress_page.html"

    class Meta:
        verbose_name = _("计划进度")
        verbose_name_plural = _("计划进度")

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.dashboard_context(self))
        return context

    @path("data/")
    def data_dictionary(self, request):
        from . import views

        return views.data_dictionary(request, self)

    @path("data/<slug:dataset>/<slug:fmt>/")
    def data_download(self, request, dataset, fmt):
        from . import views

        return views.data_download(request, self, dataset, fmt)
