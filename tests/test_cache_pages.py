"""HTTP caching headers and the full-page cache for anonymous readers (core/pagecache.py), on real Redis."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    UserFactory,
)
from tests.test_cache_redis import redis_settings

NONCE_RE = re.compile(r'<script nonce="([^"]+)"')


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    article = NewsPageFactory(parent=index, slug="first", title="第一篇新闻")
    return index, article


@pytest.fixture
def page_cache(settings):
    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True


def is_private(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def publish(page, django_capture_on_commit_callbacks, **changes):
    """Publish a change as an editor does; the purge runs when the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()


# HTTP caching ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_page_is_public_with_an_etag_and_answers_304(client, news):
    _, article = news
    response = client.get(article.url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate=" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(article.url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    # The nonce differs on every answer, the ETag does not: it is taken over the page without it.
    assert client.get(article.url)["ETag"] == etag
    assert client.get(article.url, headers={"if-none-match": '"other"'}).status_code == 200


@pytest.mark.django_db
def test_pages_with_a_form_token_or_for_a_member_are_private(client, home_page, news):
    index = EventIndexPageFactory(parent=home_page, slug="events")
    starts = timezone.now() + datetime.timedelta(days=5)
    event = EventPageFactory(parent=index, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    response = client.get(event.url)
    assert "register-form" in response.content.decode()  # the anonymous form: no token, no key
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not is_private(response) and "ETag" in response
    assert is_private(client.get("/registration/form-key/"))  # where the visitor's token and key come from
    assert is_private(client.get("/accounts/login/"))

    client.force_login(UserFactory())
    _, article = news
    response = client.get(article.url)
    assert response.status_code == 200
    assert is_private(response)


# The full-page cache ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cached_page_costs_no_query_and_gets_a_fresh_nonce(client, news, page_cache):
    _, article = news
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second["ETag"] == first["ETag"]
    nonce = NONCE_RE.search(second.content.decode()).group(1)
    assert nonce != NONCE_RE.search(first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert client.get(article.url, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_publish_purges_the_page_its_listing_and_home_but_not_unrelated_pages(
    client, home_page, news, page_cache, django_capture_on_commit_callbacks
):
    index, article = news
    about = StandardPageFactory(parent=home_page, slug="about", title="关于我们", show_in_menus=False)
    urls = [article.url, index.url, about.url]
    for url in urls:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in urls)

    publish(article, django_capture_on_commit_callbacks, title="改过的标题")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert "改过的标题" in client.get(article.url).content.decode()
    listing = client.get(index.url)
    assert "改过的标题" in listing.content.decode()
    assert client.get(about.url)["X-Page-Cache"] == "hit"  # it shows no news: kept

    # A new article appears in the listing that never rendered it (its ancestor, and its type's table).
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=index, slug="second", title="第二篇新闻")
    assert "第二篇新闻" in client.get(index.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(article.url).status_code == 404
    assert "改过的标题" not in client.get(index.url).content.decode()


@pytest.mark.django_db
def test_site_settings_change_purges_every_page(
    client, home_page, news, page_cache, django_capture_on_commit_callbacks
):
    from home.models import SiteSettings

    _, article = news
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings = SiteSettings.objects.get()
        site_settings.contact_phone = "021-6222 2222"
        site_settings.save()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "021-6222 2222" in response.content.decode()


@pytest.mark.django_db
def test_a_render_that_raced_a_change_is_never_served(client, news, page_cache):
    """The entry remembers the clock before its first query; a purge after that makes it unusable."""
    from django.core.cache import caches

    from core import pagecache

    _, article = news
    store = caches["pagecache"]
    real_get = store.get

    def get_then_purge(key, *args, **kwargs):
        value = real_get(key, *args, **kwargs)
        if key == pagecache.CLOCK_KEY:  # the change commits while this render reads the old data
            pagecache._mark({f"p{article.pk}"})
        return value

    store.get = get_then_purge
    try:
        assert client.get(article.url)["X-Page-Cache"] == "miss"
    finally:
        store.get = real_get
    assert client.get(article.url)["X-Page-Cache"] == "miss"  # stored, but never served
    assert client.get(article.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_signed_in_readers_and_form_pages_bypass_the_page_cache(client, home_page, news, page_cache):
    _, article = news
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    client.force_login(UserFactory())
    response = client.get(article.url)
    assert "X-Page-Cache" not in response
    assert is_private(response)

    client.logout()
    client.cookies.clear()
    index = EventIndexPageFactory(parent=home_page, slug="events")
    starts = timezone.now() + datetime.timedelta(days=5)
    event = EventPageFactory(parent=index, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    first, second = client.get(event.url), client.get(event.url)
    # The event page's form takes its token and key from /registration/form-key/: the page itself is stored.
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in second.content.decode()
    keys = [client.get("/registration/form-key/") for _ in range(2)]
    assert all("X-Page-Cache" not in k and is_private(k) for k in keys)
    assert keys[0].json()["key"] != keys[1].json()["key"]
    client.force_login(UserFactory())
    member = client.get(event.url)
    assert "X-Page-Cache" not in member and is_private(member)
    assert re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', member.content.decode())


@pytest.mark.django_db
def test_elder_mode_readers_get_their_own_cached_copy(client, news, page_cache):
    _, article = news
    plain = client.get(article.url)
    assert plain["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    client.cookies["cf_elder"] = "1"
    elder = client.get(article.url)
    assert elder["X-Page-Cache"] == "miss"  # never the plain copy
    assert b'class="elder"' in elder.content and b'class="elder"' not in plain.content
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert b'class="elder"' in client.get(article.url).content
    del client.cookies["cf_elder"]
    assert b'class="elder"' not in client.get(article.url).content
