from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from .fallback import normalise, search_pages

PER_PAGE = 10


@dataclass
class SearchHit:
    title: str
    url: str
    type_label: str
    snippet: str


def page_hit(page):
    snippet = next(
        (
            getattr(page, name, "")
            for name in ("summary", "intro", "search_description")
            if getattr(page, name, "")
        ),
        "",
    )
    return SearchHit(page.title, page.url, str(page._meta.verbose_name), snippet)


def search(request):
    query = normalise(request.GET.get("q", ""))[:100]
    page_obj = None
    if query:
        paginator = Paginator(search_pages(query), PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        page_obj.object_list = [page_hit(page) for page in page_obj.object_list]
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": page_obj, "page_obj": page_obj},
    )
