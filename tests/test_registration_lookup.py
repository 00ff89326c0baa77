"""找回报名: a registrant who lost the mail enters their address; the site mails signed links to that
address's registrations through the outbox and answers the same whether or not the address is known."""

import re

from django.core import mail
from django.urls import reverse

import pytest

from registrations.models import RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from worker.models import OutgoingMail

URL = reverse("registrations:lookup")


@pytest.fixture
def registrations(home_page):
    events = EventIndexPageFactory(parent=home_page, slug="events")
    salon = EventPageFactory(parent=events, title="合成生物创新沙龙")
    forum = EventPageFactory(parent=events, title="临港空天产业论坛")
    mine = [
        RegistrationFactory(target=salon.registration_target, email="Lin.Xiaowen@example.cn"),
        RegistrationFactory(
            target=forum.registration_target,
            email="lin.xiaowen@example.cn",
            status=RegistrationStatus.WAITLISTED,
        ),
    ]
    other = RegistrationFactory(target=salon.registration_target, email="someone.else@example.cn")
    return mine, other


def ask(client, email, commit):
    with commit(execute=True):
        return client.post(URL, {"email": email})


def test_known_address_gets_signed_links_to_its_registrations_only(
    client, registrations, django_capture_on_commit_callbacks
):
    mine, other = registrations
    response = ask(client, "lin.xiaowen@EXAMPLE.cn ", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == URL + "?sent=1"
    assert OutgoingMail.objects.filter(builder="registrations.mails.lookup_message").count() == 1
    [message] = mail.outbox
    assert message.to == ["lin.xiaowen@example.cn"]
    assert "合成生物创新沙龙" in message.body and "临港空天产业论坛" in message.body
    html = message.alternatives[0][0]
    paths = re.findall(r"https?://[^/\s]+(/registration/[^/\s]+/)", message.body)
    assert len(paths) == 2 and all(p in html for p in paths)
    names = {client.get(p).context["registration"].pk for p in paths}
    assert names == {r.pk for r in mine} and other.pk not in names


def test_unknown_address_gets_the_same_answer_and_no_mail(
    client, registrations, django_capture_on_commit_callbacks
):
    known = ask(client, "lin.xiaowen@example.cn", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    unknown = ask(client, "nobody@example.cn", django_capture_on_commit_callbacks)
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []
    page = client.get(unknown["Location"]).content.decode()
    assert "如果该邮箱有报名记录，我们已把报名链接发送过去" in page


@pytest.mark.django_db
def test_bad_address_is_refused_in_chinese_and_nothing_queued(client):
    response = client.post(URL, {"email": "不是邮箱"})
    assert response.status_code == 200
    assert "请填写有效的邮箱地址。" in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_per_ip_rate_limit(client, registrations, settings, django_capture_on_commit_callbacks):
    settings.REGISTRATION_LOOKUP_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert ask(client, "nobody@example.cn", django_capture_on_commit_callbacks).status_code == 302
    response = ask(client, "lin.xiaowen@example.cn", django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert mail.outbox == []


def test_one_address_cannot_be_flooded(client, registrations, settings, django_capture_on_commit_callbacks):
    settings.REGISTRATION_LOOKUP_MAIL_LIMIT = (1, 86400)
    for _ in range(3):
        assert ask(client, "lin.xiaowen@example.cn", django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 1


def test_lookup_page_is_linked_from_the_registration_form_and_not_indexed(client, registrations):
    response = client.get(URL)
    assert 'name="robots" content="noindex"' in response.content.decode()
    event = registrations[0][0].target
    from events.models import EventPage

    page = EventPage.objects.get(registration_target=event)
    assert f'<a href="{URL}">找回报名链接</a>' in client.get(page.url).content.decode()


@pytest.fixture
def page_cache(settings):
    from tests.test_cache_redis import redis_settings

    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True


@pytest.mark.django_db
def test_lookup_page_is_the_same_for_every_reader_and_served_from_the_page_cache(client, page_cache):
    from tests.test_cache_pages import is_private

    first, second = client.get(URL), client.get(URL)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second["Cache-Control"].startswith("public") and not is_private(second)
    assert not second.cookies and "csrftoken" not in client.cookies
    html = second.content.decode()
    assert "csrfmiddlewaretoken" not in html  # forms.js fetches this visitor's token before sending
    assert f'data-form-key="{reverse("registrations:form_key")}"' in html and "theme/js/forms" in html


def test_lookup_with_the_fetched_token_sends_and_without_one_asks_again(
    registrations, page_cache, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.test_cache_pages import is_private

    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(URL, {"email": "lin.xiaowen@example.cn"})  # JavaScript off: no token
    assert refused.status_code == 200 and is_private(refused)
    html = refused.content.decode()
    assert "尚未发送：请核对邮箱" in html and 'value="lin.xiaowen@example.cn"' in html
    assert "csrfmiddlewaretoken" in html and "data-form-key" not in html
    assert not OutgoingMail.objects.exists() and mail.outbox == []
    token = client.get(reverse("registrations:form_key")).json()["csrf"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(URL, {"email": "lin.xiaowen@example.cn", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302 and sent["Location"] == URL + "?sent=1"
    assert OutgoingMail.objects.filter(builder="registrations.mails.lookup_message").count() == 1
