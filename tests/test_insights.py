"""计划进度 and 一企一档: live figures, frozen quarters, open data, the 高企培育库 rule, permissions, query bounds."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from brand.models import ServiceRequest
from carriers.models import CarrierPage, Company, FundingRound, TechnologyPlatform
from core.models import ExportRecord
from insights.figures import PLAN_SIGNED, compute_figures
from insights.libraries import hightech_candidates, not_followed_up
from insights.models import FollowUp, PotentialTag, QuarterSnapshot, quarter_of
from insights.snapshots import freeze_quarter
from insights.views import DATASETS
from registrations.models import RegistrationTarget
from tests.factories import (
    CarrierIndexPageFactory,
    CarrierPageFactory,
    CompanyFactory,
    FollowUpFactory,
    FundingRoundFactory,
    PlanProgressPageFactory,
    RegistrationFactory,
    ResidencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan(home_page):
    """Carriers of every kind the figures tell apart, companies at them, and the 计划进度 page."""
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    peak = CarrierPageFactory(
        parent=index, levels=["gaofeng"], industries=["ic"], platforms=[("检测平台", "testing", True)]
    )
    peak2 = CarrierPageFactory(
        parent=index, area="jinqiao", levels=["gaofeng", "shiji"], industries=["biomed"]
    )
    plateau = CarrierPageFactory(
        parent=index,
        area="jinqiao",
        levels=["gaoyuan"],
        carrier_type="accelerator",
        platforms=[("中试", "pilot", True), ("内部实验室", "rnd", False)],
    )
    hidden = CarrierPageFactory(parent=index, levels=["gaofeng"], platforms=[("未发布平台", "testing", True)])
    hidden.unpublish()
    made = []
    for carrier, hightech, specialised in [
        (peak, True, False),
        (peak, False, True),
        (plateau, True, True),
        (peak2, False, False),
    ]:
        company = CompanyFactory(is_hightech=hightech, is_specialised=specialised)
        ResidencyFactory(company=company, carrier=carrier, entered_on=datetime.date(2023, 3, 1))
        made.append(company)
    only_hidden = CompanyFactory(is_hightech=True)
    ResidencyFactory(company=only_hidden, carrier=hidden)
    CompanyFactory(is_hightech=True)  # no residency: not an incubated company
    FundingRoundFactory(company=made[0], amount_wan=Decimal("12000"), closed_on=datetime.date(2024, 1, 1))
    FundingRoundFactory(company=made[2], amount_wan=Decimal("3500.50"), closed_on=datetime.date(2025, 5, 1))
    FundingRoundFactory(
        company=made[2], amount_wan=Decimal("900"), closed_on=datetime.date(2023, 1, 1)
    )  # pre-plan
    FundingRoundFactory(company=only_hidden, amount_wan=Decimal("800"))
    page = PlanProgressPageFactory(parent=home_page)
    return {"page": page, "companies": made, "carriers": [peak, peak2, plateau], "hidden": hidden}


def expected_figures():
    """The same figures, counted another way: straight ORM counts over the rows."""
    live = CarrierPage.objects.live().public()
    incubated = Company.objects.filter(residencies__carrier__in=live).distinct()
    capital = FundingRound.objects.filter(company__in=incubated, closed_on__gte=PLAN_SIGNED).aggregate(
        s=Sum("amount_wan")
    )["s"] or Decimal(0)
    return {
        "gaofeng": live.filter(levels__slug="gaofeng").count(),
        "gaoyuan": live.filter(levels__slug="gaoyuan").count(),
        "hardtech": incubated.count(),
        "hightech": incubated.filter(is_hightech=True).count(),
        "specialised": incubated.filter(is_specialised=True).count()
        + incubated.filter(is_specialised=False, is_little_giant=True).count(),
        "platforms": TechnologyPlatform.objects.filter(carrier__in=live, is_open=True).count(),
        "capital": float(round(capital / 10000, 2)),
    }


def live_values(figures):
    return {t["key"]: t["value"] for t in figures["targets"]}


def test_figures_equal_counts_computed_independently(plan):
    figures = compute_figures()
    expected = expected_figures()
    assert live_values(figures) == expected
    assert expected["gaofeng"] == 2 and expected["hardtech"] == 4 and expected["capital"] == 1.55
    for target in figures["targets"]:
        assert target["share"] == round(100 * target["value"] / target["target"], 1)
    # Every company and carrier figure lands in exactly one area and one carrier type.
    for dim in ("area", "carrier_type"):
        rows = figures["breakdowns"][dim]["rows"]
        for key in expected:
            assert round(sum(row[key] for row in rows), 2) == expected[key], (dim, key)
    areas = {row["name"]: row for row in figures["breakdowns"]["area"]["rows"]}
    assert (
        areas["金桥"]["gaoyuan"] == 1 and areas["金桥"]["hardtech"] == 2 and areas["张江"]["platforms"] == 1
    )


def test_page_tables_show_the_live_figures(client, plan):
    response = client.get(plan["page"].url)
    assert response.status_code == 200
    html = response.content.decode()
    for key, value in expected_figures().items():
        cell = f'<tr data-key="{key}">'
        assert cell in html
        row = html.split(cell, 1)[1].split("</tr>", 1)[0]
        assert (
            f'data-value="{value:g}"' in row if isinstance(value, float) else f'data-value="{value}"' in row
        )
    assert html.count('<svg class="chart"') == 4  # progress + three breakdowns (no snapshot yet: no trend)
    assert "尚无季度快照" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_snapshot_does_not_change_when_the_data_changes(client, plan):
    snapshot, created = freeze_quarter(2026, 3)
    assert created
    frozen = json.loads(json.dumps(snapshot.figures))
    before = live_values(snapshot.figures)
    # The data moves on: a new carrier level, new companies, a company becomes high-tech.
    company = plan["companies"][3]
    Company.objects.filter(pk=company.pk).update(is_hightech=True)
    for _ in range(3):
        ResidencyFactory(company=CompanyFactory(), carrier=plan["carriers"][0])
    again, created_again = freeze_quarter(2026, 3)
    call_command("snapshot_quarter", "--quarter", "2026Q3", stdout=io.StringIO())
    assert not created_again and again.pk == snapshot.pk
    snapshot.refresh_from_db()
    assert snapshot.figures == frozen
    assert QuarterSnapshot.objects.count() == 1
    live = live_values(compute_figures())
    assert live["hardtech"] == before["hardtech"] + 3 and live["hightech"] == before["hightech"] + 1
    # The trend table reads the frozen numbers, not today's.
    html = client.get(plan["page"].url).content.decode()
    trend = html.split('id="table-trend"', 1)[1].split("</table>", 1)[0]
    assert f'data-value="{before["hardtech"]}"' in trend and f'data-value="{live["hardtech"]}"' not in trend


def test_the_command_freezes_the_last_ended_quarter_once(plan):
    out = io.StringIO()
    call_command("snapshot_quarter", stdout=out)
    call_command("snapshot_quarter", stdout=out)
    year, quarter = quarter_of(TODAY)
    expected = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    assert list(QuarterSnapshot.objects.values_list("year", "quarter")) == [expected]
    assert "此前已冻结" in out.getvalue()


def _download(client, page, dataset, fmt):
    response = client.get(f"{page.url}data/{dataset}/{fmt}/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    if fmt == "json":
        payload = json.loads(text)
        assert payload["licence"] and payload["updated_at"] and payload["fields"]
        return payload["rows"], text
    return list(csv.DictReader(io.StringIO(text))), text


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_open_data_holds_no_staff_only_field(client, plan, fmt):
    Company.objects.filter(pk=plan["companies"][1].pk).update(is_public=False, name="不公开的企业")
    CompanyFactory(staff_employee_count=87654, staff_ip_count=4321)
    staff_values = set()
    for company in Company.objects.all():
        staff_values |= {
            str(getattr(company, f)) for f in Company.STAFF_FIELDS if getattr(company, f) not in ("", None)
        }
    staff_values |= set(FundingRound.objects.values_list("investors", flat=True))
    staff_values |= {str(a) for a in FundingRound.objects.values_list("amount_wan", flat=True)}
    FollowUpFactory(company=plan["companies"][0])
    staff_values |= set(FollowUp.objects.values_list("found", flat=True))
    for dataset, spec in DATASETS.items():
        allowed = [key for key, *_ in spec["fields"]]
        assert not [key for key in allowed if key.startswith("staff") or "financ" in key or "contact" in key]
        rows, text = _download(client, plan["page"], dataset, fmt)
        assert rows
        for row in rows:
            assert list(row) == allowed  # every field is in the dictionary, and only those
            for value in row.values():
                assert str(value) not in staff_values, (dataset, value)
        for value in staff_values:
            assert value not in text, (dataset, value)
        assert "不公开的企业" not in text
        assert plan["hidden"].title not in text
    rows, _ = _download(client, plan["page"], "carriers", fmt)
    assert {row["name"] for row in rows} == {c.title for c in plan["carriers"]}


def test_data_dictionary_and_unknown_downloads(client, plan):
    response = client.get(f"{plan['page'].url}data/")
    html = response.content.decode()
    assert response.status_code == 200 and "CC BY 4.0" in html and "数据更新时间" in html
    for spec in DATASETS.values():
        for key, label, *_ in spec["fields"]:
            assert f"<code>{key}</code>" in html and label in html
    assert client.get(f"{plan['page'].url}data/companies/xlsx/").status_code == 404
    assert client.get(f"{plan['page'].url}data/followups/json/").status_code == 404


def _candidate(carrier, entered, employees=50, rnd=10, ip=2, hightech=False, left=None):
    company = CompanyFactory(
        is_hightech=hightech, staff_employee_count=employees, staff_rnd_employee_count=rnd, staff_ip_count=ip
    )
    ResidencyFactory(
        company=company,
        carrier=carrier,
        entered_on=entered,
        left_on=left,
        left_reason="graduated" if left else "",
    )
    return company


def test_hightech_library_rule(home_page):
    carrier = CarrierPageFactory(parent=CarrierIndexPageFactory(parent=home_page))
    year_ago = TODAY - datetime.timedelta(days=365)
    fits = _candidate(carrier, year_ago, employees=50, rnd=5)  # exactly one year, exactly 10%
    fits_long = _candidate(carrier, datetime.date(2020, 1, 1), employees=10, rnd=6, ip=9)
    too_recent = _candidate(carrier, year_ago + datetime.timedelta(days=1))
    low_share = _candidate(carrier, datetime.date(2020, 1, 1), employees=50, rnd=4)
    no_ip = _candidate(carrier, datetime.date(2020, 1, 1), ip=0)
    already = _candidate(carrier, datetime.date(2020, 1, 1), hightech=True)
    left = _candidate(carrier, datetime.date(2020, 1, 1), left=datetime.date(2024, 1, 1))
    unknown = _candidate(carrier, datetime.date(2020, 1, 1), employees=None)
    # An earlier stay counts towards the year in incubation.
    moved = _candidate(carrier, datetime.date(2021, 1, 1), left=datetime.date(2022, 1, 1))
    ResidencyFactory(company=moved, carrier=carrier, entered_on=TODAY - datetime.timedelta(days=30))
    found = set(hightech_candidates().values_list("pk", flat=True))
    assert found == {fits.pk, fits_long.pk, moved.pk}
    assert not found & {too_recent.pk, low_share.pk, no_ip.pk, already.pk, left.pk, unknown.pk}


def staff_user(*codenames):
    user = UserFactory()
    group = Group.objects.create(name=f"staff-{user.username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def test_staff_without_the_permission_see_no_company_file(client, plan):
    company = plan["companies"][0]
    client.force_login(staff_user("change_company", "view_company"))
    for url in [
        f"/admin/insights/company/{company.pk}/",
        "/admin/insights/library/incubating/",
        "/admin/insights/library/hightech/export.csv",
        "/admin/insights/not-followed/",
        "/admin/insights/",
    ]:
        response = client.get(url)
        # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
        assert response.status_code in (302, 403), url
        assert company.credit_code not in response.content.decode()
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    menu = client.get("/admin/").content.decode()
    assert "一企一档" not in menu
    listing = client.get("/admin/snippets/carriers/company/").content.decode()
    assert f"/admin/insights/company/{company.pk}/" not in listing


def test_a_company_without_a_credit_code_gets_no_one_elses_registrations(plan):
    from wagtail import hooks

    company = plan["companies"][0]
    company.credit_code = ""
    RegistrationFactory(organisation="")  # a registrant who left 单位 empty
    RegistrationFactory(organisation="别的公司")
    found = [row for provider in hooks.get_hooks("company_services") for row in provider(company)]
    assert found == []


def test_company_file_with_the_permission(client, plan):
    company = plan["companies"][0]
    RegistrationFactory(organisation=f" {company.name} ")
    course = RegistrationTarget.objects.create(kind="course_session", title="孵化从业人员培训班")
    RegistrationFactory(target=course, organisation=company.credit_code.lower())
    RegistrationFactory(target=course, organisation="别的公司")
    ServiceRequest.objects.create(
        kind="zhixun",
        topic="股权激励方案咨询",
        company_name=company.name,
        stage="startup",
        need="如何设计期权池？",
        contact_name="赵六",
        mobile="13700000009",
        email="zhao6@example.cn",
        privacy_version="2026-11",
        privacy_consented_at=timezone.now(),
        due_at=timezone.now(),
    )
    FollowUpFactory(company=company, found="找到了新的客户")
    client.force_login(staff_user("view_company_file", "view_company"))
    html = client.get(f"/admin/insights/company/{company.pk}/").content.decode()
    assert company.credit_code in html and plan["carriers"][0].title in html
    assert "12000" in html and "内部投资方甲" in html  # its funding round
    assert "活动报名" in html  # an event registration matched by name through the hook
    assert "课程报名" in html and "孵化从业人员培训班" in html  # a course enrollment matched by credit code
    assert html.count("课程报名") == 1
    assert "股权激励方案咨询" in html  # a 创孵智询 request naming the company
    assert "找到了新的客户" in html
    assert "保存跟踪记录" not in html  # may read, not add
    listing = client.get("/admin/snippets/carriers/company/").content.decode()
    assert f"/admin/insights/company/{company.pk}/" in listing
    assert client.get("/admin/insights/library/hightech/export.csv").status_code in (302, 403)
    assert not ExportRecord.objects.exists()


def test_follow_ups_tags_and_the_not_followed_list(client, plan):
    first, second = plan["companies"][:2]
    user = staff_user("view_company_file", "add_followup", "add_potentialtag")
    client.force_login(user)
    year, quarter = quarter_of(TODAY)
    assert first in not_followed_up(year, quarter)
    bad = client.post(
        f"/admin/insights/company/{first.pk}/follow-up/", {"followed_on": TODAY.isoformat(), "found": ""}
    )
    assert bad.status_code == 400 and "请填写了解到的情况" in bad.content.decode()
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    assert (
        client.post(
            f"/admin/insights/company/{first.pk}/follow-up/", {"followed_on": future, "found": "x"}
        ).status_code
        == 400
    )
    assert not FollowUp.objects.exists()
    ok = client.post(
        f"/admin/insights/company/{first.pk}/follow-up/",
        {"followed_on": TODAY.isoformat(), "staff_name": "王敏", "found": "营收增长", "next_step": "回访"},
    )
    assert ok.status_code == 302
    assert FollowUp.objects.get().staff == user
    assert first not in not_followed_up(year, quarter) and second in not_followed_up(year, quarter)
    html = client.get("/admin/insights/not-followed/").content.decode()
    assert second.name in html and first.name not in html
    client.post(f"/admin/insights/company/{second.pk}/tag/", {"tag": "拟上市"})
    assert list(PotentialTag.objects.values_list("company_id", "tag")) == [(second.pk, "拟上市")]
    assert second.name in client.get("/admin/insights/library/potential/").content.decode()


def test_library_export_is_audited(client, plan):
    client.force_login(staff_user("view_company_file", "export_company_library"))
    response = client.get("/admin/insights/library/incubating/export.csv")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "联系电话" in rows[0] and len(rows) == 1 + 5  # the four at live carriers and one at the hidden one
    record = ExportRecord.objects.get()
    assert record.row_count == 5 and record.file_format == "csv" and record.what == "一企一档：在孵企业库"
    assert client.get("/admin/insights/library/incubating/export.xlsx").status_code == 200
    assert client.get("/admin/insights/library/incubating/export.pdf").status_code == 404
    assert client.get("/admin/insights/library/nope/").status_code == 404


def test_admin_freeze_needs_its_permission(client, plan):
    client.force_login(staff_user("view_company_file"))
    assert client.post("/admin/insights/freeze/").status_code in (302, 403)
    assert not QuarterSnapshot.objects.exists()
    client.force_login(staff_user("view_company_file", "add_quartersnapshot"))
    assert client.post("/admin/insights/freeze/").status_code == 302
    assert client.post("/admin/insights/freeze/").status_code == 302
    assert QuarterSnapshot.objects.get().source == "admin"


def _grow(carrier, n):
    for _ in range(n):
        company = CompanyFactory(is_hightech=True, is_little_giant=True)
        ResidencyFactory(company=company, carrier=carrier)
        FundingRoundFactory(company=company)


def test_dashboard_queries_stay_constant_as_companies_grow(client, plan, django_assert_max_num_queries):
    freeze_quarter(2026, 2)
    freeze_quarter(2026, 3)
    url = plan["page"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan["carriers"][0], 30)
    _grow(plan["carriers"][2], 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert f'data-value="{expected_figures()["hardtech"]}"' in response.content.decode()


def test_home_target_row_shows_live_figures(client, plan):
    from wagtail.blocks import StreamValue  # noqa: F401 - the block is saved as raw data below

    home = plan["page"].get_parent().specific
    home.body = [
        (
            "stats",
            {
                "heading": "2025年目标",
                "items": [
                    {"value": "3000家", "label": "硬核科技企业"},
                    {"value": "5个", "label": "别的数字"},
                ],
            },
        )
    ]
    home.save_revision().publish()
    cache.clear()
    html = client.get("/").content.decode()
    assert 'data-plan-target="hardtech"' in html
    row = html.split('data-plan-target="hardtech"', 1)[1].split("</li>", 1)[0]
    assert f"<strong>{expected_figures()['hardtech']}家</strong>" in row and "目标 3000家" in row
    assert "<strong>5个</strong>" in html and plan["page"].url in html


def test_home_target_row_is_computed_once_a_minute_not_per_render(client, plan):
    home = plan["page"].get_parent().specific
    home.body = [
        ("stats", {"heading": "2025年目标", "items": [{"value": "3000家", "label": "硬核科技企业"}]})
    ]
    home.save_revision().publish()
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        html = client.get("/").content.decode()
    company = 'FROM "carriers_company"'
    assert any(company in q["sql"] for q in first.captured_queries)
    assert not any(company in q["sql"] for q in second.captured_queries)
    assert f"<strong>{expected_figures()['hardtech']}家</strong>" in html


def test_editors_annotate_a_quarter_but_never_change_or_add_its_figures(client, plan):
    snapshot, _ = freeze_quarter(2026, 3)
    frozen = snapshot.figures
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/snippets/insights/quartersnapshot/add/").status_code in (302, 403)
    edit = f"/admin/snippets/insights/quartersnapshot/edit/{snapshot.pk}/"
    form = client.get(edit).content.decode()
    assert 'name="note"' in form and 'name="figures"' not in form
    response = client.post(edit, {"note": "口径调整：新增概念验证中心", "figures": "{}", "year": "1999"})
    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert (
        snapshot.note == "口径调整：新增概念验证中心" and snapshot.figures == frozen and snapshot.year == 2026
    )
    assert "口径调整：新增概念验证中心" in client.get(plan["page"].url).content.decode()
