"""The company libraries of task 20 as saved filters over the same company data (no copies):
在孵企业库, 高企培育库 (candidates by rule), 潜力库 (staff tags)."""

import datetime

from django.apps import apps
from django.db.models import Exists, F, FloatField, Min, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

# 高企培育库: the conditions of 高新技术企业 认定 a company can be watched against (国科发火〔2016〕32号:
# registered ≥ 1 year, own IP, R&D staff ≥ 10%), read here as incubated ≥ 1 year at a carrier.
HIGHTECH_RULE = {"min_incubation_days": 365, "min_rnd_share": 10.0, "min_ip_count": 1}


def companies():
    return apps.get_model("carriers", "Company").objects.all()


def _current_stay():
    Residency = apps.get_model("carriers", "Residency")
    return Exists(Residency.objects.filter(company_id=OuterRef("pk"), left_on__isnull=True))


def incubating():
    """在孵企业库: companies with a stay at a carrier that has not ended."""
    return companies().filter(_current_stay())


def hightech_candidates(today=None, rule=HIGHTECH_RULE):
    """高企培育库: in incubation now, not yet 高新技术企业, in incubation since ≥ N days, R&D staff share and
    IP count at or above the rule's thresholds."""
    today = today or timezone.localdate()
    started_before = today - datetime.timedelta(days=rule["min_incubation_days"])
    return (
        incubating()
        .filter(is_hightech=False, staff_employee_count__gt=0, staff_ip_count__gte=rule["min_ip_count"])
        .annotate(
            incubation_start=Min("residencies__entered_on"),
            rnd_share_pct=Cast(F("staff_rnd_employee_count"), FloatField())
            * 100.0
            / Cast(F("staff_employee_count"), FloatField()),
        )
        .filter(incubation_start__lte=started_before, rnd_share_pct__gte=rule["min_rnd_share"])
    )


def potential(tag=""):
    """潜力库: companies a staff member tagged (one tag, or any)."""
    PotentialTag = apps.get_model("insights", "PotentialTag")
    tags = PotentialTag.objects.filter(company_id=OuterRef("pk"))
    if tag:
        tags = tags.filter(tag=tag)
    return companies().filter(Exists(tags))


LIBRARIES = {
    "incubating": ("在孵企业库", "有尚未结束的入驻记录的企业。", incubating),
    "hightech": (
        "高企培育库",
        "在孵、尚未认定高新技术企业，入孵满 {min_incubation_days} 天、研发人员占比不低于 {min_rnd_share:g}%、"
        "有效知识产权不少于 {min_ip_count} 件的企业（按规则自动筛选）。".format(**HIGHTECH_RULE),
        hightech_candidates,
    ),
    "potential": ("潜力库", "工作人员打上潜力标签的企业（如拟上市、拟申报专精特新）。", potential),
}


def not_followed_up(year, quarter):
    """在孵 companies with no follow-up dated in the quarter."""
    from .models import quarter_bounds

    FollowUp = apps.get_model("insights", "FollowUp")
    start, end = quarter_bounds(year, quarter)
    done = FollowUp.objects.filter(company_id=OuterRef("pk"), followed_on__range=(start, end))
    return incubating().filter(~Exists(done))


def with_library_columns(queryset):
    """The columns the library lists and exports show, in a constant number of queries."""
    Residency = apps.get_model("carriers", "Residency")
    current = Residency.objects.filter(company_id=OuterRef("pk"), left_on__isnull=True).order_by(
        "-entered_on"
    )
    return (
        queryset.select_related("industry")
        .annotate(
            first_entered=Min("residencies__entered_on"),
            current_carrier=current.values("carrier__title")[:1],
        )
        .order_by("name")
    )


def export_columns(with_contacts):
    columns = [
        ("统一社会信用代码", lambda c: c.credit_code),
        ("企业名称", lambda c: c.name),
        ("产业领域", lambda c: c.industry.name),
        ("阶段", lambda c: c.get_stage_display()),
        ("当前载体", lambda c: c.current_carrier or ""),
        ("入孵日期", lambda c: c.first_entered.isoformat() if c.first_entered else ""),
        ("职工总数", lambda c: c.staff_employee_count if c.staff_employee_count is not None else ""),
        ("研发人员占比%", lambda c: c.rnd_share if c.rnd_share is not None else ""),
        ("有效知识产权数", lambda c: c.staff_ip_count if c.staff_ip_count is not None else ""),
        ("资质", lambda c: "、".join(str(h) for h in c.honours())),
    ]
    if with_contacts:
        columns += [
            ("企业联系人", lambda c: c.staff_contact_name),
            ("联系电话", lambda c: c.staff_contact_phone),
        ]
    return columns
