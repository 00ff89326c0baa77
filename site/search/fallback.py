"""Database search that works for Chinese.

Neither SQLite's nor PostgreSQL's full-text search segments Chinese, so this matches substrings
(icontains) on titles and each page type's short text fields (its `search_fallback_fields`).
Every whitespace-separated term must match somewhere. It is the embedded default's search and the
精简搜索 the site answers with when Elasticsearch is down. `rank_entries` searches the SearchEntry
table (every registered type, jieba words in any order, pinyin keys); `search_pages` is what answers
while that table was never built.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, get_page_models

from .text import has_cjk, normalise, parse_query, pinyin_key, synonyms_for

MAX_TERMS = 6


def split_terms(query):
    return [term for term in normalise(query).split() if term][:MAX_TERMS]


def _term_q(term):
    clauses = [Q(title__icontains=term), Q(search_description__icontains=term)]
    for model in get_page_models():
        for field in getattr(model, "search_fallback_fields", ()):
            clauses.append(Q(**{f"{model._meta.model_name}__{field}__icontains": term}))
    return reduce(or_, clauses)


def search_pages(query):
    """Live, public pages matching every term, title matches first, then newest first."""
    terms = split_terms(query)
    if not terms:
        return Page.objects.none()
    pages = Page.objects.live().public().filter(depth__gt=1).filter(reduce(and_, (_term_q(t) for t in terms)))
    title_hit = reduce(and_, (Q(title__icontains=t) for t in terms))
    return (
        pages.annotate(
            title_hit=Case(
                When(title_hit, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-title_hit", "-first_published_at", "pk")
        .specific()
    )


# The database search proper: SearchEntry rows (search.table), jieba words in any order, ranked in Python
# with the same constant field scores as Elasticsearch (title over attributes over summary).
RANK_LIMIT = 2000
FIELD_SCORES = {"title": 10.0, "attributes": 6.0, "summary": 3.0}
PINYIN_SCORE = 8.0
SYNONYM_WEIGHT = 0.8
EXACT_TITLE = 20.0
PHRASE_BONUS = 5.0
RECENCY = 2.0
FULL_MATCH = 1000.0


def _words(query):
    words = []
    for term, term_words in parse_query(query):
        for word in term_words or [term]:
            if word.lower() not in [w.lower() for w in words]:
                words.append(word)
    return words


def _pinyin_key(word):
    key = pinyin_key(word)
    return key if not has_cjk(word) and key.isalpha() and len(key) >= 2 else ""


def _entry_word_q(word):
    clauses = []
    for alt in synonyms_for(word):
        clauses += [Q(title__icontains=alt), Q(attributes__icontains=alt), Q(summary__icontains=alt)]
    key = _pinyin_key(word)
    if key and len(key) >= 3:
        clauses.append(Q(pinyin__contains=f" {key}"))
    if key and len(key) <= 6:
        clauses.append(Q(initials__contains=f" {key}"))
    return reduce(or_, clauses)


def _word_score(entry, word, texts):
    best, others = 0.0, 0.0
    for n, alt in enumerate(synonyms_for(word)):
        weight = 1.0 if n == 0 else SYNONYM_WEIGHT
        alt = alt.lower()
        for name, score in FIELD_SCORES.items():
            if alt in texts[name]:
                score *= weight
                best, others = max(best, score), others + score
    key = _pinyin_key(word)
    if key and (
        (len(key) >= 3 and f" {key}" in entry.pinyin) or (len(key) <= 6 and f" {key}" in entry.initials)
    ):
        best, others = max(best, PINYIN_SCORE), others + PINYIN_SCORE
    return best + 0.1 * (others - best)


def _recency(day, today):
    if day is None:
        return 0.0
    age = max(0, (today - day).days - 30)
    return RECENCY * 0.5 ** (age / 365)


def rank_entries(query):
    """Public entries with every word of `query` (in any field, any order) first, then those with only
    some of its words (`entry.partial`, shown as 部分匹配), best first within each; None when the table is
    empty (never built: the page search below answers instead)."""
    from .models import SearchEntry

    words = _words(query)
    if not words:
        return []
    word_qs = [_entry_word_q(w) for w in words]
    entries = list(SearchEntry.objects.filter(*word_qs)[:RANK_LIMIT])
    for entry in entries:
        entry.partial = False
    if len(words) > 1 and len(entries) < RANK_LIMIT:
        some = SearchEntry.objects.filter(reduce(or_, word_qs)).exclude(pk__in=[e.pk for e in entries])
        for entry in some[: RANK_LIMIT - len(entries)]:
            entry.partial = True
            entries.append(entry)
    if not entries and not SearchEntry.objects.exists():
        return None
    today = timezone.localdate()
    plain = normalise(query).lower()
    joined = "".join(term for term, _ in parse_query(query)).lower()
    scored = []
    for entry in entries:
        texts = {
            "title": entry.title.lower(),
            "attributes": entry.attributes.lower(),
            "summary": entry.summary.lower(),
        }
        score = sum(_word_score(entry, w, texts) for w in words)
        if texts["title"] == plain:
            score += EXACT_TITLE
        elif len(words) > 1 and joined in texts["title"]:
            score += PHRASE_BONUS
        score += _recency(entry.date, today)
        if not entry.partial:
            score += FULL_MATCH  # pages with every word rank above any page with only some of them
        scored.append((-score, -(entry.date.toordinal() if entry.date else 0), entry.title, entry))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


def entry_hit(entry, marker):
    from .engine import SNIPPET_SIZE, Hit

    snippet = marker.excerpt(entry.summary) or (
        escape(entry.summary[:SNIPPET_SIZE]) + ("…" if len(entry.summary) > SNIPPET_SIZE else "")
    )
    return Hit(
        marker.mark(entry.title),
        entry.url,
        entry.key,
        entry.type_label,
        snippet,
        entry.date.isoformat() if entry.date else None,
        None,
        object_id=entry.object_id,
        partial=getattr(entry, "partial", False),
        title=entry.title,
    )


def ranked_ids(query, limit=10):
    """[(registry key, object id)] of the best `limit` results (the relevance benchmark's view)."""
    from . import registry

    entries = rank_entries(query)
    if entries is not None:
        return [(entry.key, entry.object_id) for entry in entries[:limit]]
    found = []
    for page in search_pages(query)[:limit]:
        registered = registry.for_model(type(page))
        if registered:
            found.append((registered[0].key, str(page.pk)))
    return found


def autocomplete_entries(query, size=8):
    """Titles for the search box from the table: Chinese inside a title, pinyin or initials at a word."""
    from .models import SearchEntry

    query = normalise(query)
    key = _pinyin_key(query.replace(" ", ""))
    if has_cjk(query) or not key:
        condition = Q(title__icontains=query)
    else:
        condition = Q(initials__contains=f" {key}")
        if len(key) >= 2:
            condition |= Q(pinyin__contains=f" {key}")
    rows = SearchEntry.objects.filter(condition).values_list("title", "url", "type_label", "date", "pinyin")[
        :200
    ]

    def rank(row):
        title, _, _, day, pinyin = row
        starts = title.lower().startswith(query.lower()) or (key and pinyin.startswith(f" {key}"))
        return (not starts, len(title), -(day.toordinal() if day else 0), title)

    return [{"title": t, "url": u, "type": label} for t, u, label, _, _ in sorted(rows, key=rank)[:size]]
