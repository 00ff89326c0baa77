import pytest

from tests import factories


@pytest.mark.django_db
def test_carrier_factories_build(home_page):
    index = factories.CarrierIndexPageFactory(parent=home_page)
    carrier = factories.CarrierPageFactory(
        parent=index,
        area="jinqiao",
        industries=["ai"],
        levels=["gaoyuan"],
        platforms=[("算力", "compute", True)],
    )
    assert carrier.live and carrier.area.slug == "jinqiao" and carrier.has_open_platform
    assert [i.slug for i in carrier.industries.all()] == ["ai"]
    residency = factories.ResidencyFactory(carrier=carrier)
    assert residency.company.pk and residency.carrier_id == carrier.pk
