"""A served page's taxonomy terms come with the page on PostgreSQL (core.terms.annotate_serve_terms): the
links read live in the routing query as arrays of ids, the terms from the taxonomy's snapshot. The page reads
exactly what `page.<field>.all()` would read, in the taxonomy's order, with no query of its own."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from core import public_pages
from tests.factories import BrandPageFactory, CarrierIndexPageFactory, CarrierPageFactory, ExpertPageFactory


def page_html(response):
    return re.sub(r'(nonce="|csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode())


def term_statements(queries, *tables):
    """Statements that read the terms or their links on their own (not inside the routing query)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith('SELECT "wagtailcore_page"."id"')
        and any(f'FROM "{t}"' in q["sql"] for t in tables)
    ]


def served_without_terms(client, url, monkeypatch):
    """The page as it is served when it reads its terms itself (as on SQLite)."""
    with monkeypatch.context() as patch:
        patch.setattr(public_pages, "annotate_serve_terms", lambda queryset, model, connection: queryset)
        return page_html(client.get(url))


@pytest.mark.django_db
def test_an_expert_page_shows_its_fields_in_the_taxonomy_order_with_no_query_of_its_own(
    client, home_page, monkeypatch
):
    from brand.models import ExpertiseField

    brand = BrandPageFactory(parent=home_page, slug="zhixun", brand="zhixun")
    fields = list(ExpertiseField.objects.order_by("sort_order", "name")[:3])
    # Linked in the reverse of the taxonomy's order: the page must still list them in its order.
    expert = ExpertPageFactory(parent=brand, slug="wang", expertise=[f.slug for f in fields])
    expert.expertise.set(reversed(fields))
    expert.save_revision().publish()
    expected = served_without_terms(client, expert.url, monkeypatch)
    client.get(expert.url)  # the taxonomy's snapshot is built once
    public_pages._HINTS.clear()
    for _ in range(2):  # read by type, then with the routing query (core.public_pages._HINTS)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(expert.url)
        assert response.status_code == 200
        assert not term_statements(queries, "brand_expertisefield", "brand_expertpage_expertise")
        assert page_html(response) == expected
    names = [term.name for term in response.context["page"].expertise.all()]
    assert names == [f.name for f in fields]
    positions = [
        page_html(response).index(f'class="tag" href="/zhixun/?field={f.slug}#catalog"') for f in fields
    ]
    assert positions == sorted(positions)

    # The links are read live: an editor's change shows on the next request, and a renamed term at once.
    expert.expertise.set(fields[:1])
    expert.save_revision().publish()
    fields[0].name = "新名称"
    fields[0].save()
    html = page_html(client.get(expert.url))
    assert "新名称" in html and fields[1].name not in html


@pytest.mark.django_db
def test_a_carrier_page_reads_its_levels_and_industries_with_the_page(client, home_page, monkeypatch):
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    carrier = CarrierPageFactory(parent=index, slug="c1", levels=["gaofeng"], industries=["ic", "biomed"])
    bare = CarrierPageFactory(parent=index, slug="c2", levels=[], industries=[])
    for page in (carrier, bare):
        expected = served_without_terms(client, page.url, monkeypatch)
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200 and page_html(response) == expected
        assert not term_statements(queries, "carriers_carrierlevel", "carriers_industry")
    assert [level.slug for level in response.context["page"].levels.all()] == []


@pytest.mark.django_db
def test_a_catalogue_listing_reads_its_entries_terms_with_the_entries(client, home_page, monkeypatch):
    """创孵智询's experts list their fields from the rows' arrays (core.terms.prefetch_related_terms): the
    same listing as with Django's prefetch, one query fewer."""
    from brand.models import ExpertiseField, catalog

    brand = BrandPageFactory(parent=home_page, slug="zhixun", brand="zhixun")
    fields = list(ExpertiseField.objects.order_by("sort_order", "name")[:3])
    ExpertPageFactory(parent=brand, slug="a", expertise=[fields[2].slug, fields[0].slug])
    ExpertPageFactory(parent=brand, slug="b", expertise=[fields[1].slug])
    for url in ("/zhixun/", f"/zhixun/?field={fields[0].slug}"):
        with monkeypatch.context() as patch:
            patch.setattr(
                catalog, "prefetch_related_terms", lambda qs, names, connection: qs.prefetch_related(*names)
            )
            expected = page_html(client.get(url))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and page_html(response) == expected
        assert not [q for q in queries.captured_queries if "_prefetch_related_val_" in q["sql"]]
        assert fields[0].name in page_html(response)


@pytest.mark.django_db
def test_the_home_pages_carrier_cards_read_their_levels_and_industries_with_the_carriers(
    client, home_page, monkeypatch
):
    from carriers import wagtail_hooks

    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    CarrierPageFactory(
        parent=index, slug="c1", featured=True, levels=["gaoyuan", "gaofeng"], industries=["ic"]
    )
    CarrierPageFactory(parent=index, slug="c2", levels=["gaofeng"], industries=["biomed", "ic"])
    CarrierPageFactory(parent=index, slug="c3", levels=["gaoyuan"], industries=[])
    home_page.body = [("featured_carriers", {"heading": "孵化载体", "count": 3})]
    home_page.save_revision().publish()
    with monkeypatch.context() as patch:
        patch.setattr(wagtail_hooks, "annotate_serve_terms", lambda queryset, model, connection: queryset)
        expected = page_html(client.get("/"))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    html = page_html(response)
    assert html == expected and "高峰" in html and "集成电路" in html
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('(SELECT "carriers_carrierpage_levels"')
    ]
