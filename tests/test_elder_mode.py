"""长者模式: a plain link sets (or clears) a cookie and goes back to a path on this site only; pages then
load the 长者模式 stylesheet and offer the way back."""

from django.urls import reverse

import pytest

from theme.views import ELDER_COOKIE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/news/?page=2", "/news/?page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_switch_sets_the_cookie_and_redirects_only_within_the_site(client, next_url, expected):
    response = client.get(reverse("elder_mode"), {"mode": "on", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == expected
    morsel = response.cookies[ELDER_COOKIE]
    assert morsel.value == "1"
    assert morsel["max-age"] >= 30 * 24 * 3600
    assert morsel["samesite"] == "Lax"


@pytest.mark.django_db
def test_switch_off_clears_the_cookie(client):
    client.cookies[ELDER_COOKIE] = "1"
    response = client.get(reverse("elder_mode"), {"mode": "off", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[ELDER_COOKIE]["max-age"] == 0


def test_pages_follow_the_cookie(client, home_page):
    page = client.get("/")
    html = page.content.decode()
    assert "elder.css" not in html
    assert 'class="elder-switch" href="/changzhe/?mode=on&amp;next=/"' in html
    client.cookies[ELDER_COOKIE] = "1"
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="elder">' in html
    assert "theme/css/elder.css" in html
    assert "退出长者模式" in html
