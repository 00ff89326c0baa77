"""The site's public base URL (issue 13, China-ready defaults): production refuses to start without it, and
every mailed link is built on it, whatever Host header the request that caused the mail carried."""

import re
import secrets
from types import SimpleNamespace

from django.core import mail
from django.test import override_settings

import pytest

from academy.certificates import verify_url
from registrations import engine
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory
from tests.test_settings import run_manage

BASE = "https://www.chuangfu.example.cn"


@pytest.mark.parametrize("value", ["", "www.chuangfu.example.cn", "http://127.0.0.1:8000"])
def test_production_refuses_to_start_without_the_public_base_url(value):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="chuangfu.example.cn",
        DATABASE_URL="postgres://cf:cf@127.0.0.1:5432/cf",
        WAGTAILADMIN_BASE_URL=value,
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr and "站点公开网址" in result.stderr


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=BASE + "/")
def test_registration_mails_link_to_the_base_url(home_page, commit):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), title="路演日", capacity=1)
    with commit():
        first, _ = engine.register(
            event.registration_target,
            engine.Applicant(name="张一", mobile="13900000001", email="a@example.cn"),
        )
        engine.register(
            event.registration_target,
            engine.Applicant(name="李二", mobile="13900000002", email="b@example.cn"),
        )
    with commit():
        engine.cancel(first)  # frees the seat: the waitlisted person gets an offer mail with a claim link
    bodies = [m.body for m in mail.outbox] + [m.alternatives[0][0] for m in mail.outbox]
    ics = [
        a[1].replace("\r\n ", "").replace("\n ", "")  # unfold the 75-character lines
        for m in mail.outbox
        for a in m.attachments
        if isinstance(a, tuple) and a[0] == "event.ics"
    ]
    found = [url for text in bodies + ics for url in links(text)]
    assert any("/claim/" in url or "claim" in url for url in found), found
    assert f"URL:{BASE}{event.get_url_parts()[2]}" in ics[0]  # the event page, not the Site row's host
    assert found and all(url.startswith(BASE + "/") for url in found), found


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=BASE)
def test_password_reset_mails_ignore_the_request_host(client, home_page, commit):
    UserFactory(email="wang@example.cn")
    with commit():
        client.post("/accounts/password/reset/", {"email": "wang@example.cn"}, HTTP_HOST="evil.example")
    [message] = mail.outbox
    assert links(message.body) and all(
        url.startswith(BASE + "/accounts/password/reset/") for url in links(message.body)
    )
    assert "evil.example" not in message.body


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=BASE)
def test_admin_password_reset_and_certificates_use_the_base_url(client, home_page, commit):
    UserFactory(email="zhao@example.cn", is_staff=True)
    with commit():
        client.post("/admin/password_reset/", {"email": "zhao@example.cn"}, HTTP_HOST="evil.example")
    [message] = mail.outbox
    assert any(url.startswith(BASE + "/admin/password_reset/confirm/") for url in links(message.body))
    assert "evil.example" not in message.body
    assert verify_url(SimpleNamespace(code="ABCD1234")).startswith(BASE + "/")
