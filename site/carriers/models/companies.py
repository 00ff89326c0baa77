"""The company library (一库): companies and their stays at carriers, kept outside the page tree."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .taxonomies import HONOUR_FIELDS, CompanyStage, Honour, Industry, LeftReason


class PublicCompanyQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Company(index.Indexed, ClusterableModel):
    """A company in the library. Fields under "staff only" never leave the admin (see PUBLIC_FIELDS)."""

    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, help_text=_("18位，导入时用于识别同一企业")
    )
    name = models.CharField(_("企业名称"), max_length=120)
    industry = models.ForeignKey(
        Industry, verbose_name=_("产业领域"), on_delete=models.PROTECT, related_name="companies"
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=CompanyStage.choices, default=CompanyStage.INCUBATING
    )
    is_hightech = models.BooleanField(_("高新技术企业"), default=False)
    is_specialised = models.BooleanField(_("专精特新"), default=False)
    is_little_giant = models.BooleanField(_("小巨人"), default=False)
    founded_year = models.PositiveSmallIntegerField(_("成立年份"), null=True, blank=True)
    profile = models.TextField(_("企业简介"), max_length=400, blank=True)
    website = models.URLField(_("网站"), blank=True)
    is_public = models.BooleanField(_("公开展示"), default=True, help_text=_("取消勾选则仅在后台可见"))
    # Staff only: never rendered on the site, exported publicly, or sent to the search index.
    staff_financing = models.TextField(_("融资情况（内部）"), blank=True)
    staff_contact_name = models.CharField(_("企业联系人（内部）"), max_length=40, blank=True)
    staff_contact_phone = models.CharField(_("联系电话（内部）"), max_length=40, blank=True)
    staff_notes = models.TextField(_("备注（内部）"), blank=True)
    # Staff only as well: the figures the 高企培育库 rule reads (see insights/libraries.py).
    staff_employee_count = models.PositiveIntegerField(_("职工总数（内部）"), null=True, blank=True)
    staff_rnd_employee_count = models.PositiveIntegerField(_("研发人员数（内部）"), null=True, blank=True)
    staff_ip_count = models.PositiveIntegerField(
        _("有效知识产权数（内部）"), null=True, blank=True, help_text=_("发明专利、实用新型、软件著作权等")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, null=True)

    objects = PublicCompanyQuerySet.as_manager()

    PUBLIC_FIELDS = (
        "credit_code",
        "name",
        "industry",
        "stage",
        "is_hightech",
        "is_specialised",
        "is_little_giant",
        "founded_year",
        "profile",
        "website",
    )
    STAFF_FIELDS = (
        "staff_financing",
        "staff_contact_name",
        "staff_contact_phone",
        "staff_notes",
        "staff_employee_count",
        "staff_rnd_employee_count",
        "staff_ip_count",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credit_code"),
        FieldRowPanel([FieldPanel("industry"), FieldPanel("stage"), FieldPanel("founded_year")]),
        FieldRowPanel(
            [FieldPanel("is_hightech"), FieldPanel("is_specialised"), FieldPanel("is_little_giant")]
        ),
        FieldPanel("profile"),
        FieldPanel("website"),
        FieldPanel("is_public"),
        InlinePanel("residencies", label=_("入驻记录")),
        MultiFieldPanel(
            [
                FieldPanel("staff_financing"),
                FieldRowPanel([FieldPanel("staff_contact_name"), FieldPanel("staff_contact_phone")]),
                FieldPanel("staff_notes"),
                FieldRowPanel(
                    [
                        FieldPanel("staff_employee_count"),
                        FieldPanel("staff_rnd_employee_count"),
                        FieldPanel("staff_ip_count"),
                    ]
                ),
            ],
            _("内部信息（仅工作人员可见，不公开、不导出到网站、不进入搜索）"),
        ),
        InlinePanel("milestones", label=_("发展阶段（一企一档，内部）")),
        InlinePanel("funding_rounds", label=_("融资轮次（内部）")),
        InlinePanel("honour_records", label=_("荣誉资质（内部）")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("is_public"),
    ]
    search_fallback_fields = ["name", "profile"]

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业库")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def rnd_share(self):
        """研发人员占比 in percent, or None while either count is missing."""
        if not self.staff_employee_count or self.staff_rnd_employee_count is None:
            return None
        return round(100 * self.staff_rnd_employee_count / self.staff_employee_count, 1)

    def honours(self):
        return [label for value, label in Honour.choices if getattr(self, HONOUR_FIELDS[value])]


class Residency(Orderable):
    """A company's stay at a carrier. A company that moves has one row per carrier, in date order."""

    company = ParentalKey("carriers.Company", related_name="residencies", on_delete=models.CASCADE)
    carrier = models.ForeignKey(
        "carriers.CarrierPage",
        verbose_name=_("孵化载体"),
        on_delete=models.CASCADE,
        related_name="residencies",
    )
    entered_on = models.DateField(_("入驻日期"))
    left_on = models.DateField(_("毕业/迁出日期"), null=True, blank=True)
    left_reason = models.CharField(_("离开原因"), max_length=20, choices=LeftReason.choices, blank=True)

    panels = [
        FieldPanel("carrier"),
        FieldRowPanel([FieldPanel("entered_on"), FieldPanel("left_on"), FieldPanel("left_reason")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("入驻记录")
        verbose_name_plural = _("入驻记录")
        indexes = [models.Index(fields=["carrier", "left_on"])]

    def __str__(self):
        return f"{self.company} @ {self.carrier}"

    @property
    def is_current(self):
        return self.left_on is None

    def clean(self):
        super().clean()
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            raise ValidationError({"left_on": _("毕业/迁出日期不能早于入驻日期。")})
        if self.left_on and not self.left_reason:
            raise ValidationError({"left_reason": _("填写了离开日期时须选择离开原因。")})


class ImportJob(models.Model):
    """One XLSX import, run by the task worker so a web worker is never held by a large file. The upload
    is deleted once the job has run (it holds internal contact data); the result stays for the record."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        VALIDATING = "validating", _("校验中")
        APPLYING = "applying", _("写入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    index_page = models.ForeignKey(
        "carriers.CarrierIndexPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("导入到")
    )
    file = models.FileField(_("文件"), upload_to="carrier-imports/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    overwrite_drafts = models.BooleanField(_("覆盖草稿"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导入人"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("数据行"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} · {self.get_status_display()}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
