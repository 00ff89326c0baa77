"""PostgreSQL prepares the statements a process repeats (config/db.py): bound on the server, except the few
that PostgreSQL would refuse that way, which are bound on the client as Django does by default."""

from django.db import connection
from django.db.models import Min, Q, Value
from django.db.models.functions import Greatest, Least

from wagtail.models import Page, Site

import pytest

from config.db import needs_client_binding


@pytest.mark.parametrize(
    "query, client_side",
    [
        ("SELECT DISTINCT a FROM t WHERE x IN (%s) ORDER BY CASE WHEN (a = %s) THEN 0 ELSE 1 END ASC", True),
        ("SELECT LOWER(a) || %s AS k, COUNT(*) FROM t GROUP BY LOWER(a) || %s", True),
        ("SELECT a, COALESCE((SELECT SUM(x) FROM u WHERE u.s IN (%s, %s) GROUP BY u.t), 0) FROM t", False),
        ("SELECT a FROM t WHERE b = %s ORDER BY CASE WHEN a = %s THEN 0 END", False),  # no DISTINCT
        ('SELECT a, COUNT(*) FROM t WHERE b = %s GROUP BY "a(" HAVING COUNT(*) > %s', False),
        ("SELECT DISTINCT a FROM t WHERE b = %s ORDER BY a LIMIT %s", False),
    ],
)
def test_which_statements_are_bound_on_the_client(query, client_side):
    assert needs_client_binding(query) is client_side


@pytest.mark.django_db
def test_a_repeated_statement_is_prepared_on_its_connection(home_page):
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def ask():  # a statement of this test's own shape
        return list(
            Page.objects.filter(url_path=home_page.url_path, depth__lte=9).values_list("title", "numchild")
        )

    def is_prepared():
        return any('"numchild" AS "numchild"' in s and '"url_path" = $' in s for s in prepared())

    assert ask() == [("创孵", 0)] and not is_prepared()
    for _ in range(2):
        assert ask() == [("创孵", 0)]
    assert is_prepared()


@pytest.mark.django_db
def test_statements_postgresql_refuses_bound_on_the_server_still_run(home_page):
    for _ in range(3):
        # Wagtail's site-settings admin: Site's default order is a CASE with a parameter, and DISTINCT repeats
        # it in the select list.
        sites = Site.objects.filter(Q(hostname="testserver") | Q(is_default_site=True)).distinct()
        assert [site.root_page_id for site in sites] == [home_page.pk]
        # Django #34255: a parameter inside an expression grouped on.
        depths = (
            Page.objects.annotate(deepest=Greatest("depth", Value(2)))
            .values("deepest")
            .annotate(shallowest=Min("depth"), least=Least("shallowest", "deepest"))
            .order_by()
            .values_list("least", flat=True)
        )
        groups = {}
        for depth in Page.objects.values_list("depth", flat=True):
            groups.setdefault(max(depth, 2), []).append(depth)
        assert sorted(depths) == sorted(min(min(group), deepest) for deepest, group in groups.items())


@pytest.mark.django_db
def test_a_connection_keeps_as_many_prepared_statements_as_configured(settings):
    connection.ensure_connection()
    assert connection.settings_dict["PREPARED_MAX"] == 500  # config/env.py's default: DB_PREPARED_MAX
    assert connection.connection.prepared_max == 500  # psycopg's own default is 100
