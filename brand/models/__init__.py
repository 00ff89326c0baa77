"""创孵品牌: the five service landing pages and the public catalogues hanging below three of them."""

from .brand import BrandPage
from .catalog import CatalogPage, ExpertPage, ServicePage, StationPage
from .requests import (
    MessageKind,
    RequestKind,
    RequestMessage,
    RequestStatus,
    ServiceProvider,
    ServiceRequest,
    VisitHalf,
    VisitSlot,
)
from .taxonomies import ExpertiseField, ServiceCategory

__all__ = [
    "BrandPage",
    "CatalogPage",
    "ExpertPage",
    "ExpertiseField",
    "ServiceCategory",
    "MessageKind",
    "RequestKind",
    "RequestMessage",
    "RequestStatus",
    "ServicePage",
    "ServiceProvider",
    "ServiceRequest",
    "VisitHalf",
    "VisitSlot",
    "StationPage",
]
