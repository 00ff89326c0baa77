"""一图一库: incubation carriers (pages), their taxonomies, and the company library.

The landing page (index.py) is imported last: its routes use views, which use the other modules here.
"""

from .carrier import CarrierGalleryImage, CarrierPage, TechnologyPlatform
from .companies import Company, ImportJob, PublicCompanyQuerySet, Residency
from .index import CarrierIndexPage  # noqa: I001 - last, see above
from .lifecycle import CompanyHonour, CompanyMilestone, FundingRound, LifecycleStage
from .taxonomies import (
    HONOUR_FIELDS,
    CarrierLevel,
    CarrierType,
    CompanyStage,
    Honour,
    Industry,
    LeftReason,
    PlatformKind,
)

__all__ = [
    "HONOUR_FIELDS",
    "CarrierGalleryImage",
    "CarrierIndexPage",
    "CarrierLevel",
    "CarrierPage",
    "CarrierType",
    "Company",
    "CompanyHonour",
    "CompanyMilestone",
    "CompanyStage",
    "Honour",
    "ImportJob",
    "FundingRound",
    "Industry",
    "LeftReason",
    "LifecycleStage",
    "PlatformKind",
    "PublicCompanyQuerySet",
    "Residency",
    "TechnologyPlatform",
]
