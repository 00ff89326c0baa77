"""The body text that goes into a search document: every word a reader sees, dates and phone numbers too."""

import pytest

from search.testing import rebuild, reset_index
from tests.factories import BrandPageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

BODY = [
    ("heading", {"text": "申报时间", "level": "h2"}),
    ("paragraph", "<p>请在截止日期前<b>提交</b>申报材料。</p>"),
    # A cell holding only a date or a phone number is what readers copy into the search box.
    (
        "table",
        {
            "first_row_is_table_header": True,
            "data": [["截止日期", "咨询电话"], ["2025-06-30", "021-12345678"], ["张江药谷孵化器", None]],
        },
    ),
    ("quote", {"text": "孵化器是科技企业成长的摇篮。", "attribution": "浦东新区科经委"}),
]


def _news(home_page):
    return NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page, slug="news"), body=BODY)


def _standard(home_page):
    return StandardPageFactory(parent=home_page, slug="apply", body=BODY)


def _brand(home_page):
    return BrandPageFactory(parent=home_page, body=BODY)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_news, _standard, _brand], ids=["news", "page", "brand"])
def test_document_body_keeps_dates_phones_and_table_cells(home_page, make):
    from search.registry import for_model

    page = make(home_page)
    (searchable,) = for_model(type(page))
    body = searchable.to_document(page).body
    for words in (
        "2025-06-30",
        "021-12345678",
        "张江药谷孵化器",
        "申报时间",
        "提交申报材料",
        "浦东新区科经委",
    ):
        assert words in body
    assert "<" not in body and "  " not in body
    assert page.body[0].id not in body  # block ids are not words


@pytest.mark.django_db
def test_a_phone_number_in_the_body_is_found(client, home_page, es_client):
    page = _news(home_page)
    reset_index()
    rebuild()
    response = client.get("/search/", {"q": "021-12345678"})
    assert response.context["search_mode"] == "engine"
    assert [hit.url for hit in response.context["results"]] == [page.url]
