"""Demo content for 计划进度 and 一企一档: each demo company's rule figures, stage timeline, funding rounds
and honours; quarterly follow-ups and 潜力库 tags; four past quarters of snapshots; the 计划进度 page.

Company rows are only filled where they are still empty, so a second run writes nothing; snapshots are
frozen once (as of each quarter's last day, from the dated records) and never redone."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.utils import timezone

from core.demo import ensure_page, load_demo_data
from registrations.models import Registration

from .figures import PLAN_SIGNED, compute_figures
from .models import FollowUp, PlanProgressPage, PotentialTag, QuarterSnapshot, quarter_bounds, quarter_of
from .snapshots import freeze_quarter, last_ended_quarter

APP_DIR = Path(__file__).parent
REQUIRED_KEYS = {
    "insights.yaml": {
        ".": {
            "page",
            "rounds",
            "investors",
            "honours",
            "evidence",
            "followers",
            "findings",
            "next_steps",
            "tags",
        },
        "page": {"slug", "title", "intro"},
    }
}
ANCHOR_DATE = datetime.date(2026, 11, 20)  # the carriers demo's "today" for residency dates


def insights(ctx):
    data = load_demo_data(APP_DIR, "insights.yaml", REQUIRED_KEYS["insights.yaml"])
    rng = ctx.rng("insights")
    page = data["page"]
    ensure_page(
        ctx, ctx.objects["home"], PlanProgressPage, page["slug"], title=page["title"], intro=page["intro"]
    )
    Company = apps.get_model("carriers", "Company")
    companies = list(Company.objects.prefetch_related("residencies").order_by("credit_code"))
    written = _company_files(ctx, rng, data, companies)
    followed = _follow_ups(rng, data, companies)
    tagged = _tags(rng, data, companies)
    frozen = _snapshots(data)
    served = _services(companies)
    ctx.log(
        f"企业档案 {written} 家、跟踪记录 {followed} 条、潜力标签 {tagged} 个、季度快照 {frozen} 个、"
        f"关联报名 {served} 条 ✓"
    )


def _services(companies, count=12, per_company=3):
    """The demo's registrants name placeholder employers (某…公司): let some come from library companies, so
    their files list the events and courses they attended. Once: skipped when any already does."""
    names = [company.name for company in companies[:count]]
    if not names or Registration.objects.filter(organisation__in=names).exists():
        return 0
    placeholders = list(
        Registration.objects.filter(organisation__contains="某", organisation__endswith="有限公司").order_by(
            "pk"
        )[: count * per_company]
    )
    for n, registration in enumerate(placeholders):
        registration.organisation = names[n % len(names)]
    Registration.objects.bulk_update(placeholders, ["organisation"])
    return len(placeholders)


def _company_files(ctx, rng, data, companies):
    Milestone = apps.get_model("carriers", "CompanyMilestone")
    Round = apps.get_model("carriers", "FundingRound")
    Honour = apps.get_model("carriers", "CompanyHonour")
    Company = apps.get_model("carriers", "Company")
    have_files = set(Milestone.objects.values_list("company_id", flat=True).distinct())
    milestones, rounds, honours, updated = [], [], [], []
    for company in companies:
        # Drawn for every company, so one company's file never depends on which others exist.
        employees = rng.randint(6, 240)
        share = rng.choice([0.05, 0.08, 0.12, 0.18, 0.25, 0.35, 0.5])
        ip = rng.choice([0, 0, 1, 2, 4, 7, 12, 25])
        draws = [rng.random() for _ in range(12)]
        if company.pk in have_files:
            continue
        stays = sorted(company.residencies.all(), key=lambda r: r.entered_on)
        if not stays:
            continue
        company.staff_employee_count = employees
        company.staff_rnd_employee_count = max(1, round(employees * share))
        company.staff_ip_count = ip
        updated.append(company)
        entered = stays[0].entered_on
        ev = data["evidence"]
        milestones.append(
            Milestone(
                company=company,
                stage="incubating",
                reached_on=entered,
                evidence=ev["incubating"].format(year=entered.year),
                sort_order=0,
            )
        )
        graduated = next((s.left_on for s in stays if s.left_reason == "graduated"), None)
        if graduated:
            milestones.append(
                Milestone(
                    company=company,
                    stage="graduated",
                    reached_on=graduated,
                    evidence=ev["graduated"].format(year=graduated.year),
                    sort_order=1,
                )
            )
        day = entered
        for order, (flag, stage) in enumerate(
            [
                ("is_hightech", "hightech"),
                ("is_specialised", "specialised"),
                ("is_little_giant", "little_giant"),
            ],
            start=2,
        ):
            if getattr(company, flag):
                day = min(ANCHOR_DATE, day + datetime.timedelta(days=200 + int(draws[order] * 600)))
                milestones.append(
                    Milestone(
                        company=company,
                        stage=stage,
                        reached_on=day,
                        evidence=ev[stage].format(year=day.year, number=f"{company.pk % 10000:04d}"),
                        sort_order=order,
                    )
                )
        if company.is_little_giant and draws[5] < 0.3:
            listed = min(ANCHOR_DATE, day + datetime.timedelta(days=300))
            milestones.append(
                Milestone(
                    company=company,
                    stage="listed",
                    reached_on=listed,
                    evidence=ev["listed"].format(year=listed.year),
                    sort_order=6,
                )
            )
        # Funding: most companies raise once or more; later rounds are larger.
        count = 0 if draws[6] < 0.25 else 1 if draws[6] < 0.6 else 2 if draws[6] < 0.85 else 3
        day = max(entered, PLAN_SIGNED - datetime.timedelta(days=200))
        for n in range(count):
            day = day + datetime.timedelta(days=120 + int(draws[7 + n] * 400))
            if day > ANCHOR_DATE:
                break
            amount = Decimal(rng.randrange(100, 1200, 50) * (n + 1) * (2 if company.is_hightech else 1))
            rounds.append(
                Round(
                    company=company,
                    closed_on=day,
                    round_name=data["rounds"][min(n + int(draws[10] * 2), 5)],
                    amount_wan=amount,
                    investors="、".join(rng.sample(data["investors"], k=rng.randint(1, 3))),
                    sort_order=n,
                )
            )
        if company.is_hightech and draws[11] < 0.5:
            honour = rng.choice(data["honours"])
            honours.append(
                Honour(
                    company=company,
                    name=honour["name"],
                    issuer=honour["issuer"],
                    awarded_on=min(ANCHOR_DATE, entered + datetime.timedelta(days=500)),
                    sort_order=0,
                )
            )
    Company.objects.bulk_update(
        updated, ["staff_employee_count", "staff_rnd_employee_count", "staff_ip_count"]
    )
    Milestone.objects.bulk_create(milestones)
    Round.objects.bulk_create(rounds)
    Honour.objects.bulk_create(honours)
    ctx.stats["created"] += len(milestones) + len(rounds) + len(honours)
    return len(updated)


def _follow_ups(rng, data, companies):
    """For companies in incubation: follow-ups in the past four quarters and, for most, this one."""
    if FollowUp.objects.exists():
        return 0
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    quarters = []
    for _ in range(5):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    rows = []
    for company in companies:
        if not any(s.left_on is None for s in company.residencies.all()):
            continue
        for index, (y, q) in enumerate(quarters):
            if rng.random() < (0.6 if index == 0 else 0.8):
                start, end = quarter_bounds(y, q)
                end = min(end, today)
                day = start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))
                rows.append(
                    FollowUp(
                        company=company,
                        followed_on=day,
                        staff_name=rng.choice(data["followers"]),
                        found=rng.choice(data["findings"]).format(rnd=company.staff_rnd_employee_count or 3),
                        next_step=rng.choice(data["next_steps"]),
                    )
                )
    FollowUp.objects.bulk_create(rows)
    return len(rows)


def _tags(rng, data, companies):
    if PotentialTag.objects.exists():
        return 0
    chosen = rng.sample(companies, k=min(24, len(companies)))
    PotentialTag.objects.bulk_create(PotentialTag(company=c, tag=rng.choice(data["tags"])) for c in chosen)
    return len(chosen)


def _snapshots(data):
    """The four quarters before this one, each frozen once as of its last day."""
    year, quarter = last_ended_quarter()
    created = 0
    for index in range(4):
        if not QuarterSnapshot.objects.filter(year=year, quarter=quarter).exists():
            _start, end = quarter_bounds(year, quarter)
            snapshot, _made = freeze_quarter(year, quarter, source="demo", figures=compute_figures(as_of=end))
            if index == 3:
                snapshot.note = data.get("first_quarter_note", "")
                snapshot.save(update_fields=["note"])
            created += 1
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return created
