"""Factories for every model the tests build. Each app's factories live in their own module."""

from .brand import BrandPageFactory
from .carriers import CarrierIndexPageFactory, CarrierPageFactory, CompanyFactory, ResidencyFactory
from .events import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from .home import HomePageFactory, SiteSettingsFactory, StandardPageFactory
from .media import ImageFactory
from .news import NewsIndexPageFactory, NewsPageFactory
from .users import UserFactory

__all__ = [
    "BrandPageFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "CarrierIndexPageFactory",
    "CarrierPageFactory",
    "CompanyFactory",
    "ResidencyFactory",
    "HomePageFactory",
    "ImageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "RegistrationFactory",
    "SiteSettingsFactory",
    "StandardPageFactory",
    "UserFactory",
]
