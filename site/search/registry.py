"""What the site search indexes: every app registers its public content types here.

This module is the contract between the search app and the content apps. An app describes each
searchable type once, in its own `search_documents.py` (imported by `search.apps.SearchConfig.ready`):

    from search.registry import Searchable, register

    register(Searchable(
        key="carrier",                       # stable id; the `type` facet value
        label="孵化载体",                      # the type badge users see
        model=CarrierPage,
        queryset=lambda: CarrierPage.objects.live().public().select_related(...),
        to_document=carrier_document,        # obj -> SearchDocument (public fields only!)
    ))

`to_document` must only read public fields: staff-only fields and personal data never reach the index.
Pages are synced on publish/unpublish/move/delete, other models on save/delete (see search.sync).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Model, QuerySet


@dataclass
class SearchDocument:
    """One search result, in the one shape every content type shares (so facets work across types)."""

    title: str
    url: str
    summary: str = ""
    body: str = ""  # plain text; boosted below title and summary
    date: date | datetime | None = None  # for recency and the month facet
    category: str = ""  # e.g. 政策文件, 孵化器, 沙龙
    tags: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # 张江, 金桥, … (carriers, events, stations)
    industries: list[str] = field(default_factory=list)  # 集成电路, 生物医药, …
    keywords: list[str] = field(default_factory=list)  # extra exact terms: 文号, short names, levels


@dataclass
class Searchable:
    key: str
    label: str
    model: type[Model]
    queryset: Callable[[], QuerySet]
    to_document: Callable[[Model], SearchDocument]
    # Objects of the model that are public; defaults to membership in queryset().
    is_public: Callable[[Model], bool] | None = None


_registry: dict[str, Searchable] = {}


def register(searchable):
    if searchable.key in _registry and _registry[searchable.key].model is not searchable.model:
        raise ValueError(f"search type {searchable.key!r} is already registered")
    _registry[searchable.key] = searchable
    return searchable


def all_searchables():
    return list(_registry.values())


def for_model(model):
    """The registrations that cover `model` (or one of its parents, for page subclasses)."""
    return [s for s in _registry.values() if issubclass(model, s.model)]


def get(key):
    return _registry[key]
