"""Listing and article images come as responsive WebP renditions (with a JPEG fallback), so a phone
downloads a phone-sized file."""

import re

import pytest

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


def webp_sources(html):
    return re.findall(r'<source sizes="([^"]+)" srcset="([^"]+)" type="image/webp">', html)


def widths(srcset):
    return sorted(int(w) for w in re.findall(r" (\d+)w", srcset))


@pytest.fixture
def cover(db):
    return ImageFactory(file__width=1600, file__height=900)


def test_news_list_and_article_images_are_webp_srcsets(client, home_page, cover):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    article = NewsPageFactory(parent=news, title="有封面的新闻", cover_image=cover)
    [(sizes, srcset)] = webp_sources(client.get(news.url).content.decode())
    assert widths(srcset) == [400, 800] and "100vw" in sizes
    [(sizes, srcset)] = webp_sources(client.get(article.url).content.decode())
    assert widths(srcset) == [480, 960]
    assert ".webp 480w" in srcset


def test_event_card_and_page_images_are_webp_srcsets(client, home_page, cover):
    events = EventIndexPageFactory(parent=home_page, slug="events")
    event = EventPageFactory(parent=events, title="有封面的活动", cover_image=cover)
    [(_, srcset)] = webp_sources(client.get(events.url).content.decode())
    assert widths(srcset) == [400, 800]
    html = client.get(event.url).content.decode()
    assert widths(webp_sources(html)[0][1]) == [400, 640, 1280]
    assert re.search(r'<img [^>]*src="[^"]+\.jpg"', html)  # browsers without WebP get a JPEG
