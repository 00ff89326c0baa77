"""Every public page and query parameter, thrown arbitrary text, controls, undecodable bytes, huge and
negative numbers, repeated and missing keys (see tests/fuzzing.py): never a server error, and no page
reflects injected markup unescaped."""

import datetime

from django.utils import timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from carriers.models import CarrierType, CompanyStage, Honour
from events.models import EventType
from news.models import NewsCategory
from tests.fuzzing import (
    FORM,
    FUZZ,
    SPECIAL,
    assert_no_server_error,
    decoded,
    encode,
    module_site,
    one_example,
    query_pairs,
    query_string,
    query_sweep,
    raw_bytes,
    sweep,
    text,
)

# A cache key that a memcached or an overlong database key would refuse is an error, not a warning.
pytestmark = pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")

MONTH = timezone.localdate().strftime("%Y-%m")
NEXT_MONTH = (timezone.localdate() + datetime.timedelta(days=31)).strftime("%Y-%m")

# Plausible values for each parameter, mixed with hostile ones so code past the validation runs too.
GOOD = {
    "q": ["张江", "孵化 载体", '"孵化"', "zj", "zhangjiang"],
    "page": ["1", "2", "0", "-1", "999999"],
    "category": [*NewsCategory.values, "ip"],
    "tag": ["孵化", "政策"],
    "when": ["past", "upcoming"],
    "type": [*EventType.values, *CarrierType.values, "news", "event"],
    "month": [MONTH, NEXT_MONTH, "2026-01", "9999-12", "0001-01"],
    "level": ["gaofeng"],
    "area": ["zhangjiang", "jinqiao", "lingang", "张江"],
    "industry": ["ic", "集成电路"],
    "open": ["1", "0", "true"],
    "bbox": ["121.4,31.1,121.8,31.4", "-180,-90,180,90", "121.8,31.4,121.4,31.1"],
    "stage": CompanyStage.values,
    "honour": Honour.values,
    "carrier": ["carrier-0", "carrier-1"],
    "field": ["finance", "ip"],
    "track": ["ip", "transfer", "operations"],
    "format": ["offline", "online", "hybrid"],
    "enroll": ["open"],
    "leader": ["1"],
    "sort": ["date", "relevance"],
    "next": ["/accounts/", "//evil.example/", "https://evil.example/", "/\\evil.example"],
    "p": ["1", "2"],
}
KEYS = sorted(GOOD)

LISTING = ["page"]
CARRIER_MAP = ["q", "type", "level", "area", "industry", "open", "bbox", *LISTING]
COURSES = ["track", "format", "month", "enroll", "open", *LISTING]
# Every routable page and route a reader can reach (a name in module_site's pages, a sub-path), and the
# parameters it reads; every page also gets the others' and random keys.
PAGES = [
    ("home", "", []),
    ("about", "", []),
    ("members_only", "", []),
    ("news", "", ["category", "tag", *LISTING]),
    ("news", "feed/", ["category", "tag", *LISTING]),
    ("news_item", "", []),
    ("events", "", ["when", "type", "month", *LISTING]),
    ("event", "", []),
    ("event", "register/", []),
    ("event", "calendar/", []),
    ("carriers", "", CARRIER_MAP),
    ("carriers", "geojson/", CARRIER_MAP),
    ("carriers", "companies/", ["q", "industry", "stage", "honour", "carrier", *LISTING]),
    ("carrier", "", []),
    ("zhixun", "", ["field", *LISTING]),
    ("yunchao", "", ["category", *LISTING]),
    ("yizhan", "", ["area", *LISTING]),
    ("shalong", "", []),
    ("xuetang", "", []),
    ("expert", "", []),
    ("service", "", []),
    ("station", "", []),
    ("courses", "", COURSES),
    ("mentors", "", ["track", "leader", *LISTING]),
    ("course", "", []),
    ("mentor", "", []),
]
# Views outside the page tree, and the parameters they read.
OTHER_URLS = [
    ("/accounts/login/", ["next"]),
    ("/accounts/signup/", []),
    ("/accounts/password/reset/", []),
    ("/accounts/privacy/", []),
    ("/accounts/deleted/", []),
    ("/accounts/signup/done/", []),
    ("/registration/mine/", []),
    ("/sitemap.xml", ["p"]),
    ("/search/autocomplete/", ["q"]),
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_site(django_db_blocker) as built:
        yield built


def get(client, url, pairs):
    qs = query_string(pairs)
    response = client.get(f"{url}?{qs}" if qs else url)
    assert_no_server_error(response, qs.encode())
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "keys"), PAGES, ids=[f"{n}/{r}" for n, r, _ in PAGES])
def test_pages_and_their_filters_never_answer_500(client, site, name, route, keys):
    url = site.url(name) + route

    def check(pairs):
        with one_example():
            get(client, url, pairs)

    sweep(check, query_sweep(keys or KEYS, GOOD))
    # The months filters were a 500 for this one: the month after it is in year 10000.
    FUZZ(example([("month", "9999-12")])(given(query_pairs(keys, GOOD, KEYS))(check)))()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "keys"), OTHER_URLS, ids=[url for url, _ in OTHER_URLS])
def test_other_public_views_never_answer_500(client, site, url, keys):
    def check(pairs):
        with one_example():
            get(client, url, pairs)

    sweep(check, query_sweep(keys or KEYS, GOOD))
    FUZZ(given(query_pairs(keys, GOOD, KEYS))(check))()


@pytest.mark.django_db
def test_filters_that_match_nothing_still_list_a_page(client, site):
    """A valid filter for an empty month or a page past the end is a normal page, not an error or a 404."""
    for url in ("/events/?month=2099-12&page=3", "/xuetang/kecheng/?month=2099-12&page=-5"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["listing"].match_count == 0


# Paths: the slug of a page, a signed link's token, a route's segments ------------------------------------

segment = st.one_of(text.filter(lambda s: s not in ("", ".", "..")), raw_bytes, st.sampled_from(SPECIAL[1:]))


@pytest.mark.django_db
def test_unknown_paths_below_any_page_never_answer_500(client, site):
    bases = ["/", "/news/", "/events/salon/", "/carriers/", "/zhixun/", "/xuetang/kecheng/", "/registration/"]

    @FUZZ
    @given(st.sampled_from(bases), st.lists(segment, min_size=1, max_size=3), st.booleans())
    def check(base, segments, slash):
        path = base + "/".join(encode(s) for s in segments) + ("/" if slash else "")
        with one_example():
            response = client.get(path)
            assert_no_server_error(response)

    check()


@pytest.mark.django_db
def test_signed_links_with_garbage_tokens(client, site):
    """Registration links, email verification and password reset links with any token: 404 or a page
    that says the link is invalid; cancelling or claiming through one changes nothing."""
    token = site.values["token"]
    tokens = st.one_of(
        segment,
        st.sampled_from([token[:-1], token + "x", token.replace(":", "::"), token.upper(), token[::-1]]),
        st.builds(lambda t, s: t + decoded(s), st.just(token), segment),
    )
    routes = [
        "/registration/{}/",
        "/registration/{}/ticket.png",
        "/registration/{}/calendar.ics",
        "/registration/{}/claim/",
        "/accounts/verify-email/{}/",
        "/accounts/password/reset/{}/{}/",
        "/accounts/password/reset/MQ/{}/",
        "/admin/password_reset/confirm/{}/{}/",
    ]
    registration = site.values["registration"]

    @FUZZ
    @given(st.sampled_from(routes), tokens, tokens, st.sampled_from(["GET", "POST"]))
    def check(route, first, second, method):
        path = route.format(encode(first), encode(second))
        with one_example():
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(
                    path, {"next": first, "new_password1": second, "new_password2": second}
                )
            assert_no_server_error(response)
            registration.refresh_from_db()
            assert registration.status == "confirmed"

    check()

    @FUZZ
    @given(
        st.sampled_from(["/registration/{}/cancel/", "/registration/{}/claim/"]),
        tokens,
        st.one_of(text, raw_bytes),
    )
    def check_post(route, first, next_url):
        with one_example():
            response = client.post(route.format(encode(first)), {"next": next_url})
            assert_no_server_error(response)
            assert response.status_code in (302, 404)
            registration.refresh_from_db()
            assert registration.status == "confirmed"

    check_post()


@pytest.mark.django_db
def test_documents_and_wagtail_utility_urls(client, site):
    numbers = st.one_of(st.integers(min_value=0), st.sampled_from([2**31, 2**63, 2**64, 10**40]))
    routes = [
        "/documents/{}/x.pdf",
        "/documents/{}/{}",
        "/_util/authenticate_with_password/{}/{}/",
        "/admin/pages/{}/",
    ]

    @FUZZ
    @given(st.sampled_from(routes), numbers, st.one_of(numbers, segment), st.sampled_from(["GET", "POST"]))
    def check(route, first, second, method):
        path = route.format(first, encode(str(second)))
        with one_example():
            response = client.get(path) if method == "GET" else client.post(path, {"password": str(second)})
            assert_no_server_error(response)

    check()


# Cookies and methods ---------------------------------------------------------------------------------------

COOKIE_NAMES = ["sessionid", "csrftoken", "messages", "django_language", "axes"]


def cookie_header(pairs):
    """A Cookie header as a WSGI server hands it over (bytes read as Latin-1), with values also in the
    quoted form whose octal escapes Python's cookie parser decodes (\\000 is NUL)."""
    parts = []
    for name, value, quoted in pairs:
        raw = value.encode() if isinstance(value, str) else value
        if quoted:
            raw = (
                b'"'
                + b"".join(b"\\%03o" % byte if byte < 32 or byte > 126 else bytes([byte]) for byte in raw)
                + b'"'
            )
        parts.append(name.encode() + b"=" + raw)
    return b"; ".join(parts).decode("latin-1")


@pytest.mark.django_db
def test_cookies_never_answer_500(client, site):
    cookies = st.lists(
        st.tuples(
            st.sampled_from(COOKIE_NAMES), st.one_of(st.sampled_from(SPECIAL), text, raw_bytes), st.booleans()
        ),
        min_size=1,
        max_size=3,
    )
    urls = ["/", "/news/", "/accounts/login/", "/search/?q=%E5%AD%B5%E5%8C%96", site.url("event")]

    def check(url, pairs, method):
        with one_example():
            header = cookie_header(pairs)
            response = client.generic(method, url, HTTP_COOKIE=header)
            assert_no_server_error(response)

    # A session key with a NUL byte (quoted: "\000") was a 500 on every page.
    nul_session = [("sessionid", "aaaaaaaa\x00bbbbbbbb", True), ("sessionid", "aaaaaaaa\x00bbbbbbbb", False)]
    for url in urls:
        for pair in nul_session:
            check(url, [pair], "GET")
            check("/accounts/login/", [pair], "POST")
    FUZZ(given(st.sampled_from(urls), cookies, st.sampled_from(["GET", "POST"]))(check))()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
def test_every_page_answers_any_method(client, site, method):
    for name, route, _keys in PAGES:
        with one_example():
            response = client.generic(method, site.url(name) + route, data="a=%00&b=\xff", content_type=FORM)
            assert_no_server_error(response)


# Search, with Elasticsearch answering and with it gone ----------------------------------------------------

SEARCH_KEYS = ["q", "page", "sort", "type", "category", "area", "industry", "tag", "month"]


@pytest.fixture
def search_index(site, es_client):
    from search.testing import rebuild, reset_index

    reset_index()
    rebuild()


@pytest.mark.django_db
def test_search_on_elasticsearch_never_errors(client, site, search_index):
    """Any query, page and facet selection is answered by the engine itself: neither a 500 nor a silent
    fall back to the database because Elasticsearch refused the request."""

    def check(pairs):
        with one_example():
            response = get(client, "/search/", pairs)
            assert response.status_code == 200
            assert response.context["search_mode"] == "engine"
            response = get(client, "/search/autocomplete/", pairs)
            assert response.status_code == 200

    sweep(check, query_sweep(SEARCH_KEYS, GOOD))
    FUZZ(given(query_pairs(SEARCH_KEYS, GOOD, KEYS))(check))()


@pytest.mark.django_db
def test_search_fallback_never_errors(client, site, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: the 精简搜索 path queries PostgreSQL

    def check(pairs):
        with one_example():
            assert get(client, "/search/", pairs).status_code == 200

    sweep(check, query_sweep(SEARCH_KEYS, GOOD))
    FUZZ(given(query_pairs(SEARCH_KEYS, GOOD, KEYS))(check))()
    response = client.get("/search/?q=张江")
    assert response.context["search_mode"] == "degraded"  # so the examples above took the fallback path
