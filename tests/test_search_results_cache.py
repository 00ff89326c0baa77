"""A repeated query's results come from the shared cache (search.engine.search), and every change to the
index is seen at once: documents written through the outbox, an index rebuilt, swapped or dropped."""

import pytest

from search import engine
from search.es import content_alias
from search.index import results_changed
from search.outbox import apply_pending
from search.testing import rebuild, reset_index
from tests.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def news(home_page, es_client):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    NewsPageFactory(parent=index, title="张江孵化器开放日", summary="面向初创团队开放。")
    NewsPageFactory(parent=index, title="临港孵化器名录发布", summary="全区载体一览。")
    reset_index()
    rebuild()
    return index


@pytest.mark.django_db
def test_a_repeated_query_is_answered_from_the_cache_until_the_index_changes(news, es_client):
    first = engine.search("孵化器")
    assert first.total == 2
    # Empty the index behind the engine's back: only a cached answer can still list the pages.
    ids = [hit["_id"] for hit in es_client.search(index=content_alias(), size=100)["hits"]["hits"]]
    es_client.bulk(operations=[{"delete": {"_index": content_alias(), "_id": i}} for i in ids], refresh=True)
    assert [hit.url for hit in engine.search("孵化器").hits] == [hit.url for hit in first.hits]
    assert engine.search_uncached("孵化器").total == 0
    results_changed()  # what every outbox write, rebuild, swap and reset calls
    assert engine.search("孵化器").total == 0


@pytest.mark.django_db
def test_a_page_published_after_a_query_was_cached_is_found_by_it(news):
    assert engine.search("孵化器").total == 2
    NewsPageFactory(parent=news, title="外高桥孵化器揭牌", summary="服务贸易企业。")
    assert apply_pending()[0] >= 1  # the search index task (an after-commit task outside tests)
    after = engine.search("孵化器")
    assert after.total == 3
    assert "外高桥孵化器揭牌" in [hit.title for hit in after.hits]


@pytest.mark.django_db
def test_filters_pages_and_sorts_are_cached_apart(news, settings):
    everything = engine.search("孵化器")
    assert engine.search("孵化器", {"type": ["event"]}).total == 0
    assert engine.search("孵化器", {"type": ["news"]}).total == everything.total == 2
    assert engine.search("孵化器", per_page=1).hits[0].url == everything.hits[0].url
    assert engine.search("孵化器", page=2, per_page=1).hits[0].url == everything.hits[1].url
    settings.SEARCH_RESULTS_SECONDS = 0  # off: every call asks Elasticsearch
    assert engine.search("孵化器").total == 2
