"""Taxonomy terms offered by listings come from the shared cache, and a change shows at once."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from core.models import Area
from core.terms import terms


@pytest.mark.django_db(transaction=True)
def test_terms_are_read_once_then_follow_every_change():
    Area.objects.all().delete()  # the migrations seed Pudong's areas; start from a known list
    Area.objects.create(name="测试乙", slug="ceshi-yi", sort_order=2)
    Area.objects.create(name="测试甲", slug="ceshi-jia", sort_order=1)
    assert list(terms(Area).items()) == [("ceshi-jia", "测试甲"), ("ceshi-yi", "测试乙")]
    with CaptureQueriesContext(connection) as queries:
        assert terms(Area) == {"ceshi-jia": "测试甲", "ceshi-yi": "测试乙"}
    assert len(queries) == 0

    with transaction.atomic():
        area = Area.objects.get(slug="ceshi-jia")
        area.name = "测试甲区"
        area.save()
    assert terms(Area)["ceshi-jia"] == "测试甲区"

    Area.objects.filter(slug="ceshi-yi").delete()  # a queryset delete still sends post_delete
    assert list(terms(Area)) == ["ceshi-jia"]


@pytest.mark.django_db(transaction=True)
def test_a_copy_built_during_an_uncommitted_change_is_not_served_after_it_commits():
    Area.objects.all().delete()
    Area.objects.create(name="测试甲", slug="ceshi-jia")
    terms(Area)
    with transaction.atomic():
        Area.objects.create(name="测试丙", slug="ceshi-bing")
        # Another reader (outside this transaction it would not see the row) rebuilds the copy here;
        # the commit must still move the version so that copy is dropped.
        from django.core.cache import cache

        from core.snapshots import version_key

        label = Area._meta.label_lower
        version = cache.get(version_key(label))
        cache.set(f"snapshot:data:terms:{label}", ((version,), {"ceshi-jia": "测试甲"}))
    assert "ceshi-bing" in terms(Area)


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_no_trace():
    Area.objects.all().delete()
    Area.objects.create(name="测试甲", slug="ceshi-jia")
    assert list(terms(Area)) == ["ceshi-jia"]
    with pytest.raises(RuntimeError), transaction.atomic():
        Area.objects.create(name="测试丁", slug="ceshi-ding")
        assert list(terms(Area)) == ["ceshi-ding", "ceshi-jia"]  # this transaction sees its own change
        raise RuntimeError("editor's save failed")
    assert list(terms(Area)) == ["ceshi-jia"]
