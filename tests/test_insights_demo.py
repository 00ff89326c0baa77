"""The demo's 计划进度 and 一企一档: files, follow-ups, four frozen quarters, the page and the home row."""

from carriers.models import Company
from insights.models import QuarterSnapshot


def test_demo_has_files_snapshots_and_the_page(demo_site, client):
    assert QuarterSnapshot.objects.count() == 4
    company = Company.objects.filter(funding_rounds__isnull=False, follow_ups__isnull=False).first()
    assert company is not None and company.milestones.exists()
    html = client.get("/plan-progress/").content.decode()
    assert html.count('<svg class="chart"') == 5
    trend = html.split('id="table-trend"', 1)[1].split("</table>", 1)[0]
    assert trend.count("<tr>") == 1 + 4
    assert 'data-plan-target="gaofeng"' in client.get("/").content.decode()


def test_demo_company_files_list_the_services_their_people_received(demo_site, client):
    from django.contrib.auth import get_user_model

    from wagtail import hooks

    from registrations.models import Registration

    names = set(Company.objects.values_list("name", flat=True))
    matched = Registration.objects.filter(organisation__in=names)
    assert matched.filter(target__kind="event").exists()
    company = Company.objects.get(name=matched.first().organisation)
    services = [row for provider in hooks.get_hooks("company_services") for row in provider(company)]
    assert services
    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(f"/admin/insights/company/{company.pk}/").content.decode()
    assert services[0]["title"] in html
