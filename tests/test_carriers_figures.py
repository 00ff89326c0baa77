"""A carrier's 在孵 / 毕业 / 高新技术 figures come from its residencies, counted in the listing's own query
(carriers/figures.py), and fall back to the reported figures when it has none."""

import datetime

import pytest

from carriers.figures import figures_of, with_figures
from carriers.models import CarrierPage
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory, CompanyFactory, ResidencyFactory

LEFT = datetime.date(2025, 6, 30)


@pytest.mark.django_db
def test_figures_count_residencies_and_distinct_high_tech_companies(home_page):
    index = CarrierIndexPageFactory(parent=home_page)
    carrier = CarrierPageFactory(parent=index, industries=["ic", "bio"], levels=["gaofeng"])
    reported = CarrierPageFactory(
        parent=index, reported_incubating=7, reported_graduated=3, reported_hightech=2
    )
    hightech, plain = CompanyFactory(is_hightech=True), CompanyFactory(is_hightech=False)
    ResidencyFactory(carrier=carrier, company=hightech, left_on=LEFT, left_reason="graduated")
    ResidencyFactory(carrier=carrier, company=hightech)  # back again: one high-tech company, counted once
    ResidencyFactory(carrier=carrier, company=plain)
    ResidencyFactory(
        carrier=carrier, company=CompanyFactory(is_hightech=True), left_on=LEFT, left_reason="moved"
    )

    # Joined with two industries per carrier: the counts must not double.
    rows = with_figures(CarrierPage.objects.filter(industries__slug__in=["ic", "bio"]))
    found = {c.pk: figures_of(c) for c in rows}
    assert found[carrier.pk] == {"incubating": 2, "graduated": 1, "hightech": 1, "source": "library"}
    assert figures_of(with_figures(CarrierPage.objects.filter(pk=reported.pk)).get()) == {
        "incubating": 7,
        "graduated": 3,
        "hightech": 2,
        "source": "reported",
    }
