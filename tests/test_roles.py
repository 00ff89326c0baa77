"""Staff roles (issue 13, editors; matrix in ARCHITECTURE.md "Roles"): per group, the admin pages it
reaches (200) and those it cannot (403, or Wagtail's redirect to the dashboard), and what it may publish."""

import re

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from home.roles import ROLES, ensure_roles
from tests.admin_pages import build_site
from tests.factories import EventIndexPageFactory, UserFactory

OK, DENIED = 200, {302, 403}


@pytest.fixture
def site(home_page):
    site = build_site(home_page)
    ensure_roles(apps)  # page permissions on the section pages the factories made (the demo does the same)
    return site


def member(client, group_name):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


def urls(site):
    target = site["event"].registration_target
    return {
        "dashboard": "/admin/",
        "news": f"/admin/pages/{site['news'].pk}/",
        "edit_article": f"/admin/pages/{site['article'].pk}/edit/",
        "edit_event": f"/admin/pages/{site['event'].pk}/edit/",
        "companies": "/admin/snippets/carriers/company/",
        "add_company": "/admin/snippets/carriers/company/add/",
        "brand_taxonomy": "/admin/snippets/brand/expertisefield/",
        "carrier_import": reverse("carriers_import"),
        "events": reverse("events_admin:events"),
        "registrations": reverse("registrations_admin:registrations", args=[target.pk]),
        "check_in": reverse("registrations_admin:check_in", args=[target.pk]),
        "export": reverse("registrations_admin:export", args=[target.pk, "csv"]),
        "message": reverse("registrations_admin:message", args=[target.pk]),
        "users": "/admin/users/",
        "groups": "/admin/groups/",
        "settings": f"/admin/settings/home/sitesettings/{site['home'].get_site().pk}/",
        "sites": "/admin/sites/",
        "workflows": "/admin/workflows/list/",
        "mails": reverse("worker_admin:mails"),
        "academy_sessions": "/admin/snippets/academy/coursesession/",
    }


MATRIX = {
    "内容编辑": {
        "reach": ["dashboard", "news", "edit_article", "edit_event", "companies", "brand_taxonomy"],
        "not": [
            "add_company",
            "carrier_import",
            "events",
            "registrations",
            "message",
            "users",
            "settings",
            "mails",
        ],
        "publish": [],
    },
    "审核员": {
        "reach": ["dashboard", "news", "edit_article", "edit_event", "companies", "brand_taxonomy"],
        "not": ["carrier_import", "registrations", "message", "users", "groups", "settings", "workflows"],
        "publish": ["article", "event", "carrier"],
    },
    "载体管理员": {
        "reach": ["dashboard", "companies", "add_company", "carrier_import"],
        "not": ["edit_article", "events", "registrations", "users", "settings", "brand_taxonomy"],
        "publish": ["carrier"],
    },
    "活动管理员": {
        "reach": [
            "dashboard",
            "edit_event",
            "events",
            "registrations",
            "check_in",
            "export",
            "message",
            "mails",
        ],
        "not": ["edit_article", "carrier_import", "add_company", "users", "settings"],
        "publish": ["event"],
    },
    "学堂管理员": {
        "reach": ["dashboard", "academy_sessions"],
        "not": ["edit_article", "carrier_import", "users", "settings", "message"],
        "publish": [],
    },
    "站点管理员": {
        "reach": [
            "dashboard",
            "users",
            "groups",
            "settings",
            "sites",
            "workflows",
            "mails",
            "carrier_import",
            "registrations",
            "message",
            "edit_article",
        ],
        "not": [],
        "publish": ["article", "event", "carrier"],
    },
}


def test_the_matrix_names_every_role():
    assert set(MATRIX) == set(ROLES) | {"学堂管理员"}


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", list(MATRIX))
def test_what_each_role_reaches(client, site, group_name):
    user = member(client, group_name)
    addresses = urls(site)
    expected = MATRIX[group_name]
    for name in expected["reach"]:
        assert client.get(addresses[name]).status_code == OK, (group_name, name)
    for name in expected["not"]:
        assert client.get(addresses[name]).status_code in DENIED, (group_name, name)
    for name in ("article", "event", "carrier"):
        can = site[name].permissions_for_user(user).can_publish()
        assert can == (name in expected["publish"]), (group_name, name)


@pytest.mark.django_db
def test_the_editor_sees_the_company_library_and_the_brand_menus(client, site):
    member(client, "内容编辑")
    html = client.get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html
    ).group(1)
    labels = set(re.findall(r'"label": "([^"]*)"', props.encode().decode("unicode_escape")))
    assert {"一图一库", "服务品牌", "企业库"} <= labels
    assert "导入导出 XLSX" not in labels  # the import belongs to 载体管理员


@pytest.mark.django_db
def test_roles_are_idempotent_and_a_new_event_index_gets_its_managers(home_page):
    ensure_roles(apps)
    counts = {g.name: g.permissions.count() for g in Group.objects.all()}
    ensure_roles(apps)
    assert counts == {g.name: g.permissions.count() for g in Group.objects.all()}
    index = EventIndexPageFactory(parent=home_page, slug="more-events")
    index.save_revision().publish()
    group = Group.objects.get(name="活动管理员")
    granted = set(
        GroupPagePermission.objects.filter(group=group, page=index).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == {"add_page", "change_page", "publish_page"}
