"""`load_demo` builds the whole demo site, running it again writes nothing, and its seed is deterministic.

The demo is loaded once per session (the `demo_site` fixture); each test's own loads are rolled back.
"""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from brand.models import BrandPage, ExpertPage, ServicePage, StationPage
from carriers.models import CarrierPage, Company, Residency
from events.models import EventPage
from home.models import HomePage, SiteSettings
from news.models import NewsCategory, NewsPage
from registrations.models import Registration
from tests.demo_database import DEMO_SEED


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "last_revision": Revision.objects.aggregate(m=Max("created_at"))["m"],
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "news_dates": list(NewsPage.objects.order_by("slug").values_list("slug", "date")),
        "settings": list(SiteSettings.objects.values_list("site_name", "icp_number")),
        "events": list(EventPage.objects.order_by("slug").values_list("slug", "starts_at")),
        "registrations": Registration.objects.count(),
        "carriers": CarrierPage.objects.count(),
        "companies": Company.objects.count(),
        "residencies": Residency.objects.count(),
    }


def load(seed):
    out = io.StringIO()
    call_command("load_demo", seed=seed, skip_index=True, stdout=out)  # the session's load built the index
    return out.getvalue()


def test_load_demo_builds_the_site(client, demo_site):
    assert "[1/" in demo_site.output  # progress output
    assert "重建搜索索引" in demo_site.output

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert BrandPage.objects.live().count() == 5
    # The brand catalogues, each under its own brand page.
    assert ExpertPage.objects.live().child_of(BrandPage.objects.get(brand="zhixun")).count() == 12
    assert ServicePage.objects.live().child_of(BrandPage.objects.get(brand="yunchao")).count() == 18
    assert StationPage.objects.live().child_of(BrandPage.objects.get(brand="yizhan")).count() == 9
    assert NewsPage.objects.live().count() >= 10
    policy = NewsPage.objects.get(gov_doc_no="浦府办〔2023〕27号")
    assert policy.category == NewsCategory.POLICY
    assert "《浦东新区孵化载体全链升级高峰高原计划》" in policy.title
    assert policy.gov_publisher == "政务公开办"
    assert str(policy.gov_published_at) == "2023-08-18"
    assert any(block.block_type == "paragraph" for block in policy.body)
    assert set(get_user_model().objects.values_list("username", flat=True)) >= {
        "admin",
        "editor",
        "moderator",
    }
    assert get_user_model().objects.get(username="editor").groups.filter(name="内容编辑").exists()

    # The demo site renders.
    for url in [
        "/",
        policy.url,
        policy.get_parent().url,
        "/search/?q=孵化",
        "/zhixun/",
        "/yizhan/?area=lingang",
    ]:
        assert client.get(url).status_code == 200, url


def test_reloading_the_demo_writes_nothing(demo_site):
    first = snapshot()
    assert first["pages"] > 100 and first["carriers"] and first["registrations"]  # the demo is really there
    output = load(DEMO_SEED)
    assert "新建 0，更新 0" in output
    assert snapshot() == first


def test_seed_is_deterministic(demo_site):
    def content():  # what the demo shows, without the revision history every load adds to
        return {k: v for k, v in snapshot().items() if k not in {"revisions", "last_revision"}}

    demo_seed = content()
    load(DEMO_SEED + 1)
    assert content()["news_dates"] != demo_seed["news_dates"]  # another seed really changes the content
    load(DEMO_SEED)
    assert content() == demo_seed  # and the demo's seed brings it back exactly


def test_a_test_changes_to_the_demo_are_rolled_back_part_1(demo_site):
    # Together with part 2 (whichever order they run in): one test's writes never reach another test.
    _rename_or_check_policy()


def test_a_test_changes_to_the_demo_are_rolled_back_part_2(demo_site):
    _rename_or_check_policy()


def _rename_or_check_policy():
    policy = NewsPage.objects.get(gov_doc_no="浦府办〔2023〕27号")
    assert not policy.title.startswith("已改：")
    policy.title = "已改：" + policy.title
    policy.save()


def test_the_ordinary_test_database_never_sees_the_demo(_demo_database, db):
    # The demo is loaded (session fixture) and yet database tests start from an empty site.
    assert "完成" in _demo_database.output
    assert not HomePage.objects.exists() and not NewsPage.objects.exists()
    assert not get_user_model().objects.exists()
