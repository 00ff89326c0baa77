"""Plain content pages (关于我们, 使用说明…) in site search."""

from search.registry import Searchable, SearchDocument, register
from search.utils import searchable_text

from .models import StandardPage


def standard_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=page.intro or page.search_description,
        body=searchable_text(page),
        date=page.last_published_at or page.first_published_at,
    )


register(
    Searchable(
        key="page",
        label="页面",
        model=StandardPage,
        queryset=lambda: StandardPage.objects.live().public().order_by("pk"),
        to_document=standard_document,
    )
)
