"""在孵企业数, 毕业企业数, 高新技术企业数 of carriers, derived from the company library.

A carrier with residency records gets its figures from them; one without any falls back to the figures an
editor reported on the page. One query for any number of carriers.
"""

from django.db.models import Count, Q

from .models import LeftReason, Residency


def figures_for(carriers):
    ids = [c.pk for c in carriers]
    rows = (
        Residency.objects.filter(carrier_id__in=ids)
        .values("carrier_id")
        .annotate(
            total=Count("pk"),
            incubating=Count("pk", filter=Q(left_on__isnull=True)),
            graduated=Count("pk", filter=Q(left_reason=LeftReason.GRADUATED)),
            # High-tech companies the carrier hosts now or graduated (not ones that merely moved on).
            hightech=Count(
                "company",
                filter=Q(company__is_hightech=True)
                & (Q(left_on__isnull=True) | Q(left_reason=LeftReason.GRADUATED)),
                distinct=True,
            ),
        )
    )
    derived = {row["carrier_id"]: row for row in rows}
    result = {}
    for carrier in carriers:
        row = derived.get(carrier.pk)
        if row:
            result[carrier.pk] = {
                "incubating": row["incubating"],
                "graduated": row["graduated"],
                "hightech": row["hightech"],
                "source": "library",
            }
        else:
            result[carrier.pk] = {
                "incubating": carrier.reported_incubating,
                "graduated": carrier.reported_graduated,
                "hightech": carrier.reported_hightech,
                "source": "reported",
            }
    return result
