"""The admin speaks Chinese (issue 13, editors): logged in, every main admin page shows no English UI label
(text, placeholders, aria labels, titles) beyond a short list of proper nouns; the project catalogue
(theme/locale, first in LOCALE_PATHS) fills Wagtail's missing zh-hans strings, and its committed .mo
matches its .po; the moderation workflow, its task and the default groups carry Chinese names."""

import gettext
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from wagtail.models import Page, Task, Workflow

import pytest

from tests.admin_pages import admin_paths, build_site
from tests.factories import UserFactory

CATALOGUE = Path(settings.REPO_DIR) / "theme" / "locale" / "zh_Hans" / "LC_MESSAGES"
# Proper nouns, key names, file formats and units that stay as they are in a Chinese UI.
ALLOWED_WORDS = {
    "Wagtail",
    "Ctrl",
    "Shift",
    "Alt",
    "Esc",
    "Enter",
    "Tab",
    "XLSX",
    "CSV",
    "Excel",
    "URL",
    "ICP",
    "PDF",
    "English",
    "KB",
    "MB",
    "AVIF",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "SVG",
    "GMT",
    "UTC",
    "HTML",
    "ID",
    "Markdown",
    "QR",
    "ics",
    "Email",
    "email",
    "localtime",  # a data attribute's value Wagtail's account page shows to scripts only
    "None",  # Python's None in the hidden counter of Wagtail's side-panel toggle
}
ALLOWED_TEXT = [
    r"^Save Selected$",  # jQuery datetimepicker's hidden button (a vendored widget with no catalogue)
    r"^v?\d+(\.\d+)+",  # version numbers
    r"^[\w.+-]+@[\w.-]+$",  # email addresses (data)
    r"^https?://",
    r"^[a-z0-9]+(-[a-z0-9]+)*$",  # slugs (taxonomy rows' data)
    r"^[a-z]+\.[a-z]+$",  # content type identifiers ("news.newspage") in the page types report
    r"[0-9][A-Z0-9]{6,}",  # ticket codes in examples
]
TIME_ZONES = zoneinfo.available_timezones()  # the account page's time zone choice lists them by name
SKIP_TAGS = {"script", "style", "template", "noscript", "code", "pre", "textarea"}


class Labels(HTMLParser):
    """Visible text and the attributes a reader or screen reader meets."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(" ".join(data.split()))


def english_labels(html, data_words):
    parser = Labels()
    parser.feed(html)
    bad = []
    for text in parser.found:
        if text in TIME_ZONES or any(re.search(pattern, text) for pattern in ALLOWED_TEXT):
            continue
        words = re.findall(r"[A-Za-z][A-Za-z'’]+", text)
        if [w for w in words if w not in ALLOWED_WORDS and w not in data_words]:
            bad.append(text)
    return bad


@pytest.mark.django_db
def test_main_admin_pages_show_no_untranslated_english(client, home_page):
    site = build_site(home_page)
    admin = UserFactory(username="guanliyuan", name="管理员", is_staff=True, is_superuser=True)
    editor = UserFactory(username="bianji", name="编辑", is_staff=True)
    editor.groups.add(Group.objects.get(name="内容编辑"))
    client.force_login(editor)  # an editor's page editor shows panels an administrator's does not
    response = client.get(f"/admin/pages/{site['article'].pk}/edit/")
    assert response.status_code == 200
    problems = {}
    bad = english_labels(response.content.decode(), {"bianji"})
    if bad:
        problems["editor: edit page"] = sorted(set(bad))
    client.force_login(admin)
    # The test's own data (user names, slugs) are not UI labels.
    data_words = {"guanliyuan", "bianji", "testserver", "localhost"}
    for (
        page
    ) in Page.objects.all():  # titles Wagtail's own migration gave ("Welcome to your new Wagtail site!")
        data_words.update(re.findall(r"[A-Za-z]+", page.slug + " " + page.title))
    paths = admin_paths(site) + [
        f"/admin/users/edit/{editor.pk}/",
        f"/admin/groups/edit/{Group.objects.get(name='内容编辑').pk}/",
        f"/admin/workflows/edit/{Workflow.objects.first().pk}/",
        "/admin/users/new/",
        "/admin/reports/workflow/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        bad = english_labels(response.content.decode(), data_words)
        if bad:
            problems[path] = sorted(set(bad))
    assert problems == {}, "\n".join(f"{path}: {labels}" for path, labels in problems.items())


def test_the_checker_finds_english():
    html = '<p>173 Pages</p><input placeholder="Search all pages…"><p>页面 <b>Wagtail</b></p><script>var x</script>'
    assert english_labels(html, set()) == ["173 Pages", "Search all pages…"]


def test_project_catalogue_wins_and_its_mo_matches_the_po():
    assert settings.LOCALE_PATHS[0] == Path(settings.REPO_DIR) / "theme" / "locale"
    with translation.override("zh-hans"):
        assert translation.gettext("Saved") == "已保存"
        assert translation.gettext("Search all pages…") == "搜索全部页面…"
        assert translation.gettext("Page types usage") == "页面类型使用情况"
        assert translation.gettext("Shortcuts") == "快捷键"
    for domain in ("django", "djangojs"):
        with open(CATALOGUE / f"{domain}.mo", "rb") as mo:
            compiled = gettext.GNUTranslations(mo)._catalog
        source = (CATALOGUE / f"{domain}.po").read_text(encoding="utf-8")
        msgids = re.findall(r'^msgid "(.+)"$', source, flags=re.M)
        assert msgids, domain
        for msgid in msgids:
            key = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            assert key in compiled or (key, 0) in compiled, f"{domain}.mo is stale: run msgfmt for {key!r}"


@pytest.mark.django_db
def test_workflow_groups_and_permissions_have_chinese_names():
    assert Workflow.objects.filter(name="审核发布流程").exists()
    assert Task.objects.filter(name="审核员审批").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"内容编辑", "审核员"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert Permission.objects.get(codename="publish_page").name == "发布任何页面"
    assert Permission.objects.get(codename="add_group").name == "可以添加组"
