"""Factories for every model the tests build. Each app's factories live in their own module."""

from .academy import (
    CourseIndexPageFactory,
    CoursePageFactory,
    CourseSessionFactory,
    MentorIndexPageFactory,
    MentorPageFactory,
)
from .brand import BrandPageFactory, ExpertPageFactory, ServicePageFactory, StationPageFactory
from .carriers import CarrierIndexPageFactory, CarrierPageFactory, CompanyFactory, ResidencyFactory
from .events import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from .home import HomePageFactory, SiteSettingsFactory, StandardPageFactory
from .insights import FollowUpFactory, FundingRoundFactory, MilestoneFactory, PlanProgressPageFactory
from .media import ImageFactory
from .news import NewsIndexPageFactory, NewsPageFactory
from .users import UserFactory

__all__ = [
    "FollowUpFactory",
    "FundingRoundFactory",
    "MilestoneFactory",
    "PlanProgressPageFactory",
    "BrandPageFactory",
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "CourseSessionFactory",
    "EventIndexPageFactory",
    "ExpertPageFactory",
    "EventPageFactory",
    "CarrierIndexPageFactory",
    "CarrierPageFactory",
    "CompanyFactory",
    "ResidencyFactory",
    "HomePageFactory",
    "ImageFactory",
    "MentorIndexPageFactory",
    "MentorPageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "RegistrationFactory",
    "ServicePageFactory",
    "SiteSettingsFactory",
    "StandardPageFactory",
    "StationPageFactory",
    "UserFactory",
]
