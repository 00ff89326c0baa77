"""在孵企业数, 毕业企业数, 高新技术企业数 of carriers, derived from the company library.

A carrier with residency records gets its figures from them; one without any falls back to the figures an
editor reported on the page. The counts are subqueries annotated onto the carriers' own query, so a list of
carriers costs no extra query for its figures.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models.companies import Residency
from .models.taxonomies import LeftReason

CURRENT = Q(left_on__isnull=True)
GRADUATED = Q(left_reason=LeftReason.GRADUATED)
# High-tech companies the carrier hosts now or graduated (not ones that merely moved on).
HIGHTECH = Q(company__is_hightech=True) & (CURRENT | GRADUATED)


def _count(condition, distinct_companies=False):
    counted = Count("company_id", distinct=True) if distinct_companies else Count("pk")
    rows = (
        Residency.objects.filter(carrier_id=OuterRef("pk"))
        .filter(condition)
        .order_by()
        .values("carrier_id")
        .annotate(n=counted)
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_figures(carriers):
    """The queryset with lib_total, lib_incubating, lib_graduated and lib_hightech annotated."""
    return carriers.annotate(
        lib_total=_count(Q()),
        lib_incubating=_count(CURRENT),
        lib_graduated=_count(GRADUATED),
        lib_hightech=_count(HIGHTECH, distinct_companies=True),
    )


def figures_of(carrier):
    """The three figures of a carrier loaded through with_figures()."""
    if carrier.lib_total:
        return {
            "incubating": carrier.lib_incubating,
            "graduated": carrier.lib_graduated,
            "hightech": carrier.lib_hightech,
            "source": "library",
        }
    return {
        "incubating": carrier.reported_incubating,
        "graduated": carrier.reported_graduated,
        "hightech": carrier.reported_hightech,
        "source": "reported",
    }
