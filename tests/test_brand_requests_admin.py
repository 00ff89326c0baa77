"""The request inbox in the Wagtail admin: filters, answering, assignment, export (contact permission and
audit), the dashboard panel, query bounds, and provider staff who see only their provider's requests."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from brand import inbox
from brand.admin_views import dashboard_numbers
from brand.models import MessageKind, RequestKind, RequestStatus, ServiceProvider, ServiceRequest
from core.brands import Brand
from core.models import ExportRecord
from tests.factories import (
    BrandPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ServicePageFactory,
    UserFactory,
)

S = RequestStatus


def group_with(name, *codenames):
    group = Group.objects.create(name=name)
    for codename in codenames:
        app, code = codename.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=code))
    return group


def user_in(group, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(group)
    return user


@pytest.fixture
def world(home_page):
    yunchao = BrandPageFactory(parent=home_page, brand=Brand.YUNCHAO)
    a = ServiceProvider.objects.create(name="甲服务商", slug="jia", profile="甲")
    b = ServiceProvider.objects.create(name="乙服务商", slug="yi", profile="乙")
    service_a = ServicePageFactory(parent=yunchao, title="甲的检测服务", service_provider=a)
    service_b = ServicePageFactory(parent=yunchao, title="乙的财税服务", service_provider=b)
    return {"a": a, "b": b, "service_a": service_a, "service_b": service_b}


def make(kind=RequestKind.SERVICE, service=None, n=1, topic=None):
    sub = inbox.Submission(
        kind=kind,
        topic=topic or f"需求{n}",
        company_name="示例企业",
        stage="growth",
        need="需要帮助。",
        contact_name=f"联系人{n}",
        mobile=f"135{n:08d}",
        email=f"c{n}@example.cn",
        service=service,
    )
    return inbox.submit(sub)[0]


@pytest.fixture
def inbox_staff(db):
    group = group_with(
        "服务需求专员",
        "wagtailadmin.access_admin",
        "brand.view_servicerequest",
        "brand.change_servicerequest",
    )
    return user_in(group, username="zhuanyuan", name="周专员")


@pytest.mark.django_db
def test_inbox_lists_filters_and_marks_overdue(client, world, inbox_staff):
    a = make(service=world["service_a"], n=1, topic="甲的需求")
    make(service=world["service_b"], n=2, topic="乙的需求")
    make(kind=RequestKind.CONSULTATION, n=3, topic="咨询需求")
    ServiceRequest.objects.filter(pk=a.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(inbox_staff)
    url = reverse("brand_admin:requests")
    html = client.get(url).content.decode()
    assert all(t in html for t in ("甲的需求", "乙的需求", "咨询需求")) and "已逾期" in html
    assert "13500000001" not in html  # no contact permission

    def topics(**params):
        return [r.topic for r in client.get(url, params).context["page_obj"]]

    assert topics(kind="zhixun") == ["咨询需求"]
    assert topics(provider=world["b"].pk) == ["乙的需求"]
    assert topics(overdue="1") == ["甲的需求"]
    assert topics(assignee="none") == ["咨询需求", "乙的需求", "甲的需求"]
    assert topics(status="closed") == []
    assert topics(kind="bogus", provider="x") == ["咨询需求", "乙的需求", "甲的需求"]  # junk ignored


@pytest.mark.django_db
def test_staff_assign_reply_note_and_close_from_the_admin(
    client, world, inbox_staff, django_capture_on_commit_callbacks
):
    request = make(service=world["service_a"])
    client.force_login(inbox_staff)
    action = lambda name, **data: client.post(reverse("brand_admin:action", args=[request.pk, name]), data)  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        action("assign", assignee=inbox_staff.pk)
        action("note", body="内部：先核实企业资质")
        action("reply", body="您好，请补充营业执照。")
        action("status", status="closed", body="")
    request.refresh_from_db()
    assert request.assignee == inbox_staff and request.status == S.CLOSED and request.first_response_at
    assert request.messages.filter(kind=MessageKind.NOTE, author=inbox_staff).exists()
    assert not any("先核实企业资质" in m.body for m in mail.outbox)
    html = client.get(reverse("brand_admin:request", args=[request.pk])).content.decode()
    assert "先核实企业资质" in html and "仅内部可见" in html
    # Staff are shown by their one full name (姓名), never by their login name.
    assert f"<dd>{inbox_staff.get_full_name()}</dd>" in html
    assert inbox_staff.get_full_name() in client.get(reverse("brand_admin:requests")).content.decode()


@pytest.mark.django_db
def test_export_needs_the_contact_permission_for_contacts_and_is_audited(client, world, inbox_staff):
    make(service=world["service_a"], n=7)
    client.force_login(inbox_staff)
    response = client.get(reverse("brand_admin:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "手机号" not in rows[0] and "13500000007" not in response.content.decode("utf-8-sig")
    record = ExportRecord.objects.get()
    assert (record.user, record.row_count, record.included_internal, record.file_format) == (
        inbox_staff,
        1,
        False,
        "csv",
    )
    inbox_staff.groups.first().permissions.add(Permission.objects.get(codename="view_servicerequest_contact"))
    inbox_staff = type(inbox_staff).objects.get(pk=inbox_staff.pk)  # fresh permission cache
    client.force_login(inbox_staff)
    response = client.get(reverse("brand_admin:export", args=["xlsx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert ExportRecord.objects.filter(file_format="xlsx", included_internal=True).count() == 1
    assert client.get(reverse("brand_admin:export", args=["exe"])).status_code == 404


@pytest.mark.django_db
def test_provider_staff_see_and_answer_only_their_providers_requests(client, world, home_page):
    mine = make(service=world["service_a"], n=1, topic="给甲的申请")
    theirs = make(service=world["service_b"], n=2, topic="给乙的申请")
    consultation = make(kind=RequestKind.CONSULTATION, n=3, topic="股权问题请教")
    provider_user = user_in(group_with("服务商", "wagtailadmin.access_admin"), username="jia-staff")
    world["a"].staff.add(provider_user)
    client.force_login(provider_user)

    html = client.get(reverse("brand_admin:requests")).content.decode()
    assert "给甲的申请" in html and "给乙的申请" not in html and "股权问题请教" not in html
    assert "乙服务商" not in html  # not even offered as a filter
    for other in (theirs, consultation):
        assert client.get(reverse("brand_admin:request", args=[other.pk])).status_code == 404
        response = client.post(reverse("brand_admin:action", args=[other.pk, "reply"]), {"body": "越权"})
        assert response.status_code == 404
    assert not ServiceRequest.objects.filter(messages__body="越权").exists()
    client.post(reverse("brand_admin:action", args=[mine.pk, "reply"]), {"body": "甲已受理"})
    assert mine.messages.filter(kind=MessageKind.REPLY, body="甲已受理").exists()
    # No assigning staff, no whole-inbox export, no registrations.
    response = client.post(
        reverse("brand_admin:action", args=[mine.pk, "assign"]), {"assignee": provider_user.pk}
    )
    assert response.status_code in (302, 403)
    mine.refresh_from_db()
    assert mine.assignee is None
    export = client.get(reverse("brand_admin:export", args=["csv"])).content.decode("utf-8-sig")
    assert "给甲的申请" in export and "给乙的申请" not in export and "股权问题请教" not in export
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    response = client.get(reverse("registrations_admin:registrations", args=[event.registration_target.pk]))
    assert response.status_code in (302, 403)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "服务需求" in dashboard and "活动报名" not in dashboard
    numbers = dashboard_numbers(provider_user)
    assert numbers["open"] == 1


@pytest.mark.django_db
def test_someone_without_inbox_rights_gets_nothing(client, world):
    request = make(service=world["service_a"])
    editor = user_in(group_with("编辑", "wagtailadmin.access_admin"))
    client.force_login(editor)
    assert client.get(reverse("brand_admin:requests")).status_code in (302, 403)
    assert client.get(reverse("brand_admin:request", args=[request.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_dashboard_numbers_median_first_response(world, inbox_staff):
    now = timezone.now()
    for n, hours in enumerate((1, 3, 8)):
        r = make(kind=RequestKind.CONSULTATION, n=n)
        ServiceRequest.objects.filter(pk=r.pk).update(
            created_at=now - datetime.timedelta(days=2),
            first_response_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=hours),
        )
    late = make(service=world["service_a"], n=9)
    ServiceRequest.objects.filter(pk=late.pk).update(due_at=now - datetime.timedelta(hours=2))
    numbers = dashboard_numbers(inbox_staff, now=now)
    assert numbers["open"] == 4 and numbers["overdue"] == 1
    bars = {bar["label"]: bar for bar in numbers["bars"]}
    assert bars["智询咨询"]["hours"] == 3.0 and bars["智询咨询"]["count"] == 3
    assert bars["云超服务申请"]["hours"] is None


@pytest.mark.django_db
def test_inbox_queries_do_not_grow_with_requests(client, world, inbox_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("brand_admin:requests")).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(inbox_staff)
    for n in range(3):
        make(service=world["service_a"], n=n)
    client.get(reverse("brand_admin:requests"))
    few = count()
    for n in range(3, 20):
        inbox.assign(make(service=world["service_b"], n=n), inbox_staff, by=inbox_staff)
    assert count() == few
