"""The shared Redis cache (`make test` starts Redis with PostgreSQL and Elasticsearch; REDIS_URL names it)."""

import threading
import uuid
from types import SimpleNamespace

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection

from wagtail.images import get_image_model

import pytest

from config.settings.base import redis_caches
from home import chrome
from registrations import ratelimit
from registrations.models import RateCounter


def redis_settings():
    """Every alias on the test Redis, under a prefix no other test (or run) shares."""
    if not django_settings.REDIS_URL:
        pytest.fail("REDIS_URL is not set: `make test` starts Redis (scripts/services.sh start-redis).")
    prefix = uuid.uuid4().hex[:8]
    caches_setting = redis_caches(django_settings.REDIS_URL)
    for alias in caches_setting.values():
        alias["KEY_PREFIX"] = f"{prefix}-{alias['KEY_PREFIX']}"
    return caches_setting


@pytest.fixture
def redis(settings):
    settings.CACHES = redis_settings()
    yield caches["default"]


def request_from(address):
    return SimpleNamespace(META={"REMOTE_ADDR": address})


@pytest.mark.django_db(transaction=True)
def test_rate_limit_on_redis_lets_exactly_the_limit_through_and_writes_no_row(redis, settings):
    settings.REGISTRATION_RATE_LIMIT = (10, 600)
    barrier = threading.Barrier(60)
    allowed, errors = [], []

    def post():
        try:
            barrier.wait()
            if ratelimit.hit(request_from("203.0.113.9"), target_id=1):
                allowed.append(1)
        except Exception as exc:  # noqa: BLE001 - every failure fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(allowed) == 10
    assert RateCounter.objects.count() == 0
    assert ratelimit.hit(request_from("203.0.113.10"), target_id=1)  # another address counts on its own


@pytest.mark.django_db
def test_rate_limit_window_on_redis_is_fixed(redis, settings):
    settings.REGISTRATION_RATE_LIMIT = (2, 600)
    start = 1_800_000_000 - 1_800_000_000 % 600
    me = request_from("198.51.100.9")
    assert [ratelimit.hit(me, 1, now=start + n) for n in range(3)] == [True, True, False]
    assert not ratelimit.hit(me, 1, now=start + 599)
    assert ratelimit.hit(me, 1, now=start + 600)


def test_renditions_have_their_own_alias(redis):
    rendition_model = get_image_model().get_rendition_model()
    assert rendition_model.cache_backend is caches["renditions"]
    assert caches["renditions"].key_prefix != caches["default"].key_prefix


@pytest.mark.django_db
def test_chrome_version_moves_again_when_the_change_commits(
    redis, home_page, django_capture_on_commit_callbacks
):
    from home.models import SiteSettings

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_settings = SiteSettings.objects.get()
        site_settings.contact_phone = "021-6111 1111"
        site_settings.save()
        inside = caches["default"].get(chrome.VERSION_KEY)
        assert inside is not None  # Redis is outside the transaction: others already see this one…
    assert callbacks
    for callback in callbacks:
        callback()
    after = caches["default"].get(chrome.VERSION_KEY)
    assert after != inside  # …so it moves once more after the commit, when the new data is readable


def test_one_redis_client_serves_every_call_and_every_thread(redis):
    client = redis._cache.get_client()
    assert redis._cache.get_client(write=True) is client  # one server: one pool, one client
    results = []

    def work(n):
        redis.set(f"thread-{n}", n)
        results.append(redis.get(f"thread-{n}") == n and redis.incr(f"thread-{n}") == n + 1)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 20
    assert redis.get_many([f"thread-{n}" for n in range(3)]) == {"thread-0": 1, "thread-1": 2, "thread-2": 3}


@pytest.mark.django_db
def test_a_rendition_found_in_redis_is_not_written_back(redis):
    from wagtail.images.models import Filter

    from tests.factories import ImageFactory

    image = ImageFactory()
    image.get_renditions("fill-40x40")  # made and cached
    rendition_model = get_image_model().get_rendition_model()
    spec = Filter(spec="fill-40x40")
    key = rendition_model.construct_cache_key(image, spec.get_cache_key(image), spec.spec)
    store = caches["renditions"]
    raw_key, client = store.make_and_validate_key(key), store._cache.get_client()
    assert 86000 < client.ttl(raw_key) <= 86400
    client.expire(raw_key, 100)
    again = get_image_model().objects.get(pk=image.pk).get_renditions("fill-40x40")["fill-40x40"]
    assert again.filter_spec == "fill-40x40"
    assert client.ttl(raw_key) <= 100  # read, not rewritten (a write would set the alias's day again)


def test_two_databases_sharing_one_redis_never_read_each_others_entries(settings):
    """A site and its staging copy (or two benchmarks) on one Redis: a Site, a page or a snapshot cached for
    one database must never be served for the other."""
    from django.core.cache.backends.redis import RedisCache

    url = redis_settings()["default"]["LOCATION"]
    site = {"ENGINE": "django.db.backends.postgresql", "HOST": "db", "PORT": 5432, "NAME": "chuangfu"}
    staging = {**site, "NAME": "chuangfu_staging"}
    one, other = redis_caches(url, site), redis_caches(url, staging)
    assert redis_caches(url, dict(site)) == one  # every app server of one site agrees
    for alias in one:
        assert one[alias]["KEY_PREFIX"] != other[alias]["KEY_PREFIX"]
    key = f"snapshot:data:routing:{uuid.uuid4().hex}"
    RedisCache(url, {"KEY_PREFIX": one["default"]["KEY_PREFIX"]}).set(key, "站点一", 30)
    assert RedisCache(url, {"KEY_PREFIX": other["default"]["KEY_PREFIX"]}).get(key) is None
    assert RedisCache(url, {"KEY_PREFIX": one["default"]["KEY_PREFIX"]}).get(key) == "站点一"
