"""创孵驿站 visit bookings: a date and half-day within the station's days, capacity per slot, freed on
withdrawal, and a race of 50 parallel bookings for a 10-person slot that ends with exactly 10 visitors."""

import datetime
import threading

from django.db import connection
from django.urls import reverse

import pytest

from brand import inbox
from brand.models import RequestKind, RequestStatus, ServiceRequest, VisitSlot
from core.brands import Brand
from core.models import Area
from tests.factories import BrandPageFactory, StationPageFactory
from tests.test_brand_requests import form_key


def next_weekday(days=("1", "2", "3", "4", "5")):
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=1)
    while str(day.isoweekday()) not in days:
        day += datetime.timedelta(days=1)
    return day


def next_weekend_day():
    return next_weekday(days=("6", "7"))


def visit(station, n, day, half="am", visitors=1, key=""):
    sub = inbox.Submission(
        kind=RequestKind.VISIT,
        topic="政策咨询",
        company_name=f"示例企业{n}",
        stage="startup",
        need="了解张江的入驻政策。",
        contact_name=f"访客{n}",
        mobile=f"137{n:08d}",
        email=f"v{n}@example.cn",
        station=station,
        visit_date=day,
        visit_half=half,
        visitors=visitors,
    )
    return inbox.submit(sub, submission_key=key)[0]


@pytest.fixture
def station(home_page):
    yizhan = BrandPageFactory(parent=home_page, brand=Brand.YIZHAN)
    return StationPageFactory(parent=yizhan, title="张江驿站", visit_capacity=3, visit_weekdays="12345")


@pytest.mark.django_db
def test_station_page_books_a_half_day_slot(client, station):
    html = client.get(station.url).content.decode()
    assert "预约到访" in html
    day = next_weekday()
    assert f'value="{day.isoformat()}"' in html
    assert f'value="{next_weekend_day().isoformat()}"' not in html  # closed at weekends
    key = form_key(client, html)
    data = {
        "submission_key": key,
        "visit_date": day.isoformat(),
        "visit_half": "pm",
        "visitors": "2",
        "topic": "入驻咨询",
        "company_name": "示例企业",
        "stage": "idea",
        "need": "想了解孵化器入驻条件。",
        "contact_name": "赵六",
        "mobile": "13600000000",
        "email": "z6@example.cn",
        "consent": "on",
    }
    response = client.post(reverse("brand:submit", args=[station.pk]), data)
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert (request.kind, request.station_id, request.visitors) == (RequestKind.VISIT, station.pk, 2)
    assert (request.visit_slot.date, request.visit_slot.half) == (day, "pm")
    detail = client.get(response["Location"]).content.decode()
    assert "下午" in detail and "2 人" in detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"visit_date": "weekend"}, "该日期不开放预约，请重新选择。"),
        ({"visit_date": "2020-01-01"}, "该日期不开放预约，请重新选择。"),
        ({"visit_half": "night"}, "请选择上午或下午。"),
        ({"visitors": "9"}, "到访人数最多 3 人。"),
        ({"visitors": "0"}, "到访人数至少 1 人。"),
    ],
)
def test_invalid_visits_save_nothing(client, station, change, message):
    if change.get("visit_date") == "weekend":
        change["visit_date"] = next_weekend_day().isoformat()
    data = {
        "visit_date": next_weekday().isoformat(),
        "visit_half": "am",
        "visitors": "1",
        "topic": "入驻咨询",
        "company_name": "示例企业",
        "stage": "idea",
        "need": "想了解入驻条件。",
        "contact_name": "赵六",
        "mobile": "13600000000",
        "email": "z6@example.cn",
        "consent": "on",
        **change,
    }
    response = client.post(reverse("brand:submit", args=[station.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert ServiceRequest.objects.count() == 0 and VisitSlot.objects.count() == 0


@pytest.mark.django_db
def test_a_full_slot_refuses_and_a_withdrawal_frees_it(station):
    day = next_weekday()
    first = visit(station, 1, day, visitors=2)
    visit(station, 2, day, visitors=1)
    with pytest.raises(inbox.RequestRefused, match="已约满"):
        visit(station, 3, day)
    visit(station, 4, day, half="pm")  # the other half-day is its own slot
    inbox.withdraw(first)
    visit(station, 5, day, visitors=2)
    assert inbox.seats_taken(VisitSlot.objects.get(date=day, half="am")) == 3


@pytest.mark.django_db
def test_stations_without_capacity_take_no_bookings(client, station):
    station.visit_capacity = 0
    station.save_revision().publish()
    assert "预约到访" not in client.get(station.url).content.decode()
    assert client.post(reverse("brand:submit", args=[station.pk]), {}).status_code == 404


PEOPLE = 50
CAPACITY = 10


def seeded_area():
    """A flush after an earlier transactional test removes the areas the data migration seeded."""
    return Area.objects.get_or_create(slug="zhangjiang", defaults={"name": "张江"})[0]


@pytest.mark.django_db(transaction=True)
def test_50_parallel_bookings_for_a_10_person_slot(wagtail_base_data, home_page):
    yizhan = BrandPageFactory(parent=home_page, brand=Brand.YIZHAN)
    area = seeded_area()
    station = StationPageFactory(parent=yizhan, area=area, visit_capacity=CAPACITY, visit_weekdays="1234567")
    day = next_weekday(days=tuple("1234567"))
    barrier = threading.Barrier(PEOPLE)
    refused, errors = [], []

    def book(n):
        try:
            barrier.wait()
            visit(station, n, day, key=f"race-{n}")
        except inbox.RequestRefused:
            refused.append(n)
        except Exception as exc:  # noqa: BLE001 - every failure is collected and fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert ServiceRequest.objects.filter(visit_slot__date=day).count() == CAPACITY
    assert len(refused) == PEOPLE - CAPACITY
    assert VisitSlot.objects.count() == 1
    assert inbox.seats_taken(VisitSlot.objects.get()) == CAPACITY
    assert ServiceRequest.objects.exclude(status=RequestStatus.NEW).count() == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_double_submits_of_one_form_make_one_request(wagtail_base_data, home_page):
    """A double click that reaches the server twice at once: the unique key decides, both get the same one."""
    yizhan = BrandPageFactory(parent=home_page, brand=Brand.YIZHAN)
    area = seeded_area()
    station = StationPageFactory(parent=yizhan, area=area, visit_capacity=CAPACITY, visit_weekdays="1234567")
    day = next_weekday(days=tuple("1234567"))
    barrier = threading.Barrier(8)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(visit(station, 1, day, key="same-form").pk)
        except Exception as exc:  # noqa: BLE001 - every failure is collected and fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ServiceRequest.objects.count() == 1 and set(results) == {ServiceRequest.objects.get().pk}
