"""Staff write to an event's registrants (issue 13, editors): confirmed and/or waitlisted people with an
email get one outbox mail each (through the task queue), the message is recorded like exports, and only
staff with the permission may send."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

import pytest

from registrations.models import RegistrantMessage
from registrations.models import RegistrationStatus as S
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory, UserFactory
from worker.models import OutgoingMail


@pytest.fixture
def event(home_page):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), title="创孵沙龙")
    target = event.registration_target
    RegistrationFactory(target=target, status=S.CONFIRMED, name="张一", email="a@example.cn")
    RegistrationFactory(target=target, status=S.CONFIRMED, name="张一", email="A@example.cn")  # same person
    RegistrationFactory(target=target, status=S.CONFIRMED, name="无邮箱", email="")
    RegistrationFactory(target=target, status=S.WAITLISTED, name="李二", email="b@example.cn")
    RegistrationFactory(target=target, status=S.CANCELLED, name="王三", email="c@example.cn")
    return event


def staff(*codenames):
    user = UserFactory(is_staff=True, name="活动主管")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="registrations", codename__in=codenames),
    )
    return user


@pytest.mark.django_db
def test_confirmed_registrants_get_the_message_through_the_outbox(
    client, event, django_capture_on_commit_callbacks
):
    client.force_login(staff("view_registration", "add_registrantmessage"))
    url = reverse("registrations_admin:message", args=[event.registration_target.pk])
    page = client.get(url).content.decode()
    assert "已确认 1 人" in page and "候补中 1 人" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"statuses": ["confirmed"], "subject": "场地变更", "body": "改到二楼报告厅。"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    [sent] = mail.outbox
    assert sent.subject == "场地变更｜创孵沙龙"
    assert (
        "张一，您好" in sent.body
        and "改到二楼报告厅。" in sent.body
        and "http://testserver/registration/" in sent.body
    )
    assert OutgoingMail.objects.filter(builder="registrations.messages.message_mail").count() == 1
    record = RegistrantMessage.objects.get()
    assert (record.statuses, record.recipient_count, record.user.name) == ("confirmed", 1, "活动主管")
    assert "场地变更" in client.get(url).content.decode()  # listed under 已发送的通知


@pytest.mark.django_db
def test_waitlisted_too(client, event, django_capture_on_commit_callbacks):
    client.force_login(staff("add_registrantmessage"))
    url = reverse("registrations_admin:message", args=[event.registration_target.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"statuses": ["confirmed", "waitlisted"], "subject": "提醒", "body": "明天见。"})
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "b@example.cn"]


@pytest.mark.django_db
def test_invalid_form_sends_nothing(client, event, django_capture_on_commit_callbacks):
    client.force_login(staff("add_registrantmessage"))
    url = reverse("registrations_admin:message", args=[event.registration_target.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"statuses": ["cancelled"], "subject": "", "body": "x" * 2001})
    html = response.content.decode()
    assert response.status_code == 200 and "请填写标题" in html and "请选择列表中的状态" in html
    assert mail.outbox == [] and not RegistrantMessage.objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_only_staff_with_the_permission_may_send(client, event):
    url = reverse("registrations_admin:message", args=[event.registration_target.pk])
    client.force_login(staff("view_registration", "change_registration"))
    assert client.get(url).status_code in (302, 403)  # Wagtail turns a refusal into a redirect home
    assert client.post(url, {"statuses": ["confirmed"], "subject": "x", "body": "y"}).status_code in (
        302,
        403,
    )
    assert (
        "群发通知"
        not in client.get(
            reverse("registrations_admin:registrations", args=[event.registration_target.pk])
        ).content.decode()
    )
    assert not RegistrantMessage.objects.exists()
