"""Attendance (sheet and check-in by ticket code) → completion rule → certificate; revoke and re-issue;
the public verify page; the PDF; the staff log; the dashboard panel; query counts of the sheet."""

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pypdf
import pytest

from academy import completion, enrollment
from academy.certificates import certificate_pdf
from academy.models import Attendance, Certificate
from registrations import engine
from registrations.models import RegistrationStatus
from tests.academy_enrollment_helpers import course, course_index, mobile, session, trainee

S = RegistrationStatus


@pytest.fixture
def course_page(home_page):
    return course(course_index(home_page), title="概念验证实务", slug="poc", hours=Decimal("24"))


@pytest.fixture
def five_meetings(course_page):
    return session(course_page, name="春季班", meetings=5)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.cn", "secret-pass-123")


def enrolled(spring, n, name=None):
    user = trainee(n, name=name)
    registration, _ = enrollment.enroll(spring, user, mobile=mobile(n))
    return registration


def tick(registration, meetings):
    return {(registration.pk, m.pk) for m in meetings}


@pytest.mark.django_db
def test_completion_rule_issues_a_certificate_once(five_meetings, staff):
    meetings = list(five_meetings.meetings.all())
    linxw = enrolled(five_meetings, 1, name="林晓雯")
    other = enrolled(five_meetings, 2)
    # 80% of 5 meetings = 4. Three is not enough.
    assert (
        completion.save_sheet(five_meetings, tick(linxw, meetings[:3]) | tick(other, meetings[:1]), by=staff)
        == []
    )
    assert not Certificate.objects.exists()
    linxw.refresh_from_db()
    assert linxw.status == S.ATTENDED  # the engine's status follows the first attendance

    [certificate] = completion.save_sheet(five_meetings, tick(linxw, meetings[:4]), by=staff)
    assert (certificate.holder_name, certificate.course_title, certificate.session_name) == (
        "林晓雯",
        "概念验证实务",
        "春季班",
    )
    assert certificate.hours == Decimal("24")
    assert certificate.user == linxw.user and certificate.registration == linxw
    assert certificate.code.startswith("PDX-") and certificate.is_valid
    # Saving again (or more attendance) issues nothing more.
    assert completion.save_sheet(five_meetings, tick(linxw, meetings), by=staff) == []
    assert Certificate.objects.count() == 1
    # Unticking records absence rather than forgetting it.
    completion.save_sheet(five_meetings, tick(linxw, meetings[:2]), by=staff)
    assert Attendance.objects.filter(registration=linxw, present=False).count() == 3
    assert Attendance.objects.filter(registration=other, present=False).count() == 1


@pytest.mark.django_db
def test_a_revoked_certificate_is_not_issued_again_automatically(five_meetings, staff):
    meetings = list(five_meetings.meetings.all())
    registration = enrolled(five_meetings, 1)
    [certificate] = completion.save_sheet(five_meetings, tick(registration, meetings), by=staff)
    completion.revoke(certificate, "出勤记录有误", by=staff)
    completion.save_sheet(five_meetings, set(), by=staff)
    assert completion.save_sheet(five_meetings, tick(registration, meetings), by=staff) == []
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoke_reason == "出勤记录有误"
    completion.reissue(certificate, by=staff)
    certificate.refresh_from_db()
    assert certificate.is_valid and certificate.revoke_reason == ""
    assert Certificate.objects.count() == 1
    actions = list(ModelLogEntry.objects.for_instance(certificate).values_list("action", flat=True))
    assert sorted(actions) == [
        "academy.certificate.issue",
        "academy.certificate.reissue",
        "academy.certificate.revoke",
    ]


@pytest.mark.django_db
def test_completion_rate_of_the_course_is_used(course_page, staff):
    course_page.completion_rate = 50
    course_page.save_revision().publish()
    spring = session(course_page, meetings=4)
    registration = enrolled(spring, 1)
    meetings = list(spring.meetings.all())
    assert completion.save_sheet(spring, tick(registration, meetings[:1]), by=staff) == []
    assert len(completion.save_sheet(spring, tick(registration, meetings[:2]), by=staff)) == 1


@pytest.mark.django_db
def test_attendance_sheet_in_the_admin_saves_and_issues(client, five_meetings, staff):
    meetings = list(five_meetings.meetings.all())
    registration = enrolled(five_meetings, 1, name="陈思远")
    waitlisted_course = session(five_meetings.course, name="秋季班", capacity=1, first_day=80)
    client.force_login(staff)
    url = reverse("academy_admin:attendance", args=[five_meetings.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "陈思远" in html and html.count('name="present"') == 5
    response = client.post(url, {"present": [f"{registration.pk}:{m.pk}" for m in meetings[:4]]}, follow=True)
    assert "已颁发 1 张结业证书：陈思远" in response.content.decode()
    assert Attendance.objects.filter(registration=registration, present=True).count() == 4
    # Ids of another session's people or meetings are ignored.
    foreign = enrolled(waitlisted_course, 2)
    client.post(url, {"present": [f"{foreign.pk}:{meetings[0].pk}", "x:y"]})
    assert not Attendance.objects.filter(registration=foreign).exists()
    assert (
        ModelLogEntry.objects.filter(action="academy.attendance", object_id=str(five_meetings.pk)).count()
        == 2
    )


@pytest.mark.django_db
def test_attendance_sheet_queries_do_not_grow_with_trainees(client, five_meetings, staff):
    client.force_login(staff)
    url = reverse("academy_admin:attendance", args=[five_meetings.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    registrations = [enrolled(five_meetings, n) for n in range(1, 4)]
    meetings = list(five_meetings.meetings.all())
    completion.save_sheet(five_meetings, tick(registrations[0], meetings), by=staff)
    client.get(url)
    small = count()
    registrations += [enrolled(five_meetings, n) for n in range(4, 13)]
    completion.save_sheet(
        five_meetings, tick(registrations[0], meetings) | tick(registrations[5], meetings), by=staff
    )
    assert count() == small


@pytest.mark.django_db
def test_check_in_by_ticket_code_marks_that_meeting(client, five_meetings, staff, course_page):
    meetings = list(five_meetings.meetings.all())
    registration = enrolled(five_meetings, 1)
    client.force_login(staff)
    url = reverse("academy_admin:check_in", args=[five_meetings.pk])
    looked_up = client.get(url, {"meeting": meetings[2].pk, "code": registration.ticket_code.lower()})
    assert looked_up.status_code == 200 and "有效票" in looked_up.content.decode()
    assert not Attendance.objects.exists()  # looking up marks nothing
    client.post(url, {"meeting": meetings[2].pk, "code": registration.ticket_code, "confirm": "1"})
    [record] = Attendance.objects.all()
    assert (record.registration, record.meeting, record.present, record.marked_by) == (
        registration,
        meetings[2],
        True,
        staff,
    )
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED
    # Checking in again changes nothing; the staff log records one check-in.
    client.post(url, {"meeting": meetings[2].pk, "code": registration.ticket_code, "confirm": "1"})
    assert Attendance.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="academy.check_in").count() == 1

    # Other sessions' codes and people without a seat are refused with the reason.
    other = session(course(course_index(course_page.get_parent().get_parent(), slug="more"), slug="x"))
    stranger = enrolled(other, 2)
    refused = client.post(url, {"meeting": meetings[2].pk, "code": stranger.ticket_code, "confirm": "1"})
    assert refused.status_code == 409 and "不是本场的票" in refused.content.decode()
    full = session(course_page, name="秋季班", capacity=1, first_day=90)
    enrolled(full, 3)
    waiting = enrolled(full, 4)
    assert waiting.status == S.WAITLISTED
    refused = client.post(
        reverse("academy_admin:check_in", args=[full.pk]), {"code": waiting.ticket_code, "confirm": "1"}
    )
    assert refused.status_code == 409 and "候补" in refused.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_check_in_reaching_the_rule_issues_the_certificate(five_meetings, staff):
    meetings = list(five_meetings.meetings.all())
    registration = enrolled(five_meetings, 1)
    results = [
        completion.check_in(five_meetings, m, registration.ticket_code, by=staff) for m in meetings[:4]
    ]
    assert [bool(certificate) for _r, _already, certificate in results] == [False, False, False, True]


# The certificate in public --------------------------------------------------------------------------------


@pytest.fixture
def certificate(five_meetings, staff):
    registration = enrolled(five_meetings, 1, name="林晓雯")
    return completion.issue(registration, five_meetings, by=staff)


@pytest.mark.django_db
def test_verify_page_valid_shows_name_and_course_only(client, certificate):
    response = client.get(reverse("academy:certificate_verify", args=[certificate.code.lower()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="valid"' in html and "证书有效" in html
    assert "林晓雯" in html and "概念验证实务" in html
    registration = certificate.registration
    for private in (registration.mobile, registration.email, registration.ticket_code):
        assert private not in html
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_verify_page_revoked(client, certificate, staff):
    completion.revoke(certificate, "冒名顶替", by=staff)
    html = client.get(reverse("academy:certificate_verify", args=[certificate.code])).content.decode()
    assert 'data-verdict="revoked"' in html and "证书已撤销" in html
    assert "冒名顶替" not in html  # the reason stays in the staff log


@pytest.mark.django_db
def test_verify_page_unknown_code_is_a_clear_404(client, db):
    response = client.get(reverse("academy:certificate_verify", args=["PDX-NOPE"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到该证书" in html and "PDX-NOPE" in html


@pytest.mark.django_db
def test_certificate_survives_the_course_page_being_unpublished(client, certificate, course_page):
    course_page.unpublish()
    html = client.get(reverse("academy:certificate_verify", args=[certificate.code])).content.decode()
    assert "证书有效" in html and "概念验证实务" in html
    client.force_login(certificate.user)
    assert client.get(reverse("academy:certificate_pdf", args=[certificate.code])).status_code == 200


def pdf_text(data):
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_pdf_has_the_chinese_text_and_verify_url(client, certificate):
    client.force_login(certificate.user)
    response = client.get(reverse("academy:certificate_pdf", args=[certificate.code]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "结 业 证 书",
        "林晓雯",
        "概念验证实务",
        "春季班",
        "24学时",
        certificate.code,
        "浦东孵化学堂",
    ):
        assert expected in text
    assert f"http://testserver/xuetang/certificate/{certificate.code}/" in text
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 1 and pdf.pages[0].images  # the QR code


@pytest.mark.django_db
def test_pdf_of_a_revoked_certificate_is_stamped(certificate):
    assert "已撤销" not in pdf_text(certificate_pdf(certificate))
    completion.revoke(certificate, "测试")
    assert "已撤销" in pdf_text(certificate_pdf(certificate))


@pytest.mark.django_db
def test_staff_revoke_needs_a_reason_and_reissue_restores(client, certificate, staff):
    client.force_login(staff)
    url = reverse("academy_admin:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": " "})
    assert "请填写撤销原因" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid
    client.post(url, {"reason": "重复颁发"})
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "重复颁发" and not certificate.is_valid
    client.post(reverse("academy_admin:reissue", args=[certificate.pk]))
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert client.get(reverse("academy_admin:certificate_pdf", args=[certificate.pk])).status_code == 200


@pytest.mark.django_db
def test_staff_issue_by_hand(client, five_meetings, staff):
    registration = enrolled(five_meetings, 1)
    client.force_login(staff)
    url = reverse("academy_admin:issue_certificate", args=[five_meetings.pk, registration.pk])
    client.post(url)
    client.post(url)
    assert Certificate.objects.filter(registration=registration).count() == 1
    assert Certificate.objects.get().issued_by == staff


@pytest.mark.django_db
def test_session_list_links_the_staff_views_and_the_dashboard_panel_draws_rates(client, five_meetings, staff):
    meetings = list(five_meetings.meetings.all())
    registration = enrolled(five_meetings, 1)
    enrolled(five_meetings, 2)
    completion.save_sheet(five_meetings, tick(registration, meetings), by=staff)
    client.force_login(staff)
    listing = client.get(reverse("wagtailsnippets_academy_coursesession:list")).content.decode()
    assert (
        reverse("registrations_admin:registrations", args=[five_meetings.registration_target_id]) in listing
    )
    assert reverse("academy_admin:attendance", args=[five_meetings.pk]) in listing
    assert reverse("academy_admin:check_in", args=[five_meetings.pk]) in listing
    assert "2 / 20" in listing
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="academy-course-stats-section"' in dashboard
    assert "<svg" in dashboard and 'id="academy-chart-table"' in dashboard
    assert "概念验证实务" in dashboard and "10%" in dashboard  # 2 of 20 seats


@pytest.mark.django_db
def test_dashboard_completion_rate_counts_finished_sessions(course_page, staff):
    from academy.dashboard import course_stats

    past = session(course_page, name="往期班", first_day=-60, meetings=2)
    meetings = list(past.meetings.all())
    people = []
    for n in range(4):
        registration, _ = engine.register(
            past.registration_target,
            engine.Applicant(name=f"学员{n}", mobile=mobile(n)),
            by_staff=True,
            status=S.CONFIRMED,
        )
        people.append(registration)
    completion.save_sheet(past, tick(people[0], meetings) | tick(people[1], meetings), by=staff)
    [row] = course_stats()
    assert (row["finished"], row["certified"], row["completion"]) == (4, 2, 50)
