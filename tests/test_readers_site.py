"""Reader-facing site furniture: robots.txt, icons, the share panel's QR code, and a sitemap that lists every
public page type."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import qrcode
from qrcode.image.svg import SvgPathImage

from core.brands import Brand
from tests.academy_enrollment_helpers import course, course_index
from tests.factories import (
    BrandPageFactory,
    CarrierIndexPageFactory,
    CarrierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExpertPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_paths_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for path in ("/admin/", "/accounts/", "/registration/", "/changzhe/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /\n" not in text


@pytest.mark.django_db
def test_root_icons_redirect_to_the_static_files(client):
    assert client.get("/favicon.ico")["Location"].endswith("theme/img/favicon.ico")
    assert client.get("/apple-touch-icon.png")["Location"].endswith("theme/img/apple-touch-icon.png")


def test_pages_name_their_icons(client, home_page):
    html = client.get("/").content.decode()
    assert 'rel="apple-touch-icon"' in html and "favicon.ico" in html and 'rel="manifest"' in html
    assert 'media="print"' in html


@pytest.fixture
def news(home_page):
    return NewsIndexPageFactory(parent=home_page, slug="news")


def expected_qr_path(url):
    svg = qrcode.make(url, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
    return re.search(r' d="([^"]+)"', svg).group(1)


@pytest.mark.parametrize("category", ["work", "policy"])
def test_articles_and_policies_have_a_share_panel_whose_qr_encodes_their_address(client, news, category):
    page = NewsPageFactory(
        parent=news,
        slug="gaofeng",
        category=category,
        gov_publisher="科经委",
        gov_published_at=datetime.date(2026, 1, 5),
    )
    html = client.get(page.url + "?from=timeline").content.decode()
    url = "http://testserver/news/gaofeng/"
    assert f'<input id="share-url" type="text" readonly value="{url}">' in html  # no query string
    [path] = re.findall(
        r'<svg class="qr" role="img" aria-label="本页链接的二维码"[^>]*>.*? d="([^"]+)"', html
    )
    assert path == expected_qr_path(url)
    assert path != expected_qr_path(url + "x")
    assert 'data-copy-target="share-url" hidden>复制链接</button>' in html


def test_sitemap_lists_every_public_page_type(client, home_page):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    carriers = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    events = EventIndexPageFactory(parent=home_page, slug="events")
    zhixun = BrandPageFactory(parent=home_page, brand=Brand.ZHIXUN)
    xuetang = BrandPageFactory(parent=home_page, brand=Brand.XUETANG)
    courses = course_index(xuetang, slug="kecheng")
    pages = {
        "home": home_page,
        "news list": news,
        "article": NewsPageFactory(parent=news),
        "policy": NewsPageFactory(
            parent=news, category="policy", gov_publisher="科经委", gov_published_at=datetime.date(2026, 1, 5)
        ),
        "carriers": carriers,
        "carrier": CarrierPageFactory(parent=carriers),
        "events": events,
        "event": EventPageFactory(parent=events),
        "brand": zhixun,
        "expert": ExpertPageFactory(parent=zhixun),
        "courses": courses,
        "course": course(courses, slug="poc"),
        "about": StandardPageFactory(parent=home_page, slug="about"),
    }
    xml = client.get("/sitemap.xml").content
    listed = {el.text for el in ET.fromstring(xml).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    missing = {name for name, page in pages.items() if page.full_url not in listed}
    assert not missing
    assert carriers.full_url + "companies/" in listed  # the company library is a route of the carriers page
