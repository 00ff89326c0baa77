"""Children, descendants and siblings as ranges of `path` (core/tree.py), and the index on `url_path` that
routing reads by (core migration 0004): the same pages as Wagtail's LIKE, and index scans in the plans
PostgreSQL keeps for prepared statements."""

from django.db import connection
from django.db.models import Q

from wagtail.models import Page

import pytest

from core.tree import subtree_range
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


def wagtail_descendants(page, inclusive=False):
    """What Wagtail's own descendant_of_q selects: a path prefix."""
    q = Q(path__startswith=page.path) & Q(depth__gte=page.depth)
    return set(Page.objects.filter(q if inclusive else q & ~Q(pk=page.pk)).values_list("pk", flat=True))


@pytest.fixture
def tree(home_page):
    """Two branches whose paths share prefixes with each other's neighbours (…0001, …0002, …0001 0001)."""
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    articles = [NewsPageFactory(parent=news, slug=f"a{i}") for i in range(3)]
    about = StandardPageFactory(parent=home_page, slug="about")
    inner = StandardPageFactory(parent=about, slug="inner")
    deepest = StandardPageFactory(parent=inner, slug="deepest")
    return {
        "home": home_page,
        "news": news,
        "articles": articles,
        "about": about,
        "inner": inner,
        "deepest": deepest,
    }


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_children_descendants_and_siblings_are_the_pages_wagtail_selects(tree):
    for name in ("home", "news", "about", "inner", "deepest"):
        page = Page.objects.get(pk=tree[name].pk)
        for inclusive in (False, True):
            assert ids(Page.objects.descendant_of(page, inclusive=inclusive)) == wagtail_descendants(
                page, inclusive
            )
        children = {child.pk for child in page.get_children()}
        assert ids(Page.objects.child_of(page)) == children
        siblings = set(
            Page.objects.filter(depth=page.depth, path__startswith=page.path[: -page.steplen]).values_list(
                "pk", flat=True
            )
        )
        assert ids(Page.objects.sibling_of(page)) == siblings
        assert ids(Page.objects.sibling_of(page, inclusive=False)) == siblings - {page.pk}
        assert ids(Page.objects.not_descendant_of(page)) == ids(Page.objects.all()) - wagtail_descendants(
            page
        )
    assert ids(Page.objects.child_of(tree["news"])) == {a.pk for a in tree["articles"]}
    assert ids(Page.objects.descendant_of(tree["about"])) == {tree["inner"].pk, tree["deepest"].pk}


def test_the_range_holds_every_path_below_and_nothing_beside():
    first, last = subtree_range("00010002")
    inside = ["00010002", "000100020001", "00010002ZZZZ", "00010002" + "Z" * 200]
    outside = ["00010001", "0001000", "00010003", "000100010002", "0001000Z", "0002", "00010002"[:-1] + "3"]
    assert all(first <= path <= last for path in inside)
    assert not any(first <= path <= last for path in outside)
    assert len(last) == Page._meta.get_field("path").max_length


@pytest.mark.django_db
def test_listing_sql_compares_path_by_range_not_like(tree):
    sql = str(Page.objects.child_of(tree["news"]).live().query)
    assert "BETWEEN" in sql and " LIKE " not in sql


@pytest.mark.django_db
def test_prepared_listing_and_routing_plans_use_indexes(tree):
    """The plan PostgreSQL keeps for a prepared statement (its parameters unknown) reads the path index for
    a listing and the url_path index for routing, where a LIKE on a parameter read the whole table."""

    def generic_plan(queryset):
        sql, params = queryset.query.sql_with_params()
        numbered = sql.split("%s")
        sql = numbered[0] + "".join(f"${i + 1}{part}" for i, part in enumerate(numbered[1:]))
        with connection.cursor() as cursor:
            # The generic plan, and no sequential scan where an index can answer (a small table would
            # otherwise be scanned whatever the condition).
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"PREPARE cf_plan AS {sql}")
                literals = ", ".join(connection.ops.compose_sql("%s", [p]) for p in params)
                cursor.execute(f"EXPLAIN EXECUTE cf_plan({literals})")
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("DEALLOCATE cf_plan")
                cursor.execute("RESET plan_cache_mode")
                cursor.execute("RESET enable_seqscan")

    listing = generic_plan(Page.objects.live().child_of(tree["news"]).order_by("path"))
    assert "Seq Scan on wagtailcore_page" not in listing and "wagtailcore_page_path" in listing
    routing = generic_plan(
        Page.objects.filter(url_path__in=["/chuangfu-home/", "/chuangfu-home/news/"]).order_by()
    )
    assert "core_page_url_path" in routing and "Seq Scan" not in routing
