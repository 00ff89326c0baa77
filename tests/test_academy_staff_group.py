"""The 学堂管理员 group (migration academy 0003): exactly the permissions to run enrollment, attendance and
certificates and to edit the academy's pages; what a member can and cannot reach in the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission

import pytest

from academy import completion, enrollment
from academy.models import CourseIndexPage
from registrations.models import RegistrationExport
from tests.academy_enrollment_helpers import course, course_index, mobile, session, trainee
from tests.factories import NewsIndexPageFactory, NewsPageFactory

GROUP = "学堂管理员"
EXPECTED = {
    "wagtailadmin.access_admin",
    "academy.add_coursesession",
    "academy.change_coursesession",
    "academy.delete_coursesession",
    "academy.view_coursesession",
    "academy.add_track",
    "academy.change_track",
    "academy.view_track",
    "academy.add_attendance",
    "academy.change_attendance",
    "academy.view_attendance",
    "academy.add_certificate",
    "academy.change_certificate",
    "academy.view_certificate",
    "registrations.add_registration",
    "registrations.change_registration",
    "registrations.view_registration",
    "registrations.view_registration_contact",
    "registrations.view_registrationexport",
}


@pytest.fixture
def academy_admin(db):
    user = get_user_model().objects.create_user("xuetang-admin", "admin@example.cn", "secret-pass-123")
    user.groups.add(Group.objects.get(name=GROUP))
    return user


@pytest.fixture
def site(home_page):
    index = course_index(home_page)
    spring = session(course(index, title="概念验证实务", slug="poc"), meetings=2)
    registration, _ = enrollment.enroll(spring, trainee(1), mobile=mobile(1))
    certificate = completion.issue(registration, spring)
    return {"home": home_page, "index": index, "session": spring, "certificate": certificate}


@pytest.mark.django_db
def test_the_group_holds_exactly_its_permissions(db):
    group = Group.objects.get(name=GROUP)
    held = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }
    assert held == EXPECTED
    collection = GroupCollectionPermission.objects.filter(group=group)
    assert sorted(collection.values_list("permission__codename", flat=True)) == ["add_image", "choose_image"]


@pytest.mark.django_db
def test_publishing_an_academy_index_page_grants_the_group_its_subtree(site, academy_admin, client):
    group = Group.objects.get(name=GROUP)
    granted = GroupPagePermission.objects.filter(group=group, page=site["index"])
    assert sorted(granted.values_list("permission__codename", flat=True)) == [
        "add_page",
        "change_page",
        "publish_page",
    ]
    assert not GroupPagePermission.objects.filter(group=group, page=site["home"]).exists()
    client.force_login(academy_admin)
    add_course = reverse("wagtailadmin_pages:add", args=["academy", "coursepage", site["index"].pk])
    assert client.get(add_course).status_code == 200
    course_page = site["session"].course
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course_page.pk])).status_code == 200


@pytest.mark.django_db
def test_member_reaches_enrollment_attendance_certificates_and_exports(site, academy_admin, client):
    client.force_login(academy_admin)
    spring = site["session"]
    target_id = spring.registration_target_id
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailsnippets_academy_coursesession:list"),
        reverse("wagtailsnippets_academy_coursesession:edit", args=[spring.pk]),
        reverse("wagtailsnippets_academy_certificate:list"),
        reverse("registrations_admin:registrations", args=[target_id]),
        reverse("registrations_admin:add", args=[target_id]),
        reverse("academy_admin:attendance", args=[spring.pk]),
        reverse("academy_admin:check_in", args=[spring.pk]),
        reverse("academy_admin:revoke", args=[site["certificate"].pk]),
        reverse("academy_admin:certificate_pdf", args=[site["certificate"].pk]),
    ):
        assert client.get(url).status_code == 200, url
    export = client.get(reverse("registrations_admin:export", args=[target_id, "csv"]))
    header = export.content.decode("utf-8-sig").splitlines()[0]
    assert "手机号" in header and "邮箱" in header
    assert RegistrationExport.objects.get(user=academy_admin).included_contact
    assert (
        client.post(reverse("academy_admin:attendance", args=[spring.pk]), {"present": []}).status_code == 302
    )


@pytest.mark.django_db
def test_member_cannot_reach_the_rest_of_the_site(site, academy_admin, client):
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=site["home"]))
    client.force_login(academy_admin)
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_pages:edit", args=[site["home"].pk]),
        reverse("wagtailadmin_pages:edit", args=[news.pk]),
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", site["home"].pk]),
        reverse("wagtailsnippets_academy_certificate:delete", args=[site["certificate"].pk]),
        reverse("wagtailsettings:edit", args=["home", "sitesettings"]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] in ("/admin/", reverse("wagtailadmin_home")), url


@pytest.mark.django_db
def test_a_staff_member_without_the_group_sees_no_attendance(site, client):
    editor = get_user_model().objects.create_user("editor", "e@example.cn", "secret-pass-123")
    editor.groups.add(Group.objects.get(name="内容编辑"))
    client.force_login(editor)
    assert client.get(reverse("academy_admin:attendance", args=[site["session"].pk])).status_code in (
        302,
        403,
    )
    assert client.get(
        reverse("academy_admin:certificate_pdf", args=[site["certificate"].pk])
    ).status_code in (302, 403)


@pytest.mark.django_db
def test_index_pages_created_by_the_demo_or_editors_get_the_grant(home_page):
    index = CourseIndexPage(title="课程二", slug="courses-2")
    home_page.add_child(instance=index)
    assert not GroupPagePermission.objects.filter(page=index).exists()  # a draft grants nothing
    index.save_revision().publish()
    assert GroupPagePermission.objects.filter(page=index, group__name=GROUP).count() == 3
