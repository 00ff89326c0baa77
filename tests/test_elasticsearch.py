"""Smoke test on the real Elasticsearch: the core-only Chinese analysis indexes and finds a document."""

import uuid

import pytest

from search.es import CORE_ANALYSIS, chinese_text_field, index_name


@pytest.fixture
def temp_index(es_client):
    name = index_name(f"smoke-{uuid.uuid4().hex[:8]}")
    es_client.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": CORE_ANALYSIS},
        mappings={
            "properties": {
                "title": chinese_text_field(),
                "kind": {"type": "keyword", "normalizer": "cf_keyword"},
            }
        },
    )
    yield name
    es_client.indices.delete(index=name, ignore_unavailable=True)


def test_analyzers_exist_on_core_cluster(es_client, temp_index):
    tokens = es_client.indices.analyze(index=temp_index, analyzer="cf_bigram", text="孵化载体")["tokens"]
    assert [t["token"] for t in tokens] == ["孵 化", "化 载", "载 体"]


def test_index_and_find_a_chinese_document(es_client, temp_index):
    es_client.index(
        index=temp_index, id="1", document={"title": "浦东新区孵化载体全链升级高峰高原计划", "kind": "Policy"}
    )
    es_client.index(index=temp_index, id="2", document={"title": "临港概念验证中心启用", "kind": "News"})
    es_client.indices.refresh(index=temp_index)

    hits = es_client.search(index=temp_index, query={"match_phrase": {"title": "孵化"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]
    assert hits[0]["_source"]["title"].startswith("浦东新区")

    # Characters out of order are not a phrase match.
    assert (
        es_client.search(index=temp_index, query={"match_phrase": {"title": "化孵"}})["hits"]["total"][
            "value"
        ]
        == 0
    )

    # Keywords compare lower-cased.
    hits = es_client.search(index=temp_index, query={"term": {"kind": "policy"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]
