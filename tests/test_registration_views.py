"""The public form: success, Chinese field errors with nothing saved, rate limit, honeypot, CSRF, links."""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from registrations.links import registration_path
from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

QUESTIONS = [
    ("choice", {"label": "企业所处阶段", "choices": "种子期\n初创期", "required": True, "help_text": ""}),
    (
        "multiple",
        {"label": "关注的领域", "choices": "集成电路\n生物医药", "required": False, "help_text": ""},
    ),
    ("number", {"label": "团队人数", "min_value": 1, "max_value": 100, "required": False, "help_text": ""}),
]


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


@pytest.fixture
def event(home_page):
    return EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), capacity=10, max_party_size=3, questions=QUESTIONS
    )


def form_data(**overrides):
    data = {
        "name": "张三",
        "mobile": "139 1234 5678",
        "email": "Zhang@Example.cn",
        "organisation": "某科技有限公司",
        "job_title": "创始人",
        "companions": "1",
        "q1": "初创期",
        "q2": ["集成电路", "生物医药"],
        "q3": "12",
        "consent": "on",
        "website": "",
        "submission_key": "form-1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def register_url(event):
    return event.url + "register/"


@pytest.mark.django_db
def test_register_shows_confirmation_with_code(client, event):
    response = client.post(register_url(event), form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration_path(registration)
    assert registration.mobile == "13912345678"
    assert registration.email == "zhang@example.cn"
    assert registration.party_size == 2
    assert registration.answers == {
        "企业所处阶段": "初创期",
        "关注的领域": ["集成电路", "生物医药"],
        "团队人数": 12,
    }
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "已确认" in html and registration.ticket_code in html
    assert "139****5678" in html and "13912345678" not in html
    qr = client.get(registration_path(registration, "qr"))
    assert qr["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_field_errors_are_chinese_next_to_fields_and_nothing_is_saved(client, event):
    response = client.post(
        register_url(event),
        form_data(name="", mobile="12345", email="not-an-email", q1=None, consent=None, companions="5"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "请填写姓名。",
        "请输入11位中国大陆手机号",
        "邮箱格式不正确。",
        "请回答此问题。",
        "请阅读并同意个人信息使用说明。",
        "随行人数最多 2 人。",
    ]:
        assert message in html, message
    # The error sits inside the field's own block.
    assert 'id="field-mobile"' in html
    mobile_block = html.split('id="field-mobile"')[1].split('<div class="field')[0]
    assert "请输入11位中国大陆手机号" in mobile_block
    assert 'value="张三"' not in html  # (name was empty)
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("mobile", ["13912345678", "+86 139 1234 5678", "8613912345678", "139-1234-5678"])
def test_chinese_mobile_formats_accepted(mobile):
    from registrations.forms import validate_mobile

    assert validate_mobile(mobile) == "13912345678"


@pytest.mark.parametrize("mobile", ["12912345678", "1391234567", "139123456789", "021-50000000", "abc"])
def test_bad_mobiles_refused(mobile):
    from django import forms

    from registrations.forms import validate_mobile

    with pytest.raises(forms.ValidationError):
        validate_mobile(mobile)


@pytest.mark.django_db
def test_duplicate_gets_a_clear_message(client, event):
    client.post(register_url(event), form_data())
    response = client.post(register_url(event), form_data(submission_key="form-2", email="other@example.cn"))
    assert response.status_code == 400
    assert "该手机号已报名本活动" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_double_submit_makes_one_registration(client, event):
    first = client.post(register_url(event), form_data())
    second = client.post(register_url(event), form_data())
    registration = Registration.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == registration_path(registration)


@pytest.mark.django_db
def test_rate_limit_per_ip(client, event, settings):
    settings.REGISTRATION_RATE_LIMIT = (3, 600)
    for n in range(3):
        client.post(
            register_url(event),
            form_data(mobile=f"1370000000{n}", email=f"x{n}@example.cn", submission_key=f"k{n}"),
        )
    response = client.post(
        register_url(event), form_data(mobile="13800000009", email="y@example.cn", submission_key="k9")
    )
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Registration.objects.count() == 3
    other_ip = client.post(
        register_url(event),
        form_data(mobile="13800000008", email="z@example.cn", submission_key="k8"),
        REMOTE_ADDR="10.0.0.2",
    )
    assert other_ip.status_code == 302
    assert other_ip["Location"] == registration_path(Registration.objects.get(mobile="13800000008"))


@pytest.mark.django_db
def test_bench_token_only_lifts_the_limit_for_its_own_event(client, event, settings, home_page):
    from registrations.ratelimit import bench_token

    settings.REGISTRATION_RATE_LIMIT = (1, 600)
    token = bench_token(event.registration_target_id)
    for n in range(3):
        response = client.post(
            register_url(event),
            form_data(mobile=f"1370000000{n}", email=f"x{n}@example.cn", submission_key=f"k{n}"),
            HTTP_X_REGISTRATION_BENCH=token,
        )
        assert response.status_code == 302
        assert response["Location"] == registration_path(Registration.objects.get(mobile=f"1370000000{n}"))
    other = EventPageFactory(parent=event.get_parent(), capacity=5)
    client.post(register_url(other), form_data(submission_key="o1"), HTTP_X_REGISTRATION_BENCH=token)
    refused = client.post(
        register_url(other),
        form_data(mobile="13600000000", email="q@example.cn", submission_key="o2"),
        HTTP_X_REGISTRATION_BENCH=token,
    )
    assert refused.status_code == 429


@pytest.mark.django_db
def test_honeypot_saves_nothing(client, event):
    response = client.post(register_url(event), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def submit_url(event):
    return reverse("registrations:submit", args=[event.registration_target_id])


@pytest.mark.django_db
def test_csrf_is_enforced(event):
    client = Client(enforce_csrf_checks=True)
    response = client.post(register_url(event), form_data())
    assert response.status_code == 403
    assert Registration.objects.count() == 0
    key = client.get(reverse("registrations:form_key")).json()
    response = client.post(register_url(event), {**form_data(), "csrfmiddlewaretoken": key["csrf"]})
    assert response.status_code == 302
    assert response["Location"] == registration_path(Registration.objects.get())


@pytest.mark.django_db
def test_the_form_key_is_this_visitors_and_never_stored(client):
    first = client.get(reverse("registrations:form_key"))
    other = Client().get(reverse("registrations:form_key"))
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert first.json()["key"] != other.json()["key"]
    assert first.cookies["csrftoken"].value != other.cookies["csrftoken"].value


@pytest.mark.django_db
def test_the_anonymous_form_carries_neither_token_nor_key_and_posts_to_its_target(client, event):
    page = client.get(event.url).content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert 'name="submission_key" value=' not in page.replace('value=""', "")
    assert f'action="{submit_url(event)}"' in page
    assert f'data-form-key="{reverse("registrations:form_key")}"' in page


@pytest.mark.django_db
def test_a_post_with_the_fetched_token_and_key_registers(event):
    client = Client(enforce_csrf_checks=True)
    key = client.get(reverse("registrations:form_key")).json()
    data = {**form_data(submission_key=key["key"]), "csrfmiddlewaretoken": key["csrf"]}
    response = client.post(submit_url(event), data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert response["Location"] == registration_path(registration)
    assert registration.submission_key == key["key"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_without_javascript_a_post_without_token_asks_to_confirm_and_then_registers(event):
    client = Client(enforce_csrf_checks=True)
    response = client.post(submit_url(event), form_data(submission_key=""))
    assert response.status_code == 200
    assert Registration.objects.count() == 0  # nothing saved without a token
    body = response.content.decode()
    assert "请核对以下信息" in body and 'value="张三"' in body
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', body).group(1)
    response = client.post(submit_url(event), {**form_data(submission_key=key), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Registration.objects.get().submission_key == key


@pytest.mark.django_db
def test_the_submit_endpoint_refuses_unknown_targets_and_unpublished_events(client, event):
    key = client.get(reverse("registrations:form_key")).json()
    missing = reverse("registrations:submit", args=[event.registration_target_id + 999])
    assert client.post(missing, form_data()).status_code == 404
    event.unpublish()
    assert client.post(submit_url(event), form_data(csrfmiddlewaretoken=key["csrf"])).status_code == 404
    assert client.get(submit_url(event)).status_code == 405
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_closed_event_refuses_with_its_state(client, home_page):
    import datetime

    from django.utils import timezone

    past = timezone.now() - datetime.timedelta(days=3)
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )
    page = client.get(event.url)
    assert "活动已结束" in page.content.decode()
    assert 'name="mobile"' not in page.content.decode()
    response = client.post(register_url(event), form_data())
    assert response.status_code == 400
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_cancel_through_signed_link(client, event):
    client.post(register_url(event), form_data())
    registration = Registration.objects.get()
    assert client.get(registration_path(registration)[:-3] + "xx/").status_code == 404  # tampered signature
    response = client.post(registration_path(registration, "cancel"))
    assert response.status_code == 302
    assert response["Location"] == registration_path(registration)  # back to the registration's own page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "报名已取消" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_waitlisted_person_sees_position_and_claims_offer(client, home_page):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=1)
    client.post(register_url(event), form_data(submission_key="a"))
    client.post(
        register_url(event), form_data(mobile="13700000000", email="b@example.cn", submission_key="b")
    )
    first, second = Registration.objects.order_by("pk")
    html = client.get(registration_path(second)).content.decode()
    assert "候补名单第 <strong>1</strong> 位" in html
    client.post(registration_path(first, "cancel"))
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert "确认参加" in client.get(registration_path(second)).content.decode()
    client.post(registration_path(second, "claim"))
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_logged_in_user_is_linked_and_sees_my_registrations(client, event):
    user = UserFactory(name="李四", mobile="13811112222", organisation="某孵化器")
    client.force_login(user)
    html = client.get(event.url).content.decode()  # the form starts with the account's details
    assert 'value="李四"' in html and 'value="13811112222"' in html and 'value="某孵化器"' in html
    client.post(register_url(event), form_data())
    registration = Registration.objects.get()
    assert registration.user == user
    # /registration/mine/ moved into 我的创孵 (the account dashboard).
    mine = client.get("/registration/mine/", follow=True)
    assert mine.redirect_chain[-1][0] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert event.title in mine.content.decode()
    # The same account cannot register twice, even with other contact details.
    response = client.post(
        register_url(event), form_data(mobile="13700000000", email="new@example.cn", submission_key="2")
    )
    assert "账号已报名" in response.content.decode()


@pytest.mark.django_db
def test_my_registrations_needs_login(client):
    dashboard = resolve_url(settings.LOGIN_REDIRECT_URL)
    response = client.get("/registration/mine/", follow=True)
    assert response.redirect_chain == [
        (dashboard, 302),
        (f"{resolve_url(settings.LOGIN_URL)}?next={dashboard}", 302),
    ]


@pytest.mark.django_db
def test_the_login_page_my_registrations_sends_to_exists(client, home_page):
    response = client.get("/registration/mine/", follow=True)
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_someone_elses_form_key_never_returns_their_registration(client, event):
    first = client.post(register_url(event), form_data(submission_key="shared-key"))
    other = Client().post(
        register_url(event),
        form_data(submission_key="shared-key", name="李四", mobile="13700000000", email="li@example.cn"),
    )
    assert other.status_code == 302 and other["Location"] != first["Location"]
    mine = Registration.objects.get(mobile="13700000000")
    assert other["Location"] == registration_path(mine)
    assert Registration.objects.count() == 2
    # The same person replaying their own key still gets their first registration back (a double click).
    again = client.post(register_url(event), form_data(submission_key="shared-key"))
    assert again["Location"] == first["Location"]


@pytest.mark.django_db
def test_pages_with_a_form_key_or_personal_data_are_never_stored_by_shared_caches(client, event):
    page = client.get(event.url)
    assert 'name="submission_key"' in page.content.decode()
    assert page["Cache-Control"].startswith("public")  # the anonymous form has no key of its own
    client.force_login(UserFactory())
    member_page = client.get(event.url)
    assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', member_page.content.decode())
    for response in (member_page, client.get(client.post(register_url(event), form_data())["Location"])):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_submission_through_the_submit_endpoint_reads_its_target_once(event):
    client = Client(enforce_csrf_checks=True)
    key = client.get(reverse("registrations:form_key")).json()
    data = {**form_data(submission_key=key["key"]), "csrfmiddlewaretoken": key["csrf"]}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(submit_url(event), data).status_code == 302
    target_reads = [q for q in queries.captured_queries if 'FROM "events_registrationtarget"' in q["sql"]]
    assert len(target_reads) == 2  # the submit view's, and the engine's locked read (SELECT … FOR UPDATE)
    assert "FOR UPDATE" in target_reads[1]["sql"]


@pytest.mark.django_db
def test_a_submission_decides_under_the_lock_in_one_query_and_reads_its_event_with_its_target(
    event, django_assert_max_num_queries
):
    """The target row lock serializes every submission: under it only the lock, one query for the
    replay, duplicate and seat facts, the registration and its outbox row (the task row follows the commit)."""
    client = Client(enforce_csrf_checks=True)
    data = {}
    for n in range(2):
        key = client.get(reverse("registrations:form_key")).json()
        data[n] = {
            **form_data(submission_key=key["key"], mobile=f"1390000000{n}", email=f"p{n}@example.cn"),
            "csrfmiddlewaretoken": key["csrf"],
        }
    client.post(submit_url(event), data[0])
    # Rate limit counter, target with its event, lock, facts, insert, outbox row; savepoints are the test's.
    with django_assert_max_num_queries(6 + 2) as captured:
        assert client.post(submit_url(event), data[1]).status_code == 302
    sql = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    event_reads = [s for s in sql if '"wagtailcore_page"' in s]
    assert len(event_reads) == 1 and 'FROM "events_registrationtarget"' in event_reads[0]
    locked = sql[next(n for n, s in enumerate(sql) if s.endswith("FOR UPDATE")) :]
    assert [s.split()[0] for s in locked] == ["SELECT", "SELECT", "INSERT", "INSERT"]
    assert 'INTO "events_registration"' in locked[2] and 'INTO "worker_outgoingmail"' in locked[3]
    assert Registration.objects.filter(target=event.registration_target).count() == 2


@pytest.mark.django_db
def test_an_error_through_the_submit_endpoint_shows_the_whole_event_page(
    event, django_assert_max_num_queries
):
    """The endpoint reads only the event fields a successful POST needs; a page shown after an error has all."""
    client = Client(enforce_csrf_checks=True)

    def post(**overrides):
        key = client.get(reverse("registrations:form_key")).json()
        data = {**form_data(submission_key=key["key"], **overrides), "csrfmiddlewaretoken": key["csrf"]}
        return client.post(submit_url(event), data)

    assert post().status_code == 302
    with django_assert_max_num_queries(15):  # the page read whole once (13), not field by field (31)
        refused = post(email="other@example.cn")
    html = refused.content.decode()
    assert refused.status_code == 400 and "该手机号已报名本活动" in html
    assert event.venue_address in html and event.organiser in html
    spam = post(website="http://spam.example", mobile="13700000001", email="x@example.cn")
    assert spam.status_code == 200 and event.url in spam.content.decode()
    assert Registration.objects.count() == 1
