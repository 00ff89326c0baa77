"""Index sync after commit (publish, unpublish, move, delete; save/delete of non-page models), the rebuild
(atomic swap, no empty moment, changes during the build, --check) and the never-down path."""

import threading
import time

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command

import pytest

from search.es import content_alias, get_client
from search.models import IndexChange
from search.registry import Searchable, SearchDocument
from search.testing import rebuild, registered, reset_index
from tests.factories import NewsIndexPageFactory, NewsPageFactory

CLOSED_PORT_URL = "http://127.0.0.1:9"  # nothing listens there: "Elasticsearch is down"


def group_document(group):
    return SearchDocument(title=group.name, url=f"/groups/{group.pk}/", summary="测试载体")


GROUPS = Searchable(
    key="testgroup",
    label="测试类型",
    model=Group,
    # Not the staff role 载体管理员 that migration home 0003 makes: only the groups these tests create.
    queryset=lambda: Group.objects.filter(name__startswith="载体").exclude(name="载体管理员").order_by("pk"),
    to_document=group_document,
)


def es_titles(q):
    client = get_client()
    client.indices.refresh(index=content_alias())
    hits = client.search(index=content_alias(), query={"match_phrase": {"title": q}}, size=50)["hits"]["hits"]
    return {hit["_source"]["title"]: hit["_source"] for hit in hits}


@pytest.fixture
def news_index(home_page, es_client):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    reset_index()
    return index


def test_publish_unpublish_move_delete(news_index, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = NewsPageFactory(
            parent=news_index, title="同步测试：张江新政发布", slug="zhangjiang-policy", live=False
        )
    assert es_titles("同步测试") == {}  # drafts stay out

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.save_revision().publish()
    # One index task per transaction, however many saves (the page chrome and page cache add their own).
    assert len([c for c in callbacks if getattr(c, "__module__", "").startswith("search.")]) == 1
    assert es_titles("同步测试")["同步测试：张江新政发布"]["url"] == "/news/zhangjiang-policy/"

    other = NewsIndexPageFactory(parent=home_page, slug="archive", title="归档")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(other, pos="last-child")
    assert es_titles("同步测试")["同步测试：张江新政发布"]["url"] == "/archive/zhangjiang-policy/"

    with django_capture_on_commit_callbacks(execute=True):
        page.specific.unpublish()
    assert es_titles("同步测试") == {}

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "同步测试：张江新政发布" in es_titles("同步测试")
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert es_titles("同步测试") == {}
    assert not IndexChange.objects.filter(applied_at__isnull=True).exists()


def test_deleting_a_section_removes_its_pages(news_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="同步测试：栏目下的新闻")
    assert es_titles("同步测试")
    with django_capture_on_commit_callbacks(execute=True):
        news_index.delete()
    assert es_titles("同步测试") == {}


def test_view_restriction_takes_a_subtree_out_of_the_index(
    news_index, home_page, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="同步测试：受限栏目下的新闻")
    assert es_titles("同步测试")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=news_index, restriction_type=PageViewRestriction.LOGIN
        )
    assert es_titles("同步测试") == {}
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert "同步测试：受限栏目下的新闻" in es_titles("同步测试")


def test_non_page_models_sync_on_save_and_delete(db, es_client, django_capture_on_commit_callbacks):
    reset_index()
    with registered(GROUPS):
        with django_capture_on_commit_callbacks(execute=True):
            group = Group.objects.create(name="载体甲：张江孵化")
        assert "载体甲：张江孵化" in es_titles("张江孵化")
        with django_capture_on_commit_callbacks(execute=True):
            group.name = "载体甲：金桥孵化"
            group.save()
        assert es_titles("张江孵化") == {}
        assert "载体甲：金桥孵化" in es_titles("金桥孵化")
        with django_capture_on_commit_callbacks(execute=True):
            group.delete()
        assert es_titles("金桥孵化") == {}


def test_rebuild_swaps_without_an_empty_moment(db, es_client):
    reset_index()
    with registered(GROUPS):
        Group.objects.bulk_create([Group(name=f"载体{n:05d}") for n in range(3000)])
        rebuild()
        first = set(es_client.indices.get_alias(name=content_alias()).body)
        assert es_client.count(index=content_alias())["count"] == 3000

        counts, errors, stop = [], [], threading.Event()

        def keep_searching():
            client = get_client()
            while not stop.is_set():
                try:
                    counts.append(client.count(index=content_alias())["count"])
                except Exception as exc:  # noqa: BLE001 - any failure is what the test looks for
                    errors.append(exc)

        reader = threading.Thread(target=keep_searching)
        reader.start()
        try:
            rebuild()
            rebuild()
        finally:
            stop.set()
            reader.join()
        assert errors == []
        assert len(counts) > 20
        assert min(counts) == 3000  # never empty, never partial
        now = set(es_client.indices.get_alias(name=content_alias()).body)
        assert len(now) == 1 and now != first
        assert not es_client.indices.exists(index=list(first))  # the old index is gone
        call_command("rebuild_search_index", check=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_changes_during_a_rebuild_are_reapplied(db, es_client, monkeypatch):
    from search.management.commands import rebuild_search_index as command

    reset_index()
    real_bulk_load = command.bulk_load

    def bulk_load_while_an_editor_saves(client, index, progress=None):
        result = real_bulk_load(client, index, progress)
        Group.objects.create(name="载体：重建期间新增")  # saved after the build read the database
        return result

    monkeypatch.setattr(command, "bulk_load", bulk_load_while_an_editor_saves)
    with registered(GROUPS):
        Group.objects.create(name="载体：重建之前")
        rebuild()
        assert set(es_titles("载体")) == {"载体：重建之前", "载体：重建期间新增"}


def test_check_reports_differences(db, es_client):
    reset_index()
    with registered(GROUPS):
        Group.objects.create(name="载体：检查")
        with pytest.raises(CommandError):
            call_command("rebuild_search_index", check=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
        rebuild()
        call_command("rebuild_search_index", check=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_elasticsearch_down_fallback_publish_then_converge(
    client, news_index, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="孵化载体专项政策解读", summary="在线可查")
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL

    # The search page answers from the database, with the notice, and never a 500.
    started = time.monotonic()
    response = client.get("/search/", {"q": "孵化"})
    assert response.status_code == 200
    assert response.context["search_mode"] == "degraded"
    html = response.content.decode()
    assert "精简搜索" in html
    # Issue 12: 精简搜索 marks the query's words too (<mark>孵化</mark>载体…).
    assert "孵化载体专项政策解读" in [hit.title for hit in response.context["results"]]
    assert "<mark>孵化</mark>载体专项政策解读" in html
    assert client.get("/search/autocomplete/", {"q": "孵化"}).json()["results"] == []
    assert time.monotonic() - started < 5

    # Publishing works; the change waits, durably, in the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        page = NewsPageFactory(parent=news_index, title="停机期间发布的孵化新闻", live=False)
        page.save_revision().publish()
    pending = IndexChange.objects.get(object_id=str(page.pk), applied_at__isnull=True)
    assert pending.attempts >= 1 and pending.last_error

    # Elasticsearch is back: the next search answers from it and the pending change converges.
    settings.ELASTICSEARCH_URL = real_url
    cache.clear()  # the search page nudges pending changes at most every 30 s; start this test's clock
    response = client.get("/search/", {"q": "孵化"})
    assert response.context["search_mode"] == "engine"
    assert "精简搜索" not in response.content.decode()
    assert not IndexChange.objects.filter(applied_at__isnull=True).exists()
    assert "停机期间发布的孵化新闻" in es_titles("停机期间")
    found = client.get("/search/", {"q": "停机期间"}).content.decode()
    assert "停机期间发布的孵化新闻" in found.replace("<mark>", "").replace("</mark>", "")


def test_sync_command_applies_pending_changes(news_index, settings, django_capture_on_commit_callbacks):
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="命令补推的新闻")
    with pytest.raises(CommandError):
        call_command("sync_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.ELASTICSEARCH_URL = real_url
    call_command("sync_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "命令补推的新闻" in es_titles("命令补推")


def test_real_elasticsearch_stopped_then_restarted(client, news_index, django_capture_on_commit_callbacks):
    """The same story with the real cluster stopped (scripts/services.sh stop-es) and started again."""
    import subprocess

    from django.conf import settings

    services = str(settings.REPO_DIR / "scripts" / "services.sh")
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="真停机前的孵化新闻")
    subprocess.run([services, "stop-es"], check=True, capture_output=True, timeout=60)
    try:
        response = client.get("/search/", {"q": "孵化"})
        assert response.status_code == 200
        assert "精简搜索" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            page = NewsPageFactory(parent=news_index, title="真停机期间发布的新闻", live=False)
            page.save_revision().publish()
        assert IndexChange.objects.filter(object_id=str(page.pk), applied_at__isnull=True).exists()
    finally:
        subprocess.run([services, "start-es"], check=True, capture_output=True, timeout=180)
    get_client().cluster.health(wait_for_status="yellow", timeout="30s")
    cache.clear()  # the search page nudges pending changes at most every 30 s; start this test's clock
    response = client.get("/search/", {"q": "孵化"})
    assert response.context["search_mode"] == "engine"
    assert not IndexChange.objects.filter(applied_at__isnull=True).exists()
    assert "真停机期间发布的新闻" in es_titles("真停机期间")
