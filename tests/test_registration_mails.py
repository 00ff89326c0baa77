"""Every registration mail, with its attachments: confirmation (.ics + QR e-ticket), waitlist, offer,
reminder, cancellation, rejection, offer expiry."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from registrations import engine
from tests.factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def event(home_page):
    return EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), title="合成生物创新沙龙", capacity=1
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def person(n):
    return engine.Applicant(name=f"张{n}", mobile=f"139{n:08d}", email=f"p{n}@example.cn")


def attachments(message):
    return {part.get_filename(): part for part in message.message().walk() if part.get_filename()}


@pytest.mark.django_db
def test_confirmation_has_ics_and_qr_ticket(event, commit):
    with commit():
        registration, _ = engine.register(event.registration_target, person(1))
    [message] = mail.outbox
    assert message.to == ["p1@example.cn"]
    assert message.subject == "报名成功：合成生物创新沙龙"
    assert registration.ticket_code in message.body
    assert "/registration/" in message.body  # the signed link to see or cancel
    html = message.alternatives[0][0]
    assert "cid:ticket-qr" in html and registration.ticket_code in html
    files = attachments(message)
    ics = files["event.ics"].get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:合成生物创新沙龙" in ics
    start = event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in ics
    qr = files[f"ticket-{registration.ticket_code}.png"]
    assert qr.get_content_type() == "image/png"
    assert qr["Content-ID"] == "<ticket-qr>"
    assert qr.get_payload(decode=True).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_waitlist_offer_and_cancellation_mails(event, commit):
    with commit():
        seated, _ = engine.register(event.registration_target, person(1))
        waiting, _ = engine.register(event.registration_target, person(2))
    assert mail.outbox[-1].subject == "已进入候补：合成生物创新沙龙"
    assert "候补名单" in mail.outbox[-1].body
    assert not attachments(mail.outbox[-1])
    mail.outbox.clear()
    with commit():
        engine.cancel(seated)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["p1@example.cn"].subject == "报名已取消：合成生物创新沙龙"
    offer = by_person["p2@example.cn"]
    assert offer.subject.startswith("候补递补通知")
    waiting.refresh_from_db()
    deadline = timezone.localtime(waiting.offer_expires_at).strftime("%Y年%m月%d日 %H:%M")
    assert deadline in offer.body
    assert "/claim/" in offer.body
    mail.outbox.clear()
    with commit():
        engine.claim_offer(waiting)
    assert mail.outbox[0].subject == "报名成功：合成生物创新沙龙"
    assert "event.ics" in attachments(mail.outbox[0])


@pytest.mark.django_db
def test_expired_offer_and_rejection_mails(home_page, commit):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), capacity=1, requires_approval=True
    )
    target = event.registration_target
    with commit():
        first, _ = engine.register(target, person(1))
        second, _ = engine.register(target, person(2))
    assert mail.outbox[0].subject.startswith("报名已收到，等待审核")
    mail.outbox.clear()
    with commit():
        engine.reject(first)
    subjects = sorted(m.subject.split("：")[0] for m in mail.outbox)
    assert subjects == ["候补递补通知，请尽快确认", "报名未通过审核"]
    second.refresh_from_db()
    mail.outbox.clear()
    with commit():
        engine.expire_offers(now=second.offer_expires_at + datetime.timedelta(seconds=1))
    assert mail.outbox[0].subject.startswith("递补名额已失效")


@pytest.mark.django_db
def test_reminder_mail_carries_the_ticket(home_page, commit):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=2),
    )
    registration, _ = engine.register(event.registration_target, person(1))
    with commit():
        assert engine.send_reminders() == 1
    [message] = mail.outbox
    assert registration.ticket_code in message.body
    assert f"ticket-{registration.ticket_code}.png" in attachments(message)


@pytest.mark.django_db
def test_mails_go_through_the_outbox_and_django_tasks(event, commit):
    from django_tasks.signals import task_enqueued

    calls = []

    def record(sender, task_result, **kwargs):
        calls.append((task_result.task.name, tuple(task_result.args)))

    task_enqueued.connect(record)
    try:
        with commit():
            registration, _ = engine.register(event.registration_target, person(1))
    finally:
        task_enqueued.disconnect(record)
    # One outbox row, written with the registration; the task only nudges it (see worker.mail).
    from worker.models import MailStatus, OutgoingMail

    [row] = OutgoingMail.objects.all()
    assert (row.builder, row.args, row.status) == (
        "registrations.mails.registration_message",
        [registration.pk, "confirmed"],
        MailStatus.SENT,
    )
    assert calls == [("deliver_mail", (row.pk,))]


@pytest.mark.django_db
def test_every_link_in_every_mail_opens_a_page(client, event):
    """Readers click mail links (GET): each one, in the text and the HTML part, must answer with a page."""
    import re

    from django.conf import settings

    from registrations.mails import KINDS, build_mail

    registration, _ = engine.register(event.registration_target, person(1))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    checked = set()
    for kind in KINDS:
        message = build_mail(registration, kind)
        text_links = re.findall(r"https?://[^\s<>\"]+", message.body)
        html_links = re.findall(r'href="([^"]+)"', message.alternatives[0][0])
        for link in text_links + html_links:
            if not link.startswith(base) or link in checked:
                continue  # mailto: and outside sites are not ours to open
            checked.add(link)
            response = client.get(link[len(base) :])
            assert response.status_code == 200, (kind, link, response.status_code)
    assert any(link.endswith("/claim/") for link in checked)  # the offer's 确认参加 link
