"""一企一档: a company's life after it enters a carrier — stages reached, funding rounds, honours.

They are part of the company (edited in its form, kept with it), so they live here; the staff's work on a
company (follow-ups, 潜力库 tags) and the plan's figures live in the insights app.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class LifecycleStage(models.TextChoices):
    INCUBATING = "incubating", _("在孵")
    GRADUATED = "graduated", _("毕业")
    HIGHTECH = "hightech", _("高新技术企业")
    SPECIALISED = "specialised", _("专精特新")
    LITTLE_GIANT = "little_giant", _("小巨人")
    LISTED = "listed", _("上市")


class CompanyMilestone(Orderable):
    """The date a company reached a stage of its life, and what proves it (证书编号, 公示文件, 公告)."""

    company = ParentalKey("carriers.Company", related_name="milestones", on_delete=models.CASCADE)
    stage = models.CharField(_("阶段"), max_length=20, choices=LifecycleStage.choices)
    reached_on = models.DateField(_("日期"))
    evidence = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如证书编号、公示文件"))

    panels = [FieldRowPanel([FieldPanel("stage"), FieldPanel("reached_on")]), FieldPanel("evidence")]

    class Meta(Orderable.Meta):
        verbose_name = _("发展阶段")
        verbose_name_plural = _("发展阶段")
        constraints = [
            models.UniqueConstraint(fields=["company", "stage"], name="carriers_milestone_once_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.reached_on}"


class FundingRound(Orderable):
    """A round of financing; the amounts of companies that were incubated feed the plan's 100亿 figure."""

    company = ParentalKey("carriers.Company", related_name="funding_rounds", on_delete=models.CASCADE)
    closed_on = models.DateField(_("日期"))
    round_name = models.CharField(_("轮次"), max_length=20, help_text=_("如天使轮、A轮、战略融资"))
    amount_wan = models.DecimalField(
        _("金额（万元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    investors = models.CharField(_("投资方"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("closed_on"), FieldPanel("round_name"), FieldPanel("amount_wan")]),
        FieldPanel("investors"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("融资轮次")
        verbose_name_plural = _("融资轮次")

    def __str__(self):
        return f"{self.round_name} {self.amount_wan}万元"


class CompanyHonour(Orderable):
    """An honour or qualification beyond the three flags (e.g. 科技小巨人培育, 瞪羚企业)."""

    company = ParentalKey("carriers.Company", related_name="honour_records", on_delete=models.CASCADE)
    name = models.CharField(_("荣誉名称"), max_length=120)
    awarded_on = models.DateField(_("获得日期"))
    issuer = models.CharField(_("认定单位"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("awarded_on")]), FieldPanel("issuer")]

    class Meta(Orderable.Meta):
        verbose_name = _("荣誉资质")
        verbose_name_plural = _("荣誉资质")

    def __str__(self):
        return self.name
