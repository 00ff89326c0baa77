"""Test helpers for search (used by tests/test_search_*.py): a fresh index and test-only registrations."""

from contextlib import contextmanager

from django.core.management import call_command

from . import registry
from .es import content_alias, get_client
from .index import ensure_alias, forget_meta


def reset_index():
    """Delete every index of this prefix and start with an empty one behind the alias."""
    client = get_client()
    client.indices.delete(index=f"{content_alias()}*", ignore_unavailable=True, expand_wildcards="all")
    forget_meta()
    ensure_alias(client)
    return client


def rebuild():
    call_command("rebuild_search_index", no_progress=True, verbosity=0)
    forget_meta()


@contextmanager
def registered(searchable):
    """Register a test-only type for the duration of a test."""
    previous = registry._registry.get(searchable.key)
    registry._registry[searchable.key] = searchable
    try:
        yield searchable
    finally:
        if previous is None:
            registry._registry.pop(searchable.key, None)
        else:
            registry._registry[searchable.key] = previous


def ensure_wagtail_tree():
    """Recreate Wagtail's initial locale, root page and default site when a transactional test flushed them."""
    from wagtail.models import Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
