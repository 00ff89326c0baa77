"""One full name in the admin (issue 13, editors): a Chinese 姓名 is shown whole wherever Wagtail names a
person: the sidebar's account menu, the users listing (sorted by it), and page history."""

import json
import re

from django.urls import reverse

import pytest

from tests.factories import UserFactory


def sidebar_props(html):
    return json.loads(
        re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html).group(1)
    )


@pytest.mark.django_db
def test_sidebar_and_users_listing_show_the_whole_name(client, home_page):
    admin = UserFactory(username="admin1", name="系统管理员", is_staff=True, is_superuser=True)
    UserFactory(username="zz-editor", name="内容编辑", is_staff=True)
    UserFactory(username="aa-ouyang", name="欧阳娜娜", is_staff=True)
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    account = sidebar_props(html)["modules"][-1]["_args"][-1]
    assert account["name"] == "系统管理员"
    listing = client.get(reverse("wagtailusers_users:index") + "?ordering=name").content.decode()
    for whole in ("系统管理员", "内容编辑", "欧阳娜娜"):
        assert whole in listing
    assert "统管理员</" not in listing.replace("系统管理员</", "")
    # Sorted by the one name (code point order), not by username.
    assert listing.index("内容编辑") < listing.index("欧阳娜娜") < listing.index("系统管理员")
    assert "?ordering=-name" in listing  # the 姓名 column header sorts


@pytest.mark.django_db
def test_page_history_names_the_editor_whole(client, home_page):
    editor = UserFactory(username="bj", name="司马相如", is_staff=True, is_superuser=True)
    client.force_login(editor)
    home_page.save_revision(user=editor, log_action=True)
    html = client.get(f"/admin/pages/{home_page.pk}/history/").content.decode()
    assert "司马相如" in html
