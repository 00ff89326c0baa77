"""The live, public pages of a page type that has only a few (index pages), kept in the shared cache.

Listings and home sections link to "all of them" on an index page (全部活动 →, 查看全部, 一图一库 →): each
used to ask the database for the first live, public page of its type, three queries on the home page. Here
every live, public page of the type is a snapshot (core/snapshots.py): one cache read, exact on every
change. Its version moves when any page is saved or deleted: a publish, an unpublish, a slug or title edit
(an ancestor's new slug changes the index page's URL without saving it), a move (Wagtail saves the moved
page after the tree move); and when a view restriction or a Site is saved or deleted.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site

from .snapshots import changed, named

PAGES = "core.anypage"  # a version of its own, moved on a change to any page of any type
WATCHED = (PAGES, PageViewRestriction._meta.label_lower, Site._meta.label_lower)


def public_pages(model):
    """Every live, public page of `model` (its own class), in tree order. Only for types with a handful of
    pages: they are all kept in the shared cache."""
    build = lambda: list(model.objects.live().public().order_by("path"))  # noqa: E731
    return named(f"public-pages:{model._meta.label_lower}", WATCHED, build).get()


def first_public_page(model, within=None):
    """The first live, public page of `model` in tree order (below the page `within`, when given), or None:
    `model.objects.live().public().first()` without a query."""
    for page in public_pages(model):
        if within is None or page.path.startswith(within.path) and page.depth > within.depth:
            return page
    return None


def public_titles(model, parent):
    """(pk, title) of every live, public child of the page `parent` of type `model`, in tree order: the
    choices of a form (the experts a consultation may ask for), from the shared cache like public_pages()."""
    build = lambda: list(  # noqa: E731
        model.objects.live().public().child_of(parent).order_by("path").values_list("pk", "title")
    )
    return named(f"public-titles:{model._meta.label_lower}:{parent.pk}", WATCHED, build).get()


def _page_changed(sender, **kwargs):
    if isinstance(sender, type) and issubclass(sender, Page):
        changed(PAGES)


post_save.connect(_page_changed, dispatch_uid="core.index_pages.saved")
post_delete.connect(_page_changed, dispatch_uid="core.index_pages.deleted")
