"""Online events: the meeting link is in both parts of the mail and on the e-ticket, which shows no on-site
check-in QR code; a waitlisted person gets no link; hybrid events keep their QR code and add the link."""

import pytest

from registrations.links import registration_path
from registrations.mails import build_mail
from registrations.models import RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory

MEETING = "https://meeting.tencent.com/dm/chuangfu-2026"


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page, slug="events")


@pytest.fixture
def online(events):
    return EventPageFactory(
        parent=events, title="线上政策解读会", venue_name="", venue_address="", online_url=MEETING
    )


@pytest.fixture
def hybrid(events):
    return EventPageFactory(parent=events, title="线上线下同步沙龙", online_url=MEETING)


def parts(message):
    html = next(content for content, mime in message.alternatives if mime == "text/html")
    return message.body, html


@pytest.mark.parametrize("kind", ["confirmed", "reminder"])
def test_online_confirmation_mail_has_the_link_and_no_qr(online, kind):
    registration = RegistrationFactory(target=online.registration_target)
    message = build_mail(registration, kind)
    text, html = parts(message)
    assert f"线上链接：{MEETING}" in text
    assert f'<a href="{MEETING}"' in html
    assert "cid:ticket-qr" not in html and "签到" not in html and "签到" not in text
    assert not [a for a in message.attachments if getattr(a, "get_content_type", lambda: "")() == "image/png"]


def test_waitlisted_mail_has_no_meeting_link(online):
    registration = RegistrationFactory(
        target=online.registration_target, status=RegistrationStatus.WAITLISTED
    )
    text, html = parts(build_mail(registration, "waitlisted"))
    assert MEETING not in text and MEETING not in html


def test_online_e_ticket_shows_the_link_and_no_check_in_qr(client, online):
    registration = RegistrationFactory(target=online.registration_target)
    html = client.get(registration_path(registration)).content.decode()
    assert "ticket.png" not in html and "电子票二维码" not in html
    assert f'<a class="button" href="{MEETING}" rel="noopener">进入线上活动</a>' in html
    assert registration.ticket_code in html


def test_hybrid_event_keeps_the_qr_and_adds_the_link(client, hybrid):
    registration = RegistrationFactory(target=hybrid.registration_target)
    html = client.get(registration_path(registration)).content.decode()
    assert "ticket.png" in html
    assert f'线上同步链接：<a href="{MEETING}"' in html
    message = build_mail(registration, "confirmed")
    assert "cid:ticket-qr" in parts(message)[1] and MEETING in parts(message)[1]
