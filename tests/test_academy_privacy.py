"""我的创孵 (the academy's sections, data export and account deletion, through the accounts hooks) and privacy:
trainee A never reaches B's enrollment, calendar, certificate or data by changing an id in a URL."""

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import hooks

import pytest

from academy import completion, enrollment
from academy.models import Certificate
from registrations.models import Registration, RegistrationStatus
from tests.academy_enrollment_helpers import course, course_index, mobile, session, trainee

S = RegistrationStatus


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def two_trainees(index):
    """A and B, each enrolled in a session of one course, each with a certificate of a finished one."""
    poc = course(index, title="概念验证实务", slug="poc")
    spring = session(poc, name="春季班", capacity=1)
    finished = session(
        course(index, title="技术许可谈判", slug="licensing"), name="往期班", first_day=-40, meetings=2
    )
    people = {}
    present = set()
    meetings = list(finished.meetings.all())
    for n, key in enumerate(("a", "b"), start=1):
        user = trainee(n, name=f"学员{key.upper()}")
        current, _ = enrollment.enroll(spring, user, mobile=mobile(n))
        past, _ = enrollment.Registration.objects.get_or_create(
            target=finished.registration_target,
            user=user,
            defaults={"name": user.get_full_name(), "mobile": mobile(50 + n), "status": S.CONFIRMED},
        )
        present |= {(past.pk, m.pk) for m in meetings}
        people[key] = {"user": user, "current": current}
    completion.save_sheet(finished, present)
    for person in people.values():
        person["certificate"] = Certificate.objects.get(user=person["user"])
    assert people["b"]["current"].status == S.WAITLISTED
    return people


def sections(user):
    request = RequestFactory().get("/accounts/")
    request.user = user
    result = []
    for fn in hooks.get_hooks("account_dashboard_sections"):
        result.extend(fn(request))
    return request, sorted(result, key=lambda s: s["order"])


def render_sections(user):
    request, items = sections(user)
    return "".join(render_to_string(s["template"], s["context"], request=request) for s in items)


@pytest.mark.django_db
def test_dashboard_sections_show_my_enrollments_meetings_and_certificates(two_trainees):
    a, b = two_trainees["a"], two_trainees["b"]
    _request, items = sections(b["user"])
    academy = [s["title"] for s in items if s["template"].startswith("academy/")]
    assert academy == ["学堂课程报名", "近期课次", "结业证书"]
    html = render_sections(b["user"])
    assert f'data-enrollment="{b["current"].pk}"' in html
    assert f'data-enrollment="{a["current"].pk}"' not in html
    assert "候补中 · 候补第 1 位" in html
    assert reverse("academy:cancel", args=[b["current"].pk]) in html
    assert b["certificate"].code in html and a["certificate"].code not in html
    assert reverse("academy:certificate_pdf", args=[b["certificate"].code]) in html
    assert reverse("academy:certificate_verify", args=[b["certificate"].code]) in html
    # B waits for a seat: no class meetings to come yet. A holds a seat: every meeting, with the calendar.
    assert "近期没有课次" in html
    html_a = render_sections(a["user"])
    assert html_a.count("academy-mine__item") >= 2 + 4 + 1
    assert reverse("academy:calendar", args=[a["current"].pk]) in html_a


@pytest.mark.django_db
def test_dashboard_sections_query_count_does_not_grow(index):
    user = trainee(1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            render_sections(user)
        return len(queries)

    def add_courses(start, stop):
        for n in range(start, stop):
            current = session(course(index, title=f"课程{n}", slug=f"c{n}"), name=f"班{n}")
            enrollment.enroll(current, user, mobile=mobile(1))
            past = session(course(index, title=f"往期课程{n}", slug=f"p{n}"), first_day=-40, meetings=2)
            registration, _ = enrollment.Registration.objects.get_or_create(
                target=past.registration_target, user=user, defaults={"name": "学员1", "mobile": mobile(1)}
            )
            completion.issue(registration, past)

    add_courses(0, 2)
    count()  # warm the site root paths cache
    small = count()
    add_courses(2, 8)
    count()  # publishing pages moved the page chrome's version: let it rebuild once
    with CaptureQueriesContext(connection) as queries:
        render_sections(user)
    assert len(queries) == small, "\n".join(q["sql"][:300] for q in queries.captured_queries)


@pytest.mark.django_db
def test_trainee_cannot_cancel_someone_elses_enrollment(client, two_trainees):
    a, b = two_trainees["a"], two_trainees["b"]
    client.force_login(a["user"])
    response = client.post(reverse("academy:cancel", args=[b["current"].pk]))
    assert response.status_code == 404
    b["current"].refresh_from_db()
    assert b["current"].status == S.WAITLISTED
    # Their own works, and the seat goes to B as an offer.
    response = client.post(
        reverse("academy:cancel", args=[a["current"].pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/registration/")  # never off-site
    a["current"].refresh_from_db()
    b["current"].refresh_from_db()
    assert (a["current"].status, b["current"].status) == (S.CANCELLED, S.OFFERED)


@pytest.mark.django_db
def test_cancel_is_post_only_and_needs_login(client, two_trainees):
    a = two_trainees["a"]
    url = reverse("academy:cancel", args=[a["current"].pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(a["user"])
    assert client.get(url).status_code == 405
    a["current"].refresh_from_db()
    assert a["current"].status == S.CONFIRMED


@pytest.mark.django_db
def test_trainee_cannot_download_someone_elses_calendar_or_certificate(client, two_trainees):
    a, b = two_trainees["a"], two_trainees["b"]
    client.force_login(b["user"])
    assert client.get(reverse("academy:calendar", args=[a["current"].pk])).status_code == 404
    assert client.get(reverse("academy:certificate_pdf", args=[a["certificate"].code])).status_code == 404
    assert client.get(reverse("academy:certificate_pdf", args=[b["certificate"].code])).status_code == 200
    # A waitlisted enrollment has no calendar yet; a confirmed one has every meeting.
    assert client.get(reverse("academy:calendar", args=[b["current"].pk])).status_code == 404
    client.force_login(a["user"])
    calendar = client.get(reverse("academy:calendar", args=[a["current"].pk]))
    assert calendar.status_code == 200 and calendar.content.count(b"BEGIN:VEVENT") == 4
    client.logout()
    response = client.get(reverse("academy:certificate_pdf", args=[a["certificate"].code]))
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.django_db
def test_data_export_holds_only_my_enrollments_attendance_and_certificates(two_trainees):
    a, b = two_trainees["a"], two_trainees["b"]
    [data] = [
        e["academy"]
        for e in (fn(a["user"]) for fn in hooks.get_hooks("account_data_export"))
        if "academy" in e
    ]
    assert {e["ticket_code"] for e in data["enrollments"]} == set(
        Registration.objects.filter(user=a["user"]).values_list("ticket_code", flat=True)
    )
    assert {e["course"] for e in data["enrollments"]} == {"概念验证实务", "技术许可谈判"}
    assert len(data["attendance"]) == 2 and all(row["present"] for row in data["attendance"])
    assert [c["code"] for c in data["certificates"]] == [a["certificate"].code]
    assert b["certificate"].code not in str(data) and mobile(2) not in str(data)


@pytest.mark.django_db
def test_account_deletion_keeps_certificates_verifiable_without_a_name(client, two_trainees):
    a, b = two_trainees["a"], two_trainees["b"]
    for fn in hooks.get_hooks("account_deleting"):
        fn(a["user"])
    certificate = Certificate.objects.get(code=a["certificate"].code)
    assert (certificate.user, certificate.holder_name) == (None, "")
    assert Certificate.objects.get(code=b["certificate"].code).holder_name == "学员B"
    html = client.get(reverse("academy:certificate_verify", args=[certificate.code])).content.decode()
    assert "证书有效" in html and "学员A" not in html and "持证人已注销账号" in html


@pytest.mark.django_db
def test_followed_tracks_bring_open_courses_to_the_dashboard(index, rf):
    """A trainee who follows a track in their profile sees that track's courses open for enrollment, minus
    the ones they are already in."""
    from academy.account_hooks import academy_dashboard_sections
    from academy.models import Track

    track = Track.objects.get(slug="transfer")
    open_course = course(index, title="成果转化实务", slug="transfer-101")
    open_course.tracks.set([track])
    session(open_course, name="春季班", capacity=10, meetings=2)
    other = course(index, title="不相关的课程", slug="other-101")
    other.tracks.set(Track.objects.exclude(pk=track.pk)[:1])
    other.save()
    session(other, name="春季班", capacity=10, meetings=2)
    user = trainee(7, name="关注者")
    request = rf.get("/accounts/")
    request.user = user
    titles = lambda: [s["title"] for s in academy_dashboard_sections(request)]  # noqa: E731
    assert "为您推荐的课程" not in titles()  # follows nothing yet
    user.interests.set([track])
    [section] = [s for s in academy_dashboard_sections(request) if s["title"] == "为您推荐的课程"]
    assert [c.title for c in section["context"]["courses"]] == ["成果转化实务"]
