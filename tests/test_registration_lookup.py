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


def test_lookup_page_is_linked_from_the_registration_form_and_kept_private(client, registrations):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in response.content.decode()
    event = registrations[0][0].target
    from events.models import EventPage

    page = EventPage.objects.get(registration_target=event)
    assert f'<a href="{URL}">找回报名链接</a>' in client.get(page.url).content.decode()
