"""Pinyin slugs (issue 13, editors): a Chinese title whose slug the editor leaves to the system gets its
pinyin, unique among siblings, through the admin's page form; a typed slug is kept."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from core.slugs import left_to_the_system, pinyin_slug
from home.models import StandardPage
from tests.factories import StandardPageFactory, UserFactory


def test_pinyin_slug():
    assert pinyin_slug("浦东孵化载体高峰论坛") == "pu-dong-fu-hua-zai-ti-gao-feng-lun-tan"
    assert pinyin_slug("2026 浦东论坛：AI 路演") == "2026-pu-dong-lun-tan-ai-lu-yan"
    long = pinyin_slug("浦东新区人民政府办公室关于印发浦东新区孵化载体全链升级高峰高原计划的通知")
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("pu-dong-xin-qu")


def test_left_to_the_system():
    assert left_to_the_system("路演日", "", is_new=True)
    assert left_to_the_system("2026 路演日", "2026", is_new=True)  # what Wagtail's slug sync leaves
    assert not left_to_the_system("路演日", "roadshow", is_new=True)  # typed by the editor
    assert not left_to_the_system("路演日", "2026", is_new=False)  # an existing page keeps its URL
    assert not left_to_the_system("Roadshow", "", is_new=True)  # no Chinese: Wagtail's own rules


def add(client, parent, title, slug=""):
    data = nested_form_data({"title": title, "slug": slug, "intro": "", "body": streamfield([])})
    return client.post(reverse("wagtailadmin_pages:add", args=["home", "standardpage", parent.pk]), data)


@pytest.mark.django_db
def test_admin_create_form_makes_unique_pinyin_slugs(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for _ in range(3):
        response = add(client, home_page, "创孵沙龙")
        assert response.status_code == 302, response.content.decode()[:2000]
    add(client, home_page, "2026 创孵沙龙", slug="2026")
    add(client, home_page, "创孵沙龙回顾", slug="salon-review")
    slugs = set(StandardPage.objects.child_of(home_page).values_list("slug", flat=True))
    assert slugs == {
        "chuang-fu-sha-long",
        "chuang-fu-sha-long-2",
        "chuang-fu-sha-long-3",
        "2026-chuang-fu-sha-long",
        "salon-review",
    }


@pytest.mark.django_db
def test_editing_keeps_the_slug_unless_emptied(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = StandardPageFactory(parent=home_page, title="关于我们", slug="about")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = {"title": "关于创孵", "intro": "", "body": streamfield([]), "action-publish": "action-publish"}
    assert client.post(url, nested_form_data({**data, "slug": "about"})).status_code == 302
    page.refresh_from_db()
    assert page.slug == "about"
    assert client.post(url, nested_form_data({**data, "slug": ""})).status_code == 302
    page.refresh_from_db()
    assert page.slug == "guan-yu-chuang-fu"


@pytest.mark.django_db
def test_chinese_slugs_typed_by_hand_are_refused(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = add(client, home_page, "创孵沙龙", slug="沙龙")
    assert response.status_code == 200
    assert not StandardPage.objects.child_of(home_page).exists()
