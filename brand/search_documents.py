"""The five 创孵 services in site search."""

from search.registry import Searchable, SearchDocument, register
from search.utils import plain_text

from .models import BrandPage


def brand_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=" ".join(part for part in (page.slogan, page.summary) if part),
        body=plain_text(page.body),
        date=page.last_published_at or page.first_published_at,
        keywords=[page.get_brand_display(), page.slogan],
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
