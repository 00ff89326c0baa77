"""The page chrome (header, navigation, footer) is kept by each process and follows editors' changes: at once
in the process that made the change, within a second in every other one (through the shared cache)."""

import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

import pytest

from home import chrome
from tests.factories import HomePageFactory, SiteSettingsFactory, StandardPageFactory

# Production's default cache: one table in PostgreSQL that every worker process reads.
DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "chrome_test_cache"}


def nav_titles(response):
    return [item.title for item in response.context["nav_pages"]]


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="关于创孵", slug="about", show_in_menus=True)


@pytest.mark.django_db
def test_warm_pages_build_no_chrome_queries(client, about, django_assert_num_queries):
    first = client.get("/search/")
    assert "关于创孵" in nav_titles(first)
    # Site, settings, menu pages and view restrictions are not looked up again.
    with django_assert_num_queries(0):
        response = client.get("/search/")
    html = response.content.decode()
    assert '<a href="/about/">关于创孵</a>' in html
    assert "沪ICP备2023000000号-1" in html and "021-5000 0000" in html


@pytest.mark.django_db
def test_publishing_and_unpublishing_a_menu_page_updates_the_navigation(client, about, home_page):
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    news = StandardPageFactory(
        parent=home_page, title="新闻动态", slug="news", show_in_menus=True, live=False
    )
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    news.save_revision().publish()
    assert nav_titles(client.get("/search/")) == ["关于创孵", "新闻动态"]
    about.unpublish()
    assert nav_titles(client.get("/search/")) == ["新闻动态"]
    news.delete()
    assert nav_titles(client.get("/search/")) == []


@pytest.mark.django_db
def test_moving_and_renaming_pages_updates_the_navigation(client, about, home_page):
    child = StandardPageFactory(parent=about, title="联系我们", slug="contact", show_in_menus=True)
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    child.move(home_page, pos="last-child")
    assert nav_titles(client.get("/search/")) == ["关于创孵", "联系我们"]
    about.title = "走进创孵"
    about.save_revision().publish()
    assert nav_titles(client.get("/search/")) == ["走进创孵", "联系我们"]


@pytest.mark.django_db
def test_site_settings_changes_show_at_once(client, home_page):
    from home.models import SiteSettings

    assert "021-5000 0000" in client.get("/search/").content.decode()
    settings_obj = SiteSettings.objects.get()
    settings_obj.contact_phone = "021-6888 8888"
    settings_obj.site_name = "创孵浦东"
    settings_obj.save()
    html = client.get("/search/").content.decode()
    assert "021-6888 8888" in html and "021-5000 0000" not in html
    assert "<title>站内搜索 - 创孵浦东</title>" in html


@pytest.mark.django_db
def test_each_host_gets_its_own_chrome(client, home_page, about):
    from wagtail.models import Site

    other_root = StandardPageFactory(parent=home_page.get_parent(), title="另一个站", slug="other")
    StandardPageFactory(parent=other_root, title="只在另一个站", slug="only", show_in_menus=True)
    Site.objects.create(hostname="other.test", root_page=other_root, site_name="另一个站")
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    assert nav_titles(client.get("/search/", HTTP_HOST="other.test")) == ["只在另一个站"]


@pytest.mark.django_db
def test_a_page_behind_a_login_leaves_the_navigation(client, about):
    from wagtail.models import PageViewRestriction

    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    restriction = PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert nav_titles(client.get("/search/")) == []
    restriction.delete()
    assert nav_titles(client.get("/search/")) == ["关于创孵"]


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(chrome._process, "clock", fake)
    return fake


@pytest.fixture
def database_cache(settings, db):
    settings.CACHES = {"default": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)  # inside the test's transaction: rolled back with it


@pytest.mark.django_db
def test_a_warm_page_reads_only_the_shared_version_once_a_second(
    client, about, database_cache, clock, django_assert_num_queries
):
    client.get("/search/")
    with django_assert_num_queries(0):
        client.get("/search/")
    clock.advance(chrome.RECHECK_SECONDS)
    with django_assert_num_queries(1) as queries:
        response = client.get("/search/")
    assert "chrome_test_cache" in queries.captured_queries[0]["sql"]  # the version, not the chrome itself
    assert nav_titles(response) == ["关于创孵"]
    with django_assert_num_queries(0):
        client.get("/search/")


def phone(process, rf):
    return process.get(rf.get("/")).settings["contact_phone"]


@pytest.mark.django_db
def test_another_process_follows_a_change_at_its_next_version_check(rf, home_page, database_cache, clock):
    from home.models import SiteSettings

    here, other = chrome._process, chrome.ProcessChrome(clock=clock)  # two workers sharing the cache only
    assert phone(here, rf) == phone(other, rf) == "021-5000 0000"
    settings_obj = SiteSettings.objects.get()
    settings_obj.contact_phone = "021-6888 8888"
    settings_obj.save()
    assert phone(here, rf) == "021-6888 8888"  # the editor's own process: at once
    assert phone(other, rf) == "021-5000 0000"  # the other serves its copy until its next check…
    clock.advance(chrome.RECHECK_SECONDS)
    assert phone(other, rf) == "021-6888 8888"  # …at most a second later


# A gunicorn worker, reduced to what matters: Django on the test database with the database cache, answering
# one command per line: `read` (the chrome's phone and the queries it took), `set PHONE HOLD` (an editor saves
# 站点信息 in a transaction that commits HOLD seconds later; one reply once saved, one once committed),
# `poll SECONDS [PHONE]` (read every 10 ms for SECONDS, or until the chrome shows PHONE).
WORKER = """
import json, sys, time
import django
django.setup()
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
override_settings(CACHES={"default": json.loads(sys.argv[1])}).enable()
from home import chrome
from home.models import SiteSettings

def read():
    with CaptureQueriesContext(connection) as queries:
        phone = chrome.for_request(RequestFactory().get("/")).settings["contact_phone"]
    return phone, len(queries)

for line in sys.stdin:
    command, *args = line.split()
    reply = {}
    if command == "read":
        reply["phone"], reply["queries"] = read()
    elif command == "set":
        with transaction.atomic():
            settings_obj = SiteSettings.objects.get()
            settings_obj.contact_phone = args[0]
            settings_obj.save()
            print(json.dumps({"saved": True}), flush=True)
            time.sleep(float(args[1]))
    elif command == "poll":
        start, counts = time.monotonic(), []
        while time.monotonic() - start < float(args[0]):
            phone, count = read()
            counts.append(count)
            if args[1:] and phone == args[1]:
                break
            time.sleep(0.01)
        reply = {"phone": phone, "seconds": time.monotonic() - start, "queries": counts}
    print(json.dumps(reply), flush=True)
"""


class Worker:
    def __init__(self):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        env = {
            **os.environ,
            "PYTHONPATH": f"{django_settings.REPO_DIR}:{django_settings.SITE_DIR}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "ELASTICSEARCH_URL": "",
        }
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter running the script above
            [sys.executable, "-c", WORKER, json.dumps(DATABASE_CACHE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=env,
            cwd=django_settings.REPO_DIR,
        )

    def ask(self, line):
        self.tell(line)
        return self.reply()

    def tell(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def reply(self):
        reply = self.process.stdout.readline()
        if not reply:
            self.stderr.seek(0)
            pytest.fail(f"the worker process died:\n{self.stderr.read()}")
        return json.loads(reply)

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


@pytest.fixture
def committed_site(transactional_db, wagtail_base_data, settings):
    """Committed rows (other processes cannot see a test's transaction) and the cache table they share."""
    from wagtail.models import Page, Site

    settings.CACHES = {"default": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)
    home = HomePageFactory(parent=Page.get_first_root_node(), title="创孵", slug="chuangfu-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    SiteSettingsFactory(site=site)
    yield home
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DATABASE_CACHE['LOCATION']}")


def test_a_change_in_one_worker_process_reaches_another_within_a_second(committed_site):
    editor, reader = Worker(), Worker()
    try:
        assert editor.ask("read")["phone"] == reader.ask("read")["phone"] == "021-5000 0000"
        warm = reader.ask("poll 1.5")
        # Warm: each page makes no query for its chrome, or the one version read once a second.
        assert max(warm["queries"]) <= 1
        assert 1 <= sum(warm["queries"]) <= 1 + int(warm["seconds"])
        editor.tell("set 021-6888-8888 2.5")
        assert editor.reply() == {"saved": True}
        # Until the editor's transaction commits, the reader keeps its copy: it cannot see the new data yet,
        # and the version, written in the same transaction, has not moved for it either.
        waiting = reader.ask("poll 1.2")
        assert waiting["phone"] == "021-5000 0000"
        assert max(waiting["queries"]) == 1  # it did check the version, and found no reason to rebuild
        assert editor.reply() == {}  # committed
        assert editor.ask("read")["phone"] == "021-6888-8888"
        seen = reader.ask("poll 5 021-6888-8888")
        assert seen["phone"] == "021-6888-8888"
        assert (
            seen["seconds"] < chrome.RECHECK_SECONDS + 0.5
        )  # the recheck, plus one rebuild on a busy machine
        assert sum(count > 1 for count in seen["queries"]) == 1  # rebuilt once, from the version it read
    finally:
        editor.stop()
        reader.stop()
