"""The one place that talks to Elasticsearch: client, index names and the analysis we rely on.

The test cluster is the core-only integ-test distribution (analyzers `standard`, filters `lowercase`,
`shingle`, `stop`; no analysis-common, no plugins), so the analysis below uses only those. A production
cluster with smartcn or IK gets extra sub-fields (see the search issue); the base analysis works on both.
"""

import threading
import time
from functools import lru_cache, wraps

from django.conf import settings

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch


class SearchUnavailable(Exception):
    """Elasticsearch is not configured or did not answer."""


def is_configured():
    return bool(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=4)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=1)


def get_client():
    if not is_configured():
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


class Breaker:
    """A circuit breaker for the reads a reader waits on (search page, autocomplete), per process.

    After `failures` outages in a row (no connection, a timeout, a 5xx) reads fail at once for `cooldown`
    seconds, so the search page goes straight to 精简搜索 instead of waiting on a hung cluster; then one
    read is let through as a probe: success closes the breaker, another outage opens it again.
    """

    def __init__(self, failures=3, cooldown=30.0):
        self.failures = failures
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.count = 0
        self.open_until = 0.0
        self.probing = False

    @property
    def is_open(self):
        return self.count >= self.failures

    def allow(self):
        with self._lock:
            if not self.is_open:
                return True
            if self.probing or time.monotonic() < self.open_until:
                return False
            self.probing = True
            return True

    def success(self):
        with self._lock:
            self.reset()

    def failure(self):
        with self._lock:
            self.count += 1
            self.probing = False
            if self.is_open:
                self.open_until = time.monotonic() + self.cooldown


breaker = Breaker()


def is_outage(exc):
    """Trouble with the cluster itself, as opposed to a request it refused (a 4xx)."""
    return isinstance(exc, TransportError) or (isinstance(exc, ApiError) and exc.meta.status >= 500)


def guarded_read(func):
    """Run a read behind the breaker: refused at once while it is open, its outcome counted."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        if not breaker.allow():
            raise SearchUnavailable("Elasticsearch keeps failing: reads are paused for a moment")
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            if is_outage(exc):
                breaker.failure()
            else:
                breaker.success()
            raise
        breaker.success()
        return result

    return wrapper


def read_client():
    """The client for reads a page waits on: a short timeout (ELASTICSEARCH_READ_TIMEOUT), so with the
    index metadata lookup a page waits about a second at most on a hung cluster."""
    return get_client().options(request_timeout=settings.ELASTICSEARCH_READ_TIMEOUT)


def index_name(name):
    """Full index or alias name for a logical index, e.g. 'content' -> 'chuangfu-content'."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{name}"


# Chinese text on a core-only cluster: `standard` splits CJK into single characters, so a phrase query
# on those characters finds a word anywhere; a shingle sub-field of character bigrams ranks real word
# matches higher. Keywords are compared lower-cased.
CORE_ANALYSIS = {
    "filter": {
        "cf_bigram": {
            "type": "shingle",
            "min_shingle_size": 2,
            "max_shingle_size": 2,
            "output_unigrams": False,
        }
    },
    "analyzer": {
        "cf_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        "cf_bigram": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "cf_bigram"]},
    },
    "normalizer": {"cf_keyword": {"type": "custom", "filter": ["lowercase"]}},
}


def chinese_text_field(**extra):
    """Mapping for a Chinese text field: characters with phrase support plus a bigram sub-field."""
    return {
        "type": "text",
        "analyzer": "cf_text",
        "index_phrases": True,
        "fields": {"bigram": {"type": "text", "analyzer": "cf_bigram"}},
        **extra,
    }


def content_alias():
    """The alias the site reads; versioned indexes (content-YYYYmmdd…) sit behind it."""
    return index_name("content")


# Optional Chinese analyzers a production cluster may carry as plugins; detected with `_analyze`.
OPTIONAL_ANALYZERS = {"smartcn": "smartcn", "ik": "ik_max_word"}


def detect_analyzers(client):
    """Names (keys of OPTIONAL_ANALYZERS) of the Chinese analyzers this cluster offers."""
    found = []
    for name, analyzer in OPTIONAL_ANALYZERS.items():
        try:
            client.indices.analyze(analyzer=analyzer, text="张江")
        except Exception:  # noqa: BLE001, S112 - a missing plugin answers 400; anything else also means "no"
            continue
        found.append(name)
    return found
