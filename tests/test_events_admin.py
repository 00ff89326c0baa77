"""Staff side: registrations list, actions, add by hand, check-in, exports (PIPL permission + audit), dashboard."""

import csv
import io

from django.contrib.auth.models import Group, Permission

import pytest
from openpyxl import load_workbook

from registrations import engine
from registrations.models import Registration, RegistrationExport, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

S = RegistrationStatus
QUESTIONS = [
    ("choice", {"label": "企业所处阶段", "choices": "种子期\n初创期", "required": False, "help_text": ""})
]


def staff(*codenames):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"g-{user.username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="registrations", codename=codename)
        )
    user.groups.add(group)
    return user


@pytest.fixture
def event(home_page):
    return EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=2, questions=QUESTIONS)


@pytest.fixture
def people(event):
    target = event.registration_target
    result = []
    for n in range(3):
        registration, _ = engine.register(
            target,
            engine.Applicant(
                name=f"张{n}",
                mobile=f"1390000000{n}",
                email=f"p{n}@example.cn",
                organisation="=HYPERLINK(1)",
                answers={"企业所处阶段": "初创期"},
            ),
        )
        result.append(registration)
    return result


def denied(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def url(event, suffix=""):
    return f"/admin/registrations/{event.registration_target_id}/{suffix}"


@pytest.mark.django_db
def test_registration_list_needs_permission(client, event):
    client.force_login(staff())
    assert denied(client.get(url(event)))
    assert denied(client.get("/admin/events/"))


@pytest.mark.django_db
def test_list_filters_and_hides_contact_without_permission(client, event, people):
    client.force_login(staff("view_registration"))
    html = client.get(url(event)).content.decode()
    assert "张0" in html and "张2" in html
    assert "13900000000" not in html and "p0@example.cn" not in html
    assert "139****0000" in html
    waitlisted = client.get(url(event) + "?status=waitlisted").content.decode()
    assert "张2" in waitlisted and "张0" not in waitlisted
    searched = client.get(url(event) + "?q=张1").content.decode()
    assert "张1" in searched and "张0" not in searched
    # Searching by mobile does not reveal who has it.
    assert "张0" not in client.get(url(event) + "?q=13900000000").content.decode()


@pytest.mark.django_db
def test_contact_visible_with_permission(client, event, people):
    client.force_login(staff("view_registration", "view_registration_contact"))
    html = client.get(url(event)).content.decode()
    assert "13900000000" in html and "p0@example.cn" in html
    assert "张0" in client.get(url(event) + "?q=13900000000").content.decode()


@pytest.mark.django_db
def test_export_without_contact_permission_and_audit(client, event, people):
    user = staff("view_registration")
    client.force_login(user)
    response = client.get(url(event, "export.csv"))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["票码", "状态", "姓名"]
    assert "手机号" not in rows[0] and "邮箱" not in rows[0]
    assert "13900000000" not in text and "p0@example.cn" not in text
    assert "企业所处阶段" in rows[0] and "初创期" in rows[1]
    assert rows[1][rows[0].index("单位")] == "'=HYPERLINK(1)"  # no formula injection
    assert len(rows) == 4
    [record] = RegistrationExport.objects.all()
    assert (record.user, record.target_id, record.row_count, record.file_format, record.included_contact) == (
        user,
        event.registration_target_id,
        3,
        "csv",
        False,
    )
    assert record.created_at is not None


@pytest.mark.django_db
def test_xlsx_export_with_contact_permission(client, event, people):
    user = staff("view_registration", "view_registration_contact")
    client.force_login(user)
    response = client.get(url(event, "export.xlsx") + "?status=confirmed")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert "手机号" in rows[0] and "邮箱" in rows[0]
    assert len(rows) == 3  # header + two confirmed
    assert rows[1][rows[0].index("手机号")] == "13900000000"
    record = RegistrationExport.objects.get()
    assert (record.row_count, record.file_format, record.included_contact) == (2, "xlsx", True)


@pytest.mark.django_db
def test_export_needs_permission(client, event, people):
    client.force_login(staff())
    assert denied(client.get(url(event, "export.csv")))
    assert not RegistrationExport.objects.exists()


@pytest.mark.django_db
def test_staff_actions(client, home_page):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), capacity=1, requires_approval=True
    )
    target = event.registration_target
    first, _ = engine.register(
        target, engine.Applicant(name="甲", mobile="13900000001", email="a@example.cn")
    )
    second, _ = engine.register(
        target, engine.Applicant(name="乙", mobile="13900000002", email="b@example.cn")
    )
    client.force_login(staff("view_registration", "change_registration"))
    action = f"/admin/registrations/registration/{first.pk}/action/"
    client.post(action, {"action": "approve"})
    first.refresh_from_db()
    assert first.status == S.CONFIRMED
    client.post(action, {"action": "attend"})
    first.refresh_from_db()
    assert first.status == S.ATTENDED
    client.post(
        f"/admin/registrations/registration/{second.pk}/action/", {"action": "move", "status": "cancelled"}
    )
    second.refresh_from_db()
    assert second.status == S.CANCELLED
    viewer = staff("view_registration")
    client.force_login(viewer)
    assert denied(client.post(action, {"action": "move", "status": "cancelled"}))
    first.refresh_from_db()
    assert first.status == S.ATTENDED


@pytest.mark.django_db
def test_add_by_hand(client, event, people):
    client.force_login(staff("view_registration", "add_registration"))
    response = client.post(
        url(event, "add/"),
        {
            "name": "王五",
            "mobile": "13800000000",
            "email": "",
            "q1": "种子期",
            "status": "confirmed",
            "staff_note": "电话报名",
        },
    )
    assert response.status_code == 302
    added = Registration.objects.get(name="王五")
    assert added.status == S.CONFIRMED and added.added_by_staff and added.staff_note == "电话报名"
    bad = client.post(url(event, "add/"), {"name": "", "mobile": "123"})
    assert "请填写姓名。" in bad.content.decode()


@pytest.mark.django_db
def test_check_in_page(client, home_page, event, people):
    client.force_login(staff("view_registration", "change_registration"))
    seated, other_seat, waiting = people
    page = client.get(url(event, "check-in/") + f"?code={seated.ticket_code.lower()}")
    html = page.content.decode()
    assert "有效票" in html and "张0" in html and "初创期" in html and "确认签到" in html
    response = client.post(url(event, "check-in/"), {"code": seated.ticket_code, "confirm": "1"})
    assert response.status_code == 302
    seated.refresh_from_db()
    assert seated.status == S.ATTENDED
    again = client.get(url(event, "check-in/") + f"?code={seated.ticket_code}").content.decode()
    assert "已于" in again and "签到" in again
    other_event = EventPageFactory(parent=event.get_parent())
    elsewhere, _ = engine.register(
        other_event.registration_target,
        engine.Applicant(name="外场", mobile="13700000000", email="x@example.cn"),
    )
    refused = client.get(url(event, "check-in/") + f"?code={elsewhere.ticket_code}")
    assert refused.status_code == 409 and "不是本场的票" in refused.content.decode()
    assert other_event.title not in refused.content.decode()  # nothing about where else the holder goes
    assert "候补中" in client.get(url(event, "check-in/") + f"?code={waiting.ticket_code}").content.decode()
    engine.cancel(other_seat)
    cancelled = client.post(url(event, "check-in/"), {"code": other_seat.ticket_code, "confirm": "1"})
    assert cancelled.status_code == 409 and "已取消" in cancelled.content.decode()
    other_seat.refresh_from_db()
    assert other_seat.status == S.CANCELLED


@pytest.mark.django_db
def test_dashboard_panel_and_listing_button(client, event, people):
    user = staff("view_registration")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "近期活动报名" in html and event.title in html and "100%" in html
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(f"/admin/pages/{event.get_parent().pk}/").content.decode()
    assert "报名管理" in listing
    assert "活动报名" in client.get("/admin/events/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix", ["export.html", "export.csvcsvcsvcsv", "export.csv%22%3B%20x", "export.XLSX"]
)
def test_only_known_export_formats_exist(client, event, people, suffix):
    client.force_login(staff("view_registration", "view_registration_contact"))
    assert client.get(url(event, suffix)).status_code == 404
    assert not RegistrationExport.objects.exists()
