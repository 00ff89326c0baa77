"""创孵品牌: the five service landing pages and the public catalogues hanging below three of them."""

from .brand import Brand, BrandPage
from .catalog import CatalogPage, ExpertPage, ServicePage, StationPage
from .taxonomies import ExpertiseField, ServiceCategory

__all__ = [
    "Brand",
    "BrandPage",
    "CatalogPage",
    "ExpertPage",
    "ExpertiseField",
    "ServiceCategory",
    "ServicePage",
    "StationPage",
]
