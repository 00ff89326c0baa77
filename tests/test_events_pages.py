"""The public event pages: listing filters and pagination, state labels, JSON-LD, Open Graph, .ics,
the 创孵沙龙 brand page, the home page slot, search documents."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from core.brands import Brand
from events.models import EventPage, EventType
from registrations import engine
from search.registry import get as get_searchable
from tests.factories import (
    BrandPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    RegistrationFactory,
)


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page, slug="events", per_page=4)


def at(days, hour=14):
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days)


def make(index, days, **kwargs):
    starts = at(days)
    return EventPageFactory(
        parent=index, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


@pytest.mark.django_db
def test_factories_build(index):
    event = EventPageFactory(parent=index)
    assert event.live and event.registration_target.capacity == 50
    registration = RegistrationFactory(target=event.registration_target)
    assert registration.ticket_code and RegistrationFactory().pk


@pytest.mark.django_db
def test_publishing_copies_registration_settings_into_the_target(index):
    event = EventPageFactory(parent=index, capacity=20, requires_approval=False)
    target_id = event.registration_target_id
    event.capacity = 30
    event.requires_approval = True
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.registration_target_id == target_id
    assert (event.registration_target.capacity, event.registration_target.requires_approval) == (30, True)
    copy = event.copy(update_attrs={"slug": "copy-of-event", "title": "副本"})
    assert copy.registration_target_id != target_id


@pytest.mark.django_db
def test_listing_upcoming_past_and_filters_in_url(client, index):
    salon = make(index, 3, title="十二月沙龙", event_type=EventType.SALON)
    make(index, 5, title="路演日", event_type=EventType.ROADSHOW)
    make(index, -5, title="往期论坛", event_type=EventType.FORUM)
    html = client.get(index.url).content.decode()
    assert "十二月沙龙" in html and "路演日" in html and "往期论坛" not in html
    past = client.get(index.url + "?when=past").content.decode()
    assert "往期论坛" in past and "十二月沙龙" not in past
    salons = client.get(index.url + "?type=salon").content.decode()
    assert "十二月沙龙" in salons and "路演日" not in salons
    month = timezone.localtime(salon.starts_at).strftime("%Y-%m")
    by_month = client.get(index.url + f"?month={month}&type=salon").content.decode()
    assert "十二月沙龙" in by_month
    # Filter links keep the other filters.
    assert "?month=" in by_month and "type=roadshow" in by_month
    assert client.get(index.url + "?month=garbage&type=nope").status_code == 200


@pytest.mark.django_db
def test_listing_is_paginated(client, index):
    for n in range(6):
        make(index, n + 1, title=f"活动{n}")
    first = client.get(index.url).content.decode()
    second = client.get(index.url + "?page=2").content.decode()
    assert "第 1 / 2 页" in first and "活动0" in first and "活动5" not in first
    assert "活动5" in second
    assert client.get(index.url + "?page=99").status_code == 200


@pytest.mark.django_db
def test_listing_queries_stay_constant_when_events_double(client, index, django_assert_max_num_queries):
    image = ImageFactory()

    def add(count, offset):
        for n in range(count):
            event = make(index, offset + n, cover_image=image)
            RegistrationFactory(target=event.registration_target)

    index.per_page = 20
    index.save_revision().publish()
    add(4, 1)
    client.get(index.url)  # warm renditions and caches
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as four:
        assert client.get(index.url).content.decode().count('class="event-card"') == 4
    baseline = len(four.captured_queries)
    assert baseline > 0
    add(4, 10)
    client.get(index.url)
    connection.queries_log.clear()
    with django_assert_max_num_queries(baseline):
        html = client.get(index.url).content.decode()
    assert html.count('class="event-card"') == 8


@pytest.mark.django_db
def test_event_page_states(client, index):
    event = make(index, 5, capacity=1)
    assert "报名中 · 剩余 1 席" in client.get(event.url).content.decode()
    engine.register(
        event.registration_target, engine.Applicant(name="甲", mobile="13900000001", email="a@example.cn")
    )
    html = client.get(event.url).content.decode()
    assert "已满，可候补" in html and "加入候补" in html
    not_open = make(index, 9, registration_opens_at=at(2))
    html = client.get(not_open.url).content.decode()
    assert "报名未开始" in html and 'name="mobile"' not in html
    closed = make(index, 9, registration_opens_at=at(-5), registration_closes_at=at(-1))
    assert "报名已截止" in client.get(closed.url).content.decode()
    ended = make(index, -3)
    assert "活动已结束" in client.get(ended.url).content.decode()


@pytest.mark.django_db
def test_an_event_page_reads_its_seats_with_the_page_and_a_post_reads_them_fresh(client, index):
    """The seats taken come in the query that reads the page (EventPage.serve_annotate): parties count in
    full, the waitlist and cancellations not; a POST to the page's register/ reads them after its own
    changes, not from the routing query."""
    from registrations.models import RegistrationStatus

    event = make(index, 5, capacity=5)
    target = event.registration_target
    RegistrationFactory(target=target, party_size=2)
    RegistrationFactory(target=target, status=RegistrationStatus.PENDING)
    RegistrationFactory(target=target, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(target=target, status=RegistrationStatus.CANCELLED, party_size=3)
    client.get(event.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(event.url).content.decode()
    assert "报名中 · 剩余 2 席" in html
    assert not any(q["sql"].startswith('SELECT SUM("events_registration"') for q in queries.captured_queries)

    RegistrationFactory(target=target, party_size=2)  # two of the seats go while the reader looks
    html = client.post(event.url + "register/", {"name": "", "mobile": "1"}).content.decode()
    assert "剩余 0 席" not in html and "已满，可候补" in html  # the form again, with today's state


def jsonld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_json_ld_and_open_graph(client, index):
    event = make(
        index,
        7,
        title="合成生物沙龙 <script>",
        cover_image=ImageFactory(),
        latitude="31.204900",
        longitude="121.590300",
        online_url="https://meeting.example.cn/x",
    )
    html = client.get(event.url).content.decode()
    data = jsonld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "合成生物沙龙 <script>"
    assert data["startDate"] == timezone.localtime(event.starts_at).isoformat()
    assert data["startDate"].endswith("+08:00")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place = data["location"][0]
    assert place["address"]["streetAddress"] == event.venue_address
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 31.2049, "longitude": 121.5903}
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["image"][0].startswith("http://testserver/")
    assert '<script>"' not in html.split("application/ld+json")[1].split("</script>")[0]
    assert '<meta property="og:title" content="合成生物沙龙 &lt;script&gt;">' in html
    assert 'property="og:image"' in html and 'property="og:description"' in html


@pytest.mark.django_db
def test_ics_download(client, index):
    event = make(index, 7, title="路演日")
    response = client.get(event.url + "calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:路演日" in body and "BEGIN:VEVENT" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert f'href="{event.url}calendar/"' in client.get(event.url).content.decode()


@pytest.mark.django_db
def test_event_page_validation(index):
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="x", slug="x", summary="s", starts_at=at(3), ends_at=at(2), venue_address="", online_url=""
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_at" in error.value.message_dict and "venue_address" in error.value.message_dict


@pytest.mark.django_db
def test_salons_appear_on_the_shalong_brand_page(client, home_page, index):
    shalong = BrandPageFactory(parent=home_page, brand=Brand.SHALONG, slug="shalong")
    xuetang = BrandPageFactory(parent=home_page, brand=Brand.XUETANG, slug="xuetang")
    make(index, 4, title="创孵沙龙·合成生物", brand=Brand.SHALONG)
    make(index, 4, title="学堂培训", brand=Brand.XUETANG, event_type=EventType.TRAINING)
    html = client.get(shalong.url).content.decode()
    assert "创孵沙龙·合成生物" in html and "学堂培训" not in html
    assert "创孵沙龙·合成生物" not in client.get(xuetang.url).content.decode()


@pytest.mark.django_db
def test_the_shalong_page_recaps_past_salons_newest_first(client, home_page, index):
    shalong = BrandPageFactory(parent=home_page, brand=Brand.SHALONG, slug="shalong")
    make(index, 3, title="即将举办的沙龙", brand=Brand.SHALONG)
    for days, title in ((-30, "上月沙龙"), (-5, "上周沙龙"), (-60, "两月前沙龙"), (-90, "最早沙龙")):
        make(index, days, title=title, brand=Brand.SHALONG)
    make(index, -3, title="别的品牌往期", brand=Brand.XUETANG)
    html = client.get(shalong.url).content.decode()
    upcoming, past = html.split("往期回顾", 1)
    assert "即将举办的沙龙" in upcoming and "上周沙龙" not in upcoming
    assert past.index("上周沙龙") < past.index("上月沙龙") < past.index("两月前沙龙")
    assert "最早沙龙" not in past and "别的品牌往期" not in past  # three, of this brand only
    assert "?when=past" in past


@pytest.mark.django_db
def test_home_page_upcoming_events_slot(client, home_page, index):
    from wagtail import hooks

    make(index, 2, title="最近的活动")
    make(index, -2, title="已经结束")
    [provider] = hooks.get_hooks("home_upcoming_events")
    result = provider(3)
    assert [e.title for e in result["items"]] == ["最近的活动"]
    assert result["more_url"] == index.url
    home_page.body = [("upcoming_events", {"heading": "近期活动", "count": 3})]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "最近的活动" in html and "event-card" in html


@pytest.mark.django_db
def test_search_document_has_no_personal_data(index):
    event = make(index, 5, title="量子对接会", event_type=EventType.MATCHMAKING)
    for n in range(3):
        engine.register(
            event.registration_target,
            engine.Applicant(
                name=f"隐私姓名{n}",
                mobile=f"1390000000{n}",
                email=f"secret{n}@example.cn",
                organisation="秘密公司",
            ),
        )
    searchable = get_searchable("event")
    assert searchable.model is EventPage
    assert event in searchable.queryset()
    document = searchable.to_document(event)
    assert document.title == "量子对接会" and document.category == "对接会"
    text = json.dumps(document.__dict__, default=str, ensure_ascii=False)
    for secret in ["隐私姓名", "1390000000", "secret", "秘密公司"]:
        assert secret not in text


@pytest.mark.django_db
def test_database_search_finds_events(client, index, settings):
    settings.ELASTICSEARCH_URL = ""  # the embedded default: /search/ answers from the database
    make(index, 5, title="合成生物沙龙", venue_name="临港概念验证中心")
    html = client.get("/search/?q=临港概念验证").content.decode()
    assert "合成生物沙龙" in html
