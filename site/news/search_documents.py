"""News and policy documents in site search."""

from search.registry import Searchable, SearchDocument, register
from search.utils import searchable_text

from .models import NewsPage


def news_document(page):
    return SearchDocument(
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=page.summary,
        body=searchable_text(page),
        date=page.date,
        category=page.get_category_display(),
        tags=[tag.name for tag in page.tags.all()],
        # 文号, 索引号, 发布机构 and 来源 are public (政务公开) and readers search them verbatim.
        keywords=[page.gov_doc_no, page.gov_index_no, page.gov_publisher, page.source],
    )


register(
    Searchable(
        key="news",
        label="新闻政策",
        model=NewsPage,
        queryset=lambda: NewsPage.objects.live().public().prefetch_related("tags").order_by("pk"),
        to_document=news_document,
    )
)
