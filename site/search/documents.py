"""The one search document every registered type maps to (search.registry.SearchDocument), as an
`elasticsearch.dsl` Document, plus the conversion from a registered object to its index source."""

from datetime import datetime

from django.utils import timezone

from elasticsearch.dsl import Date, Document, Keyword, Text

from . import registry
from .text import normalise_document as normalise
from .text import pinyin_forms

# Bump when the mapping changes; recorded in the index `_meta` and checked by `rebuild_search_index --check`.
SCHEMA_VERSION = 3


def _chinese_text(**subfields):
    # Characters with phrase support (words are phrases of characters) plus a character-bigram sub-field.
    return Text(
        analyzer="cf_text",
        index_phrases=True,
        index_options="offsets",  # highlights from postings, without re-analysing long bodies
        fields={"bigram": Text(analyzer="cf_bigram"), **subfields},
    )


def _facet_keyword():
    # Exact values for facets and filters, plus a character sub-field so a query word inside a tag counts.
    return Keyword(
        normalizer="cf_keyword", eager_global_ordinals=True, fields={"text": Text(analyzer="cf_text")}
    )


def _prefix_keys():
    return Text(
        analyzer="keyword",
        index_prefixes={"min_chars": 1, "max_chars": 12},
        norms=False,
        index_options="docs",
    )


class ContentDocument(Document):
    doc_type = Keyword(eager_global_ordinals=True)  # the registry key: the `type` facet
    type_label = Keyword(index=False)  # the badge users see
    object_id = Keyword()
    title = _chinese_text(raw=Keyword(normalizer="cf_keyword"))
    # Pinyin prefix keys for autocomplete (full spelling / initials from each word of the title on);
    # index_prefixes turns a typed prefix into one term lookup instead of expanding thousands of terms.
    title_pinyin = _prefix_keys()
    title_initials = _prefix_keys()
    url = Keyword(index=False)
    summary = _chinese_text()
    body = _chinese_text()
    date = Date()
    month = Keyword(eager_global_ordinals=True)  # YYYY-MM, the month facet
    category = _facet_keyword()
    tags = _facet_keyword()
    areas = _facet_keyword()
    industries = _facet_keyword()
    keywords = _facet_keyword()


TEXT_FIELDS = ("title", "summary", "body")


def build_mappings(extra_analyzers=()):
    """The mapping, with a sub-field per optional Chinese analyzer the cluster has (smartcn, IK)."""
    from .es import OPTIONAL_ANALYZERS

    mappings = ContentDocument._doc_type.mapping.to_dict()
    mappings["dynamic"] = "strict"
    for field in TEXT_FIELDS:
        subfields = mappings["properties"][field].setdefault("fields", {})
        for name in extra_analyzers:
            subfields[name] = {"type": "text", "analyzer": OPTIONAL_ANALYZERS[name]}
    return mappings


def doc_id(searchable, obj):
    return f"{searchable.key}-{obj.pk}"


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _strings(values):
    seen = []
    for value in values or ():
        value = normalise(str(value))
        if value and value not in seen:
            seen.append(value)
    return seen


def to_source(searchable, obj):
    """The indexed source of one public object (only what its `to_document` chose to expose)."""
    doc = searchable.to_document(obj)
    title = normalise(doc.title)
    pinyin, initials = pinyin_forms(title)
    day = _as_date(doc.date)
    return {
        "doc_type": searchable.key,
        "type_label": str(searchable.label),
        "object_id": str(obj.pk),
        "title": title,
        "title_pinyin": pinyin,
        "title_initials": initials,
        "url": doc.url,
        "summary": normalise(doc.summary),
        "body": normalise(doc.body),
        "date": day.isoformat() if day else None,
        "month": day.strftime("%Y-%m") if day else None,
        "category": normalise(str(doc.category or "")) or None,
        "tags": _strings(doc.tags),
        "areas": _strings(doc.areas),
        "industries": _strings(doc.industries),
        "keywords": _strings(doc.keywords),
    }


def is_public(searchable, obj):
    if searchable.is_public is not None:
        return bool(searchable.is_public(obj))
    return searchable.queryset().filter(pk=obj.pk).exists()


def searchable_for(obj):
    found = registry.for_model(type(obj))
    return found[0] if found else None
