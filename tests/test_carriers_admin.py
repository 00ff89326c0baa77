"""The admin screens editors use: carrier page form, company library, taxonomies, menu."""

import pytest

from tests.factories import CarrierIndexPageFactory, CarrierPageFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_screens_render(admin_client, home_page):
    index = CarrierIndexPageFactory(parent=home_page)
    carrier = CarrierPageFactory(parent=index)
    company = CompanyFactory()
    for url in [
        f"/admin/pages/add/carriers/carrierpage/{index.pk}/",
        f"/admin/pages/{carrier.pk}/edit/",
        "/admin/snippets/carriers/company/",
        f"/admin/snippets/carriers/company/edit/{company.pk}/",
        "/admin/snippets/core/area/",
        "/admin/snippets/carriers/industry/",
        "/admin/snippets/carriers/carrierlevel/",
        "/admin/carriers/import/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/carriers/import/" in html  # the 一图一库 menu (rendered from JSON props)


def test_coordinates_outside_pudong_are_rejected(home_page):
    from django.core.exceptions import ValidationError

    index = CarrierIndexPageFactory(parent=home_page)
    carrier = CarrierPageFactory(parent=index)
    carrier.latitude, carrier.longitude = carrier.longitude, carrier.latitude  # swapped
    with pytest.raises(ValidationError, match="不在浦东新区范围内"):
        carrier.full_clean()
