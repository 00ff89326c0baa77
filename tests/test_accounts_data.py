"""Accounts and registrations: 我的创孵 shows the person's own registrations (query count independent of how
many), guest registrations join the account when its email is verified, the PIPL data download holds the
person's data and nobody else's, and deleting an account cancels and anonymises registrations, freeing the
seat for the waitlist."""

import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail import hooks as wagtail_hooks

import pytest

from accounts import hooks
from accounts.tokens import email_token
from registrations import engine
from registrations.links import registration_path, registration_token
from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

User = get_user_model()
S = RegistrationStatus
PASSWORD = "Pudong-2026-xuetang"


@pytest.fixture
def events(home_page):
    index = EventIndexPageFactory(parent=home_page)
    return [EventPageFactory(parent=index, title=f"创孵沙龙{n}", capacity=1) for n in range(8)]


def register(event, name, mobile, email="", user=None):
    registration, _created = engine.register(
        event.registration_target, engine.Applicant(name=name, mobile=mobile, email=email, user=user)
    )
    return registration


@pytest.fixture
def people(events):
    """A and B each hold a seat at event 0 (capacity 1: B waits) and A holds event 1."""
    a = UserFactory(name="甲", email="a@example.cn", mobile="13900000001", password=PASSWORD)
    b = UserFactory(name="乙", email="b@example.cn", mobile="13900000002", password=PASSWORD)
    a_first = register(events[0], "甲", "13900000001", "a@example.cn", a)
    b_first = register(events[0], "乙", "13900000002", "b@example.cn", b)
    a_second = register(events[1], "甲", "13900000001", "a@example.cn", a)
    assert (a_first.status, b_first.status) == (S.CONFIRMED, S.WAITLISTED)
    return {"a": a, "b": b, "a_first": a_first, "b_first": b_first, "a_second": a_second}


@pytest.mark.django_db
def test_the_dashboard_lists_my_registrations_only(client, people):
    client.force_login(people["a"])
    html = client.get("/accounts/").content.decode()
    assert "我的活动报名" in html
    assert html.count('class="my-registration"') == 2
    assert registration_token(people["a_first"]) in html
    assert registration_token(people["b_first"]) not in html
    assert "乙" not in html and "13900000002" not in html
    client.force_login(people["b"])
    html = client.get("/accounts/").content.decode()
    assert "候补中 · 第 1 位" in html
    assert registration_token(people["a_first"]) not in html


@pytest.mark.django_db
def test_one_person_cannot_touch_anothers_registration(client, people):
    client.force_login(people["a"])
    b_token = registration_token(people["b_first"])
    # Without B's signed link nothing of B's can be reached; a forged signature is refused.
    for forged in [people["b_first"].ticket_code, b_token[:-1] + ("x" if b_token[-1] != "x" else "y")]:
        assert client.post(f"/registration/{forged}/cancel/").status_code == 404
        assert client.get(f"/registration/{forged}/").status_code == 404
    people["b_first"].refresh_from_db()
    assert people["b_first"].status == S.WAITLISTED
    data = json.loads(client.get("/accounts/data/download/").content)
    assert people["b_first"].ticket_code not in json.dumps(data)


@pytest.mark.django_db
def test_cancel_from_the_dashboard_comes_back_to_it(client, people):
    client.force_login(people["a"])
    token = registration_token(people["a_first"])
    response = client.post(f"/registration/{token}/cancel/", {"next": "/accounts/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert "报名已取消" in response.content.decode()
    people["a_first"].refresh_from_db()
    people["b_first"].refresh_from_db()
    assert (people["a_first"].status, people["b_first"].status) == (S.CANCELLED, S.OFFERED)
    # An outside `next` is ignored.
    token = registration_token(people["a_second"])
    response = client.post(f"/registration/{token}/cancel/", {"next": "https://evil.example/"})
    assert response["Location"] == registration_path(people["a_second"])


@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow_with_registrations(client, events):
    user = UserFactory(email="q@example.cn")
    register(events[0], "丙", "13900000009", "q@example.cn", user)
    client.force_login(user)
    client.get("/accounts/")  # warm the page chrome and the session
    with CaptureQueriesContext(connection) as one:
        assert client.get("/accounts/").status_code == 200
    register(events[1], "丁", "13700000001", "d@example.cn")  # takes the one seat: 丙 will wait there
    for event in events[1:]:
        register(event, "丙", "13900000009", "q@example.cn", user)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/accounts/").content.decode()
    assert html.count('class="my-registration"') == 8
    assert "候补中 · 第 1 位" in html
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 10  # the account, session and chrome, each app's section (events, academy)


@pytest.mark.django_db
def test_guest_registrations_join_the_account_when_its_email_is_verified(client, events):
    guest = register(events[0], "王五", "13900000005", "wangwu@example.cn")
    cancelled_guest = register(events[1], "王五", "13900000005", "WangWu@example.cn")
    engine.cancel(cancelled_guest)
    someone_else = register(events[2], "赵六", "13900000006", "zhaoliu@example.cn")
    user = UserFactory(email="wangwu@example.cn")
    client.force_login(user)
    assert "还没有活动报名" in client.get("/accounts/").content.decode()  # not before verification
    client.get(f"/accounts/verify-email/{email_token(user)}/")
    user.refresh_from_db()
    assert user.email_verified
    assert set(Registration.objects.filter(user=user)) == {guest, cancelled_guest}
    someone_else.refresh_from_db()
    assert someone_else.user is None
    html = client.get("/accounts/").content.decode()
    assert registration_token(guest) in html and registration_token(someone_else) not in html


@pytest.mark.django_db
def test_an_active_guest_registration_for_a_target_the_account_already_holds_stays_apart(events):
    user = UserFactory(email="wangwu@example.cn")
    mine = register(events[0], "王五", "13900000005", "other@example.cn", user)
    guest = register(events[0], "王五", "13700000005", "wangwu@example.cn")
    hooks.email_verified(user)
    guest.refresh_from_db()
    assert guest.user is None and mine.user == user


@pytest.mark.django_db
def test_download_my_data_has_my_account_and_registrations_and_nothing_of_others(client, people):
    client.force_login(people["a"])
    response = client.get("/accounts/data/download/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["name"] == "甲" and data["account"]["email"] == "a@example.cn"
    assert data["account"]["privacy_version"] == people["a"].privacy_version
    codes = {r["ticket_code"] for r in data["event_registrations"]}
    assert codes == {people["a_first"].ticket_code, people["a_second"].ticket_code}
    assert {r["status"] for r in data["event_registrations"]} == {"已确认"}
    text = response.content.decode()
    assert "乙" not in text and "b@example.cn" not in text and "13900000002" not in text
    assert "password" not in text


@pytest.mark.django_db
def test_deleting_the_account_cancels_anonymises_and_frees_the_seat(
    client, people, django_capture_on_commit_callbacks
):
    a = people["a"]
    client.force_login(a)
    response = client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400 and "密码不正确。" in response.content.decode()
    assert User.objects.filter(pk=a.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "账号已注销" in response.content.decode()
    assert not User.objects.filter(pk=a.pk).exists()
    assert "_auth_user_id" not in client.session
    for key in ("a_first", "a_second"):
        registration = people[key]
        registration.refresh_from_db()
        assert registration.status == S.CANCELLED and registration.cancel_reason == "account_deleted"
        assert registration.name == "已注销用户"
        assert (registration.email, registration.user, registration.organisation) == ("", None, "")
        assert registration.mobile == f"x{registration.pk}"
    people["b_first"].refresh_from_db()
    assert people["b_first"].status == S.OFFERED  # the freed seat went to the waitlist
    assert people["b_first"].name == "乙"


@pytest.mark.django_db
def test_anonymised_attended_registrations_never_collide(events):
    """Attended registrations stay "active" for the per-mobile unique index: two deleted people who both
    attended one event must each get their own placeholder."""
    target = events[0].registration_target
    target.capacity = 5
    target.save()
    users = [UserFactory(email=f"att{n}@example.cn") for n in range(2)]
    for n, user in enumerate(users):
        registration = register(events[0], f"参会者{n}", f"1390000001{n}", f"att{n}@example.cn", user)
        engine.mark_attended(registration)
    for user in users:
        hooks.delete_account(user)
    assert list(Registration.objects.filter(target=target).values_list("status", "name", "user")) == [
        (S.ATTENDED, "已注销用户", None),
        (S.ATTENDED, "已注销用户", None),
    ]


@pytest.mark.django_db
def test_a_failing_hook_undoes_the_whole_deletion(people):
    def refuse(user):
        raise RuntimeError("another app refuses")

    # Runs after the registrations app has cancelled and anonymised: all of it must roll back.
    with (
        wagtail_hooks.register_temporarily(hooks.DELETING, refuse, order=100),
        pytest.raises(RuntimeError),
    ):
        hooks.delete_account(people["a"])
    assert User.objects.filter(pk=people["a"].pk).exists()
    for key, status, name in [("a_first", S.CONFIRMED, "甲"), ("b_first", S.WAITLISTED, "乙")]:
        people[key].refresh_from_db()
        assert (people[key].status, people[key].name) == (status, name)
