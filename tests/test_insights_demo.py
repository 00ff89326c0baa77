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
