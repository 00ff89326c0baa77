"""Cached GeoJSON and taxonomy go stale when a carrier or a taxonomy term changes: bump the cache version then."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from core.models import Area

from .filters import bump_cache_version
from .models import CarrierLevel, CarrierPage, Industry


def _invalidate(**kwargs):
    bump_cache_version()


page_published.connect(_invalidate, sender=CarrierPage, dispatch_uid="carriers-geojson-published")
page_unpublished.connect(_invalidate, sender=CarrierPage, dispatch_uid="carriers-geojson-unpublished")
for model in (CarrierPage, Area, CarrierLevel, Industry):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"carriers-geojson-save-{model.__name__}")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"carriers-geojson-delete-{model.__name__}")
