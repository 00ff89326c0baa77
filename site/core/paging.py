from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(items, per_page, number, count=None):
    """The requested page of `items`; junk numbers give page 1, numbers past the end give the last page.
    `count`, when the caller already knows how many items there are, saves the paginator's COUNT query.

    Listings never 404 on a stale or hand-edited ?page=, which shared links often carry.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
