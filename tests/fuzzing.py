"""Property-based tests of hostile and clumsy input (tests/test_fuzz_*.py): Hypothesis strategies for what a
browser, a bot or a hand-edited link can send, the site they are thrown at, and the two properties checked
everywhere: no answer is a server error, and a rejected submission writes no row.

Runs are repeatable by default (`derandomize`): `make test` never fails by chance, and the same examples run
every time. To explore, run with a fresh seed and more examples, e.g.
`FUZZ_RANDOM=1 FUZZ_EXAMPLES=500 pytest tests/test_fuzz_queries.py`; a failure prints the input that shrank.

Each module builds its pages once (`module_site`) inside a transaction rolled back when the module ends,
and every example runs inside its own rolled-back savepoint, so examples never see each other's rows.
"""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# Values that broke or nearly broke real sites: NUL and other controls, numbers past every integer type,
# floats that are not numbers, dates outside the calendar, digits of other scripts, markup and template
# syntax, and overlong text.
SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "\t\n\r\x0b\x0c",
    "\x1b[31m",
    "\x7f\x85\x9f",
    "\u200b\u200e\u202e\u2066",
    "\ufeff",
    "\ufffe\uffff",
    "\U0010ffff",
    "\u3000",
    "０１２",
    "١٢٣",
    "१२३",
    "²³",
    "Ⅻ",
    "½",
    "-0",
    "-1",
    "0",
    "1",
    "2",
    "+1",
    " 1 ",
    "1.5",
    "1e3",
    "1e309",
    "-1e309",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "0x1F",
    "1_000",
    str(2**31 - 1),
    str(2**31),
    str(-(2**31) - 1),
    str(2**63),
    str(-(2**63) - 1),
    str(2**64),
    "9" * 30,
    "9" * 5000,
    "-" + "9" * 5000,
    "9999-12",
    "0001-01",
    "0000-01",
    "2026-13",
    "2026-00",
    "-2026-01",
    "2026-1",
    "10000-01",
    "2026-01-01",
    "２０２６-０１",
    "x" * 5000,
    "孵" * 2000,
    "'",
    '"',
    "\\",
    "%",
    "%%",
    "' OR 1=1 --",
    '"><b id=fuzz>',
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "a,b,c,d",
    "-180,-90,180,90",
    "1,2,3",
    "nan,nan,nan,nan",
    "-inf,-inf,inf,inf",
    "1e309,0,1e309,1",
    "0,0,0,0",
    "@",
    "a@b",
    "@@",
    "张三",
    "孵化",
    "张江",
]

# Markup a reflected parameter must never carry into a page unescaped.
INJECTED_MARKUP = b"<b id=fuzz>"

# Any code point but surrogates (a browser cannot encode them), biased towards the awkward categories:
# controls, format characters, separators, combining marks, private use and unassigned.
awkward_chars = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn", "Nd", "No"])
text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(awkward_chars, max_size=20),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(repr),
    st.lists(st.sampled_from(SPECIAL), min_size=2, max_size=4).map("".join),
)
# Bytes that are not UTF-8 at all, percent-encoded as a hand-made URL or a raw POST body can carry them.
raw_bytes = st.binary(min_size=1, max_size=12)


def encode(value):
    return quote(value, safe="")


def _value(draw, good):
    """A plausible value (when there are any) half of the time, else a hostile one."""
    how = draw(st.sampled_from(["good", "good", "good", "special", "special", "text", "bytes", "bare"]))
    if how == "good" and good:
        return draw(st.sampled_from(good))
    if how == "bytes":
        return draw(raw_bytes)
    if how == "bare":
        return None
    return draw(st.sampled_from(SPECIAL) if how in ("special", "good") else text)


@st.composite
def query_pairs(draw, keys, good=None, others=()):
    """(key, value) pairs for a query string: the view's own `keys` (missing, once or repeated), now and then
    a key of another view (`others`) or any text, each with a plausible (`good[key]`) or hostile value; a
    value of None is a bare key (`?page`)."""
    good = good or {}
    pairs = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        whose = draw(st.sampled_from(["own", "own", "own", "own", "other", "text"]))
        if whose == "own" and keys:
            key = draw(st.sampled_from(keys))
        elif whose != "text" and others:
            key = draw(st.sampled_from(others))
        else:
            key = draw(text)
        pairs.append((key, _value(draw, good.get(key))))
    return pairs


def query_string(pairs):
    return "&".join(encode(k) if v is None else f"{encode(k)}={encode(v)}" for k, v in pairs)


@st.composite
def form_bodies(draw, valid, hostile_values=None):
    """A urlencoded POST body: the `valid` form ({field: [values]}) with a few fields (most often one) missing,
    empty, repeated or holding a hostile value (`hostile_values[field]` adds field-specific ones), plus now
    and then stray keys."""
    hostile_values = hostile_values or {}
    names = list(valid)
    count = draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3, 4]))
    changed = set(draw(st.permutations(names))[:count])
    pairs = []
    for name in names:
        values = valid[name]
        if name not in changed:
            pairs.extend((name, value) for value in values)
            continue
        how = draw(
            st.sampled_from(["own", "own", "special", "text", "bytes", "missing", "repeated", "empty"])
        )
        extra = hostile_values.get(name, [])
        if how == "missing":
            continue
        if how == "empty":
            pairs.append((name, ""))
        elif how == "repeated":
            pairs.extend((name, draw(st.one_of(st.sampled_from(values), text))) for _ in range(2))
        elif how == "own" and extra:
            pairs.append((name, draw(st.sampled_from(extra))))
        elif how == "bytes":
            pairs.append((name, draw(raw_bytes)))
        else:
            pairs.append((name, draw(st.sampled_from(SPECIAL) if how != "text" else text)))
    if draw(st.sampled_from([False, False, False, True])):
        pairs += draw(st.lists(st.tuples(text, st.one_of(text, raw_bytes)), min_size=1, max_size=2))
    return pairs


# The values every field of a form is tried with on its own (the rest of the form valid), besides its own.
CORE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e\ufeff\u200b",
    "\U0010ffff",
    "x" * 5000,
    "孵" * 300,
    "9" * 5000,
    "-1",
    str(2**63),
    "١٢٣",
    "1e309",
    '"><b id=fuzz>',
    b"\xff\xfe",
]


def single_faults(valid, hostile_values=None):
    """The `valid` form with exactly one field broken, in every way: missing, repeated, and each of its own
    hostile values and the CORE ones. Random combinations find what these miss, these never miss a value."""
    hostile_values = hostile_values or {}
    for name in valid:
        others = [(k, v) for k in valid if k != name for v in valid[k]]
        yield others
        yield others + [(name, v) for v in valid[name]] * 2
        for value in [*hostile_values.get(name, []), *CORE]:
            yield [*others, (name, value)]


def query_sweep(keys, good):
    """Query strings that try each parameter alone with each plausible value, and all of them at once with
    each CORE value and as bare keys."""
    for key in keys:
        for value in good.get(key, []):
            yield [(key, value)]
    for value in CORE:
        yield [(key, value) for key in keys]
    yield [(key, None) for key in keys]


def sweep(check, cases):
    """Run `check(pairs)` for each case, naming the case that failed."""
    for pairs in cases:
        try:
            check(pairs)
        except Exception as error:
            raise AssertionError(f"failed for {pairs!r:.2000}") from error


def form_body(pairs):
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


FORM = "application/x-www-form-urlencoded"


def post_form(client, url, pairs, **extra):
    return client.post(url, data=form_body(pairs), content_type=FORM, **extra)


def decoded(value):
    """What Django reads from a submitted value (bytes that are not UTF-8 become U+FFFD)."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def values_of(pairs, name):
    return [decoded(v) for k, v in pairs if k == name and v is not None]


def assert_no_server_error(response, sent=b""):
    """The answer is not a 5xx, and a page never reflects injected markup unescaped."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html") and INJECTED_MARKUP in sent:
        assert INJECTED_MARKUP not in response.content


# Rows ---------------------------------------------------------------------------------------------------

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


@contextmanager
def written_tables():
    """The set of tables that SQL run inside the block inserted into, updated or deleted from."""
    tables = set()

    def record(execute, sql, params, many, context):
        found = _WRITE.match(sql)
        if found:
            tables.add(found.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables
    tables.discard(CACHE_TABLE)  # a cache entry is not a row of anyone's data


class _Atomics(TestCase):
    """Only its class methods are used: TestCase's atomics, which allow durable blocks inside them."""

    databases = {"default"}


def clear_caches():
    for cache in caches.all():
        cache.clear()


@contextmanager
def rolled_back():
    """Everything written inside the block is rolled back (a savepoint inside the test's transaction)."""
    atomics = _Atomics._enter_atomics()
    try:
        yield
    finally:
        _Atomics._rollback_atomics(atomics)


@contextmanager
def one_example():
    """One Hypothesis example: its rows rolled back, and no counter or cached page left for the next."""
    from search.es import breaker

    clear_caches()
    breaker.success()
    with rolled_back():
        yield


@dataclass
class PublicSite:
    """What module_site built: pages by name, the URLs to throw input at, and a few known values."""

    pages: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    def url(self, name):
        return self.pages[name].url


QUESTIONS = [
    ("choice", {"label": "企业所处阶段", "choices": "种子期\n初创期", "required": True, "help_text": ""}),
    (
        "multiple",
        {"label": "关注的领域", "choices": "集成电路\n生物医药", "required": False, "help_text": ""},
    ),
    ("number", {"label": "团队人数", "min_value": 1, "max_value": 100, "required": False, "help_text": ""}),
    (
        "number",
        {"label": "融资额（万元）", "min_value": None, "max_value": None, "required": False, "help_text": ""},
    ),
    ("text", {"label": "希望交流的问题", "required": False, "help_text": ""}),
]


def build_site():
    """Every public page type with a little content, so each listing has options to count and filter."""
    import datetime

    from wagtail.models import Page, PageViewRestriction, Site

    from core.brands import Brand
    from registrations.links import registration_token
    from tests import factories as f

    root = Page.get_first_root_node()
    home = f.HomePageFactory(parent=root, title="创孵", slug="chuangfu-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    f.SiteSettingsFactory(site=site)
    built = PublicSite()
    pages = built.pages
    pages["home"] = home
    pages["about"] = f.StandardPageFactory(parent=home, slug="about")
    pages["members_only"] = members_only = f.StandardPageFactory(parent=home, slug="members-only")
    built.values["restriction"] = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.PASSWORD, password="kaimen-2026"
    )

    pages["news"] = news = f.NewsIndexPageFactory(parent=home, slug="news")
    pages["news_item"] = f.NewsPageFactory(parent=news, tags=["孵化", "政策"])
    f.NewsPageFactory(
        parent=news,
        category="policy",
        gov_publisher="浦东新区科经委",
        gov_published_at=datetime.date(2026, 3, 1),
        tags=["政策"],
    )

    pages["events"] = events = f.EventIndexPageFactory(parent=home, slug="events")
    pages["event"] = event = f.EventPageFactory(
        parent=events, slug="salon", capacity=5, max_party_size=3, questions=QUESTIONS
    )
    f.EventPageFactory(parent=events, event_type="roadshow", starts_at=f.events.in_days(-30))
    registration = f.RegistrationFactory(
        target=event.registration_target, mobile="13900000000", submission_key="k" * 32
    )
    built.values["registration"] = registration
    built.values["token"] = registration_token(registration)

    pages["carriers"] = carriers = f.CarrierIndexPageFactory(parent=home, slug="carriers")
    pages["carrier"] = carrier = f.CarrierPageFactory(
        parent=carriers, industries=["ic"], levels=["gaofeng"], platforms=[("检测平台", "testing", True)]
    )
    f.CarrierPageFactory(
        parent=carriers, area="jinqiao", carrier_type="accelerator", latitude=None, longitude=None
    )
    company = f.CompanyFactory(is_hightech=True)
    f.ResidencyFactory(company=company, carrier=carrier)
    f.ResidencyFactory(carrier=carrier, left_on=datetime.date(2025, 6, 30))

    for brand in Brand:
        pages[brand.value] = f.BrandPageFactory(parent=home, brand=brand, slug=brand.value)
    pages["expert"] = f.ExpertPageFactory(
        parent=pages["zhixun"], expertise=["finance", "ip"], area="zhangjiang"
    )
    pages["service"] = f.ServicePageFactory(parent=pages["yunchao"], areas=["lingang"])
    pages["station"] = f.StationPageFactory(parent=pages["yizhan"])

    pages["courses"] = courses = f.CourseIndexPageFactory(parent=pages["xuetang"], slug="kecheng")
    pages["mentors"] = mentors = f.MentorIndexPageFactory(parent=pages["xuetang"], slug="daoshi")
    pages["mentor"] = mentor = f.MentorPageFactory(parent=mentors, tracks=["ip"], is_leader=True)
    pages["course"] = course = f.CoursePageFactory(
        parent=courses, tracks=["ip", "transfer"], mentors=[mentor]
    )
    f.CourseSessionFactory(course=course)
    f.CoursePageFactory(parent=courses, course_format="online")

    built.users["member"] = f.UserFactory(mobile="13800000000", organisation="某科技有限公司")
    built.users["other"] = f.UserFactory(mobile="13700000000")
    return built


# Production's cache: rate limits, the carrier map's cache keys and the page chrome token go to PostgreSQL.
CACHE_TABLE = "fuzz_cache"
PRODUCTION_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
}


@contextmanager
def module_site(django_db_blocker):
    """build_site() for one test module on production's database cache, all rolled back (the cache table
    too) when the module ends."""
    with django_db_blocker.unblock(), override_settings(CACHES=PRODUCTION_CACHES):
        atomics = _Atomics._enter_atomics()
        try:
            call_command("createcachetable", verbosity=0)
            assert type(caches["default"]).__name__ == "DatabaseCache"
            yield build_site()
        finally:
            _Atomics._rollback_atomics(atomics)
