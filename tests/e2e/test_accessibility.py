"""In real Chromium: axe-core (vendored under tests/e2e/vendor, never served) finds no serious or critical
violation on any public page type; no visible text is under 14 px; 长者模式 works without JavaScript and
makes the smallest text at least 18 px; the registration honeypot is out of the Tab order."""

import datetime
import json
from pathlib import Path

import pytest

from brand.models import BrandPage
from core.brands import Brand
from registrations.links import registration_path
from tests.academy_enrollment_helpers import course, course_index, session
from tests.e2e.test_carriers_map import restore_migration_rows
from tests.factories import (
    BrandPageFactory,
    CarrierIndexPageFactory,
    CarrierPageFactory,
    CompanyFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExpertPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    RegistrationFactory,
    ResidencyFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""

# Every visible text node's font size in CSS pixels as drawn (zoom included), smallest first.
SMALLEST_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest(".visually-hidden, [hidden], .leaflet-container")) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || getComputedStyle(el).visibility === "hidden") continue;
    const size = parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom || 1);
    out.push([size, node.textContent.trim().slice(0, 30), el.className]);
  }
  out.sort((a, b) => a[0] - b[0]);
  return out.slice(0, 3);
}"""


@pytest.fixture
def public_pages(django_db_blocker, live_site, settings):
    """One page of every public type, by path."""
    settings.CARRIERS_MAP_TILES = "none"
    with django_db_blocker.unblock():
        restore_migration_rows()
    home = live_site["home"]
    news = NewsIndexPageFactory(parent=home, slug="news", title="政策与动态")
    article = NewsPageFactory(parent=news, title="浦东发布孵化载体新政", summary="新政摘要。")
    policy = NewsPageFactory(
        parent=news,
        title="关于支持孵化载体发展的若干意见",
        category="policy",
        gov_publisher="浦东新区科经委",
        gov_published_at=datetime.date(2026, 8, 18),
    )
    carriers = CarrierIndexPageFactory(parent=home, slug="carriers", title="一图一库")
    carrier = CarrierPageFactory(parent=carriers, title="张江芯片孵化器", slug="zj-ic")
    ResidencyFactory(carrier=carrier, company=CompanyFactory(name="上海芯测科技有限公司"))
    events = EventIndexPageFactory(parent=home, slug="events", title="活动")
    event = EventPageFactory(
        parent=events,
        title="合成生物创新沙龙",
        speakers=[
            (
                "speaker",
                {"name": "罗勇", "affiliation": "浦东某专业孵化器 总经理", "bio": "长期关注早期科技企业。"},
            )
        ],
        agenda=[("item", {"time": "14:30—15:00", "title": "主办方致辞", "speaker": "创孵"})],
    )
    ticket = RegistrationFactory(target=event.registration_target, name="林晓雯", email="lin@example.cn")
    zhixun = BrandPageFactory(parent=home, brand=Brand.ZHIXUN)
    expert = ExpertPageFactory(parent=zhixun, title="王专家")
    xuetang = BrandPageFactory(parent=home, brand=Brand.XUETANG)
    courses = course_index(xuetang, slug="kecheng")
    poc = course(courses, title="概念验证实务", slug="poc")
    session(poc, name="2026年春季班", capacity=12, meetings=2)
    about = StandardPageFactory(parent=home, title="关于创孵", slug="about")
    assert BrandPage.objects.count() == 2
    return {
        "home": "/",
        "news list": news.url,
        "news article": article.url,
        "policy": policy.url,
        "carriers list": carriers.url,
        "carrier": carrier.url,
        "company library": carriers.url + "companies/",
        "events list": events.url,
        "event and registration form": event.url,
        "registration": registration_path(ticket),
        "lost registration mail": "/registration/lookup/",
        "academy brand": xuetang.url,
        "course list": courses.url,
        "course": poc.url,
        "brand page": zhixun.url,
        "expert": expert.url,
        "search": "/search/?q=孵化",
        "about": about.url,
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }


def _context(browser, width=1280, elder=False, base=None):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=True)
    if elder:
        context.add_cookies([{"name": "cf_elder", "value": "1", "url": base}])
    return context


def test_axe_finds_no_serious_violation_on_any_public_page_type(browser, live_site, public_pages):
    base = live_site["url"]
    found = {}
    for elder in (False, True):
        context = _context(browser, elder=elder, base=base)
        page = context.new_page()
        for name, path in public_pages.items():
            response = page.goto(base + path)
            assert response.status == 200, (name, path)
            page.add_script_tag(content=AXE)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{name}{' (长者模式)' if elder else ''}"] = violations
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_no_text_under_14px_and_elder_mode_at_least_18px(browser, live_site, public_pages):
    base = live_site["url"]
    for width in (1280, 390):
        for elder, floor in ((False, 14), (True, 18)):
            context = _context(browser, width=width, elder=elder, base=base)
            page = context.new_page()
            for name, path in public_pages.items():
                page.goto(base + path)
                smallest = page.evaluate(SMALLEST_TEXT)
                assert smallest[0][0] >= floor - 0.01, (name, width, elder, smallest)
            context.close()


def test_elder_mode_switch_works_without_javascript(browser, live_site, public_pages):
    base = live_site["url"]
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(base + public_pages["news article"])
    page.get_by_role("link", name="长者模式").click()
    page.wait_for_load_state()  # the redirect's page and its 长者模式 stylesheet
    assert page.url == base + public_pages["news article"]
    assert page.locator("html.elder").count() == 1
    body_size = page.evaluate(
        "parseFloat(getComputedStyle(document.body).fontSize) * document.body.currentCSSZoom"
    )
    assert body_size >= 18
    page.goto(base + "/")  # remembered on every page
    assert page.locator("html.elder").count() == 1
    page.get_by_role("link", name="退出长者模式").click()
    assert page.locator("html.elder").count() == 0
    context.close()


def test_registration_honeypot_is_not_reachable_by_tab(browser_page, live_site, public_pages):
    page = browser_page
    page.goto(live_site["url"] + public_pages["event and registration form"])
    page.locator("form.register-form input:visible").first.focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"
    assert page.locator("input[name=website]").get_attribute("autocomplete") == "off"
