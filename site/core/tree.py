"""Page-tree conditions as ranges of `path`, which an index answers in any plan (installed once from
CoreConfig.ready()).

Wagtail selects a page's children and descendants with `path LIKE 'prefix%'` (`child_of`,
`descendant_of`, `sibling_of`). PostgreSQL turns a LIKE into an index range only when it plans with the
prefix in hand; the site's statements are prepared (config/db.py), and the plan PostgreSQL keeps for a
prepared statement has `$1` in its place, so every listing read the whole page table (a sequential scan
under each news, event, course and carrier list), or, as the table grows, is planned again on every
execution. SQLite never uses an index for a LIKE (without case-sensitive LIKE). A range of `path` is the
same set of pages and uses the unique index on `path` in both databases, prepared or not:

    descendants of P (P included) = P <= path <= P + "ZZZ…" (to path's max_length)

which holds because paths are made of treebeard's alphabet (0-9A-Z, in ascending order) and compare
byte by byte (`path` has the "C" collation on PostgreSQL, SQLite compares bytes): a path starting with P
lies in the range, and a path that does not differs from P at some position where it is greater than P,
so it is greater than P + "ZZZ…" too. Depth conditions are kept as Wagtail writes them.
"""

from django.db.models import Q

from wagtail.models import Page
from wagtail.query import TreeQuerySet


def subtree_range(path):
    """(first, last) of every path that starts with `path` (`path` itself included)."""
    alphabet = Page.alphabet
    last = path + alphabet[-1] * (Page._meta.get_field("path").max_length - len(path))
    return path, last


def descendant_of_q(self, other, inclusive=False):
    q = Q(path__range=subtree_range(other.path)) & Q(depth__gte=other.depth)
    if not inclusive:
        q &= ~Q(pk=other.pk)
    return q


def sibling_of_q(self, other, inclusive=True):
    parent_path = self.model._get_parent_path_from_path(other.path)
    q = Q(path__range=subtree_range(parent_path)) & Q(depth=other.depth)
    if not inclusive:
        q &= ~Q(pk=other.pk)
    return q


def install():
    TreeQuerySet.descendant_of_q = descendant_of_q  # child_of_q builds on it
    TreeQuerySet.sibling_of_q = sibling_of_q
