from wagtail.models import Page

import pytest

from tests import factories

PAGE_FACTORIES = [
    factories.StandardPageFactory,
    factories.NewsIndexPageFactory,
    factories.BrandPageFactory,
    factories.CarrierIndexPageFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", PAGE_FACTORIES, ids=lambda f: f.__name__)
def test_page_factory_builds(home_page, factory):
    page = factory(parent=home_page)
    assert page.pk and page.live
    assert Page.objects.get(pk=page.pk).specific_class is factory._meta.model


@pytest.mark.django_db
def test_news_page_factory_builds_under_index(home_page):
    index = factories.NewsIndexPageFactory(parent=home_page)
    page = factories.NewsPageFactory(parent=index, tags=["张江"])
    assert page.get_parent().pk == index.pk
    assert list(page.tags.names()) == ["张江"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [factories.ImageFactory, factories.UserFactory, factories.SiteSettingsFactory],
    ids=lambda f: f.__name__,
)
def test_model_factory_builds(home_page, factory):
    assert factory().pk


def test_every_factory_is_covered():
    covered = {f.__name__ for f in PAGE_FACTORIES} | {
        "NewsPageFactory",
        "ImageFactory",
        "UserFactory",
        "SiteSettingsFactory",
        "HomePageFactory",  # built by the home_page fixture
        "EventIndexPageFactory",  # the events factories: tests/test_events_pages.py
        "EventPageFactory",
        "RegistrationFactory",
        "CarrierPageFactory",  # built in tests/test_carriers_factories.py
        "CompanyFactory",
        "ResidencyFactory",
        "ExpertPageFactory",  # the brand catalogue factories: tests/test_brand_catalog.py
        "ServicePageFactory",
        "StationPageFactory",
    }
    assert set(factories.__all__) <= covered
