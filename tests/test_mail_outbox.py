"""The mail outbox (worker.mail) and the worker's stale-task recovery, in this process: a real SMTP server
on 127.0.0.1 (tests/smtp.py) that is missing, refusing or accepting; the staff list, retry and panel."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.utils import timezone

import pytest

from tests.factories import UserFactory
from tests.smtp import SmtpInbox, free_port
from worker import mail
from worker.models import MailStatus, OutgoingMail, WorkerHeartbeat

PREPARED = "worker.mail.prepared_message"


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there until a test starts its inbox
    settings.EMAIL_TIMEOUT = 5
    settings.MAIL_RETRY_DELAYS = [60, 300]
    return settings


def staff(*codenames):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"g-{user.username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="worker", codename=codename))
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_a_mail_is_retried_with_backoff_then_shown_to_staff_who_send_it_again(
    client, home_page, smtp_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = mail.queue_mail(
            PREPARED, "li@example.cn", "报名成功：创业沙龙", "正文", recipient="li@example.cn"
        )
    row = OutgoingMail.objects.get(pk=queued.pk)
    # First try at once: the SMTP server is not there.
    assert (row.status, row.attempts) == (MailStatus.PENDING, 1)
    assert "ConnectionRefusedError" in row.last_error
    first_retry = row.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < first_retry <= datetime.timedelta(seconds=60)
    assert mail.deliver(row.pk) is None  # not due yet: nothing happens
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert mail.deliver(row.pk, now=later) == MailStatus.PENDING
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at - timezone.now() > datetime.timedelta(seconds=295)  # the next, longer delay
    assert mail.deliver(row.pk, now=later + datetime.timedelta(seconds=301)) == MailStatus.FAILED
    assert mail.deliver(row.pk, now=later + datetime.timedelta(days=9)) is None  # failed stays failed
    row.refresh_from_db()
    assert (row.status, row.attempts, row.subject) == (MailStatus.FAILED, 3, "报名成功：创业沙龙")

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    dashboard = client.get("/admin/").content.decode()
    assert "邮件发送异常" in dashboard and "1 封邮件发送失败" in dashboard
    listing = client.get("/admin/mail/").content.decode()
    assert "li@example.cn" in listing and "报名成功：创业沙龙" in listing and "发送失败" in listing
    assert "ConnectionRefusedError" in listing

    inbox = SmtpInbox(port=smtp_settings.EMAIL_PORT).start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/admin/mail/retry/", {"mail": row.pk})
        assert response.status_code == 302
    finally:
        inbox.stop()
    assert inbox.subjects() == ["报名成功：创业沙龙"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 1)
    assert "邮件发送异常" not in client.get("/admin/").content.decode()
    assert "没有符合条件的邮件" in client.get("/admin/mail/").content.decode()  # nothing needs attention


@pytest.mark.django_db
def test_a_temporary_refusal_is_retried_and_the_mail_arrives_once(
    smtp_settings, django_capture_on_commit_callbacks
):
    inbox = SmtpInbox(port=smtp_settings.EMAIL_PORT).start()
    inbox.refuse = 1
    try:
        with django_capture_on_commit_callbacks(execute=True):
            queued = mail.queue_mail(PREPARED, "li@example.cn", "候补递补通知", "正文")
        row = OutgoingMail.objects.get(pk=queued.pk)
        assert row.status == MailStatus.PENDING and "451" in row.last_error
        assert mail.deliver(row.pk, now=timezone.now() + datetime.timedelta(minutes=2)) == MailStatus.SENT
        assert mail.deliver(row.pk, now=timezone.now() + datetime.timedelta(days=1)) is None
    finally:
        inbox.stop()
    assert inbox.subjects() == ["候补递补通知"]


@pytest.mark.django_db
def test_a_mail_with_nothing_left_to_say_is_skipped(django_capture_on_commit_callbacks):
    from accounts.mails import queue_verification_mail

    user = UserFactory(email="zhang@example.cn", email_verified_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        queue_verification_mail(user)  # verified meanwhile (e.g. by an earlier mail's link)
    assert OutgoingMail.objects.get().status == MailStatus.SKIPPED
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_gives_back_dead_claims_and_nudges_mails_that_lost_their_nudge():
    now = timezone.now()
    dead_claim = OutgoingMail.objects.create(
        builder=PREPARED,
        args=["a@example.cn", "甲", "正文"],
        status=MailStatus.SENDING,
        attempts=1,
        claimed_at=now - datetime.timedelta(minutes=31),
    )
    live_claim = OutgoingMail.objects.create(
        builder=PREPARED,
        args=["b@example.cn", "乙", "正文"],
        status=MailStatus.SENDING,
        attempts=1,
        claimed_at=now - datetime.timedelta(minutes=1),
    )
    lost = OutgoingMail.objects.create(
        builder=PREPARED,
        args=["c@example.cn", "丙", "正文"],
        next_attempt_at=now - datetime.timedelta(minutes=10),
    )
    old_sent = OutgoingMail.objects.create(builder=PREPARED, status=MailStatus.SENT)
    OutgoingMail.objects.filter(pk=old_sent.pk).update(created_at=now - datetime.timedelta(days=31))

    assert mail.sweep(now) == (1, 1)
    # The lost one was nudged (the immediate backend sends it at once); the dead claim is due again.
    assert [m.subject for m in django_mail.outbox] == ["丙"]
    statuses = dict(OutgoingMail.objects.values_list("pk", "status"))
    assert statuses == {
        dead_claim.pk: MailStatus.PENDING,
        live_claim.pk: MailStatus.SENDING,
        lost.pk: MailStatus.SENT,
    }


@pytest.mark.django_db
def test_the_mail_list_and_panel_need_their_permissions(client, home_page):
    OutgoingMail.objects.create(
        builder=PREPARED, status=MailStatus.FAILED, attempts=7, recipient="x@example.cn"
    )
    client.force_login(staff())
    refused = client.get("/admin/mail/")  # Wagtail sends staff without the permission to the dashboard
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "邮件发送异常" not in client.get("/admin/").content.decode()
    client.force_login(staff("view_outgoingmail"))
    listing = client.get("/admin/mail/").content.decode()
    assert "x@example.cn" in listing and 'action="/admin/mail/retry/"' not in listing
    assert "邮件发送异常" in client.get("/admin/").content.decode()
    assert client.post("/admin/mail/retry/", {"all": "failed"})["Location"] == "/admin/"
    assert OutgoingMail.objects.get().status == MailStatus.FAILED
    client.force_login(staff("view_outgoingmail", "change_outgoingmail"))
    assert 'action="/admin/mail/retry/"' in client.get("/admin/mail/").content.decode()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_running_tasks_of_dead_workers_are_queued_again_and_live_ones_left_alone(database_tasks, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from tests.worker_tasks import slow_first_time
    from worker.runner import MAX_CLAIMS, recover_stale_tasks

    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=now - datetime.timedelta(seconds=5))
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=now - datetime.timedelta(minutes=7))

    def running(worker_ids, minutes_ago):
        result = slow_first_time.enqueue(str(tmp_path / "x"), 0)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", worker_ids=worker_ids, started_at=now - datetime.timedelta(minutes=minutes_ago)
        )
        return result.id

    orphan = running(["dead"], 10)
    long_task = running(["alive"], 60)  # a long task of a live worker
    unknown = running(["never-beat"], 6)  # e.g. a worker without heartbeats (plain db_worker)
    just_started = running(["dead"], 1)  # not stale yet
    hopeless = running([f"w{n}" for n in range(MAX_CLAIMS)], 10)

    assert recover_stale_tasks(now, datetime.timedelta(minutes=5)) == 3
    status = {str(pk): value for pk, value in DBTaskResult.objects.values_list("pk", "status")}
    assert {key: status[key] for key in (orphan, long_task, unknown, just_started, hopeless)} == {
        orphan: "READY",
        long_task: "RUNNING",
        unknown: "READY",
        just_started: "RUNNING",
        hopeless: "FAILED",
    }
    assert DBTaskResult.objects.get(pk=hopeless).exception_class_path == "worker.runner.AbandonedTask"
