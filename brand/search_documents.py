"""The five 创孵 services and their public catalogues (experts, service products, stations) in site search.

Only public fields are read: an expert's staff_* contact fields never reach a document.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from search.registry import Searchable, SearchDocument, register
from search.sync import record_object
from search.utils import searchable_text

from .models import BrandPage, ExpertPage, ServicePage, ServiceProvider, StationPage


def brand_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=" ".join(part for part in (page.slogan, page.summary) if part),
        body=searchable_text(page),
        date=page.last_published_at or page.first_published_at,
        keywords=[page.get_brand_display(), page.slogan],
    )


def _joined(*parts):
    return "\n".join(part for part in parts if part)


def expert_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=page.summary,
        body=_joined(*page.question_list(), searchable_text(page)),
        date=page.first_published_at,
        tags=[term.name for term in page.expertise.all()],
        areas=[page.area.name] if page.area_id else [],
        keywords=[page.position],
    )


VOUCHER_TAG = "创新券可用"  # a search facet value (tag) for services that take the 科技创新券


def service_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=page.summary,
        body=_joined(page.audience, page.price_note, searchable_text(page)),
        date=page.first_published_at,
        category=page.category.name,
        tags=[VOUCHER_TAG] if page.innovation_voucher else [],
        areas=[area.name for area in page.areas.all()],
        keywords=[page.provider, *([page.service_provider.name] if page.service_provider else [])],
    )


def station_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=page.summary,
        body=_joined(page.address, searchable_text(page)),
        date=page.first_published_at,
        tags=page.service_list(),
        areas=[page.area.name],
        keywords=[page.host] if page.host else [],
    )


register(
    Searchable(
        key="brand",
        label="服务品牌",
        model=BrandPage,
        queryset=lambda: BrandPage.objects.live().public().order_by("pk"),
        to_document=brand_document,
    )
)
register(
    Searchable(
        key="expert",
        label="智询专家",
        model=ExpertPage,
        queryset=lambda: (
            ExpertPage.objects.live().public().select_related("area").prefetch_related("expertise")
        ),
        to_document=expert_document,
    )
)
register(
    Searchable(
        key="service",
        label="云超服务",
        model=ServicePage,
        queryset=lambda: (
            ServicePage.objects.live()
            .public()
            .select_related("category", "service_provider")
            .prefetch_related("areas")
        ),
        to_document=service_document,
    )
)
register(
    Searchable(
        key="station",
        label="创孵驿站",
        model=StationPage,
        queryset=lambda: StationPage.objects.live().public().select_related("area"),
        to_document=station_document,
    )
)


@receiver(post_save, sender=ServiceProvider, dispatch_uid="brand.provider_services_reindex")
def reindex_provider_services(sender, instance, raw=False, **kwargs):
    """A service's search document carries its provider's name: a renamed provider re-indexes them."""
    if not raw:
        for service in ServicePage.objects.filter(service_provider=instance):
            record_object(service)
