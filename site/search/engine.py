"""Site search queries against the alias: relevance, facets, highlights and autocomplete.

Words come from search.text (jieba + synonyms) and become phrase clauses over character-indexed
fields: title above the structured attributes (area, industry, tags, category, keywords), above the
summary, above the body. Recency adds at most RECENCY to dated documents with a gauss decay on `date` (no
scripts: the core-only cluster has no painless); undated ones (carriers, companies) get no bonus.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape

from . import registry
from .es import SearchUnavailable, content_alias, guarded_read, read_client
from .index import index_meta, results_version
from .text import has_cjk, normalise, parse_query, pinyin_key, synonyms_for

PER_PAGE = 10
MAX_WINDOW = 10000
FIELD_BOOSTS = {"title": 10.0, "summary": 4.0, "body": 1.0}
ATTRIBUTE_FIELDS = ("areas", "industries", "tags", "category", "keywords")
ATTRIBUTE_TEXT_FIELDS = [f"{name}.text" for name in ATTRIBUTE_FIELDS]
SYNONYM_WEIGHT = 0.8
SNIPPET_SIZE = 140
SNIPPET_LEAD = 30


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter
    field: str
    label: str
    size: int = 20


FACETS = [
    Facet("type", "doc_type", "内容类型"),
    Facet("category", "category", "分类"),
    Facet("area", "areas", "区域"),
    Facet("industry", "industries", "行业"),
    Facet("tag", "tags", "标签", size=15),
    Facet("month", "month", "发布月份", size=12),
]


@dataclass
class Hit:
    title_html: str
    url: str
    type_key: str
    type_label: str
    snippet_html: str
    date: str | None
    category: str | None
    object_id: str = ""
    partial: bool = False  # matched only some of the query's words (部分匹配)
    pinned: bool = False  # an editor's pick for this query (推荐)
    title: str = ""  # plain text


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: list[tuple[Facet, list[FacetValue]]] = field(default_factory=list)
    took_ms: int = 0
    full_total: int = 0  # results that match every word
    word_counts: dict[str, int] = field(default_factory=dict)  # documents per query word

    def without_rarest_word(self):
        """The query minus its rarest word, when that is what kept pages from matching in full."""
        if len(self.word_counts) < 2 or self.full_total:
            return None
        rarest = min(self.word_counts, key=lambda word: self.word_counts[word])
        return " ".join(word for word in self.word_counts if word != rarest)


# Constant scores per field: a title match outranks an attribute (keyword) match whatever the field's
# length or sparsity (BM25 on a sparse keyword field gave one character ~4x a title's idf).
FIELD_SCORES = {"title": 10.0, "attributes": 6.0, "summary": 3.0, "body": 1.0}
FULL_MATCH = 1000.0  # pages with every word rank above any page with only some of them
PINYIN_SCORE = 8.0
EXACT_TITLE = 20.0
EXACT_KEYWORD = 3.0
PHRASE_BONUS = 5.0
MIN_CHARACTERS = (
    3  # character-level matching only for longer queries: two characters out of order are no word
)
CHARACTER_SHARE = "75%"


def _const(query, score):
    return {"constant_score": {"filter": query, "boost": score}}


def _pinyin_alternatives(word):
    """A word typed as pinyin (zhangjiang) or initials (zj) matches titles through their pinyin keys."""
    key = pinyin_key(word)
    if has_cjk(word) or not key.isalpha() or len(key) < 2:
        return []
    found = []
    if len(key) >= 3:
        found.append(_const({"prefix": {"title_pinyin": key}}, PINYIN_SCORE))
    if len(key) <= 6:
        found.append(_const({"prefix": {"title_initials": key}}, PINYIN_SCORE * 0.9))
    return found


def _word_clause(word, extra_fields, name=None):
    """One word (or any of its synonyms): its best field counts, a little more for each other field."""
    queries = []
    for n, alt in enumerate(synonyms_for(word)):
        weight = 1.0 if n == 0 else SYNONYM_WEIGHT
        for field_name in ("title", "summary", "body"):
            score = FIELD_SCORES[field_name] * weight
            queries.append(_const({"match_phrase": {field_name: alt}}, score))
            for sub in extra_fields:
                queries.append(_const({"match_phrase": {f"{field_name}.{sub}": alt}}, score * 0.9))
        # The .text sub-fields hold each value's characters, so a phrase there also covers an exact value.
        attributes = {"multi_match": {"query": alt, "type": "phrase", "fields": ATTRIBUTE_TEXT_FIELDS}}
        queries.append(_const(attributes, FIELD_SCORES["attributes"] * weight))
    queries += _pinyin_alternatives(word)
    clause = {"dis_max": {"queries": queries, "tie_breaker": 0.1}}
    if name:
        clause["dis_max"]["_name"] = name
    return clause


def query_words(query):
    """The words a query is matched by: each unquoted word, and each quoted phrase as one word."""
    words = []
    for term, term_words in parse_query(query):
        for word in term_words or [term]:
            if word not in words:
                words.append(word)
    return words


def _quoted_clause(term, name):
    fields = {"title": FIELD_SCORES["title"], "summary": FIELD_SCORES["summary"], "body": 1.0}
    queries = [_const({"match_phrase": {f: term}}, score) for f, score in fields.items()]
    return {"dis_max": {"queries": queries, "tie_breaker": 0.1, "_name": name}}


def word_clauses(query, extra_fields=()):
    """[(word, clause)], each clause named w<i> so a hit says which words it matched."""
    clauses = []
    for term, words in parse_query(query):
        for word in words if words is not None else [None]:
            name = f"w{len(clauses)}"
            if word is None:
                clauses.append((term, _quoted_clause(term, name)))
            elif word not in [w for w, _ in clauses]:
                clauses.append((word, _word_clause(word, extra_fields, name)))
    return clauses


def _characters(query):
    # Quoted text is exact: never matched by its characters.
    return "".join(
        ch for term, words in parse_query(query) if words is not None for ch in term if has_cjk(ch)
    )


def text_query(query, extra_fields=()):
    """Graded matching: pages with every word first, then pages with some of them (marked as partial),
    then, for longer Chinese queries, titles sharing most of the query's characters (any order)."""
    terms = parse_query(query)
    clauses = word_clauses(query, extra_fields)
    if not clauses:
        return None
    any_word = [clause for _, clause in clauses]
    characters = _characters(query)
    if len(set(characters)) >= MIN_CHARACTERS:
        any_word.append(
            _const({"match": {"title": {"query": characters, "minimum_should_match": CHARACTER_SHARE}}}, 0.5)
        )
    should = [
        _const({"term": {"title.raw": normalise(query).lower()}}, EXACT_TITLE),
        # A 文号 or short name typed exactly as it is filed.
        _const({"term": {"keywords": normalise(query)}}, EXACT_KEYWORD),
    ]
    if len(clauses) > 1:
        should.append(
            {
                "constant_score": {
                    "filter": {"bool": {"must": [clause for _, clause in clauses]}},
                    "boost": FULL_MATCH,
                    "_name": "all",
                }
            }
        )
    for term, words in terms:
        if words is not None and len(words) > 1:
            should.append(_const({"match_phrase": {"title": term}}, PHRASE_BONUS))
            should.append(_const({"match_phrase": {"summary": term}}, PHRASE_BONUS / 3))
    if len(terms) > 1:
        # Terms typed apart that stand together in a title (孵化 载体 -> 孵化载体) rank first.
        joined = "".join(term for term, _ in terms)
        should.append(_const({"match_phrase": {"title": joined}}, PHRASE_BONUS))
        key = pinyin_key(joined)
        if key.isalpha() and not has_cjk(joined):
            should.append(_const({"prefix": {"title_pinyin": key}}, PHRASE_BONUS))
    key = pinyin_key(query)
    if key.isalpha() and not has_cjk(query):
        # The whole title spelled out or by its initials (cfxt -> 创孵学堂).
        should.append(_const({"term": {"title_pinyin": key}}, EXACT_TITLE))
        should.append(_const({"term": {"title_initials": key}}, EXACT_TITLE))
    return {"bool": {"must": [{"bool": {"should": any_word, "minimum_should_match": 1}}], "should": should}}


def highlight_words(query):
    """Every word a result may be marked for: the query's words and their synonyms, longest first."""
    found = set()
    for term, words in parse_query(query):
        for word in words or [term]:
            found.update(alt for alt in synonyms_for(word) if alt)
    return sorted(found, key=len, reverse=True)


def body_highlight_query(words):
    """Marks in body excerpts. Exact phrase clauses run on the index_phrases sub-field, which the
    highlighter cannot map back, so highlighting uses the same words with slop 1."""
    return {"bool": {"should": [{"match_phrase": {"body": {"query": w, "slop": 1}}} for w in words]}}


class Marker:
    """Marks the query's words in titles and summaries, in Python.

    Titles and summaries come back in `_source` anyway and are short; finding the words in them here is
    exact for Chinese (the index is per character) and leaves Elasticsearch to highlight only bodies,
    which it does from postings without shipping them back.
    """

    def __init__(self, words):
        self.pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None

    def mark(self, text):
        if not text or self.pattern is None:
            return escape(text or "")
        return self._mark(text, 0, len(text))

    def _mark(self, text, start, end):
        out, at = [], start
        for match in self.pattern.finditer(text, start, end):
            out.append(escape(text[at : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            at = match.end()
        out.append(escape(text[at:end]))
        return _join_marks("".join(out))

    def excerpt(self, text, size=SNIPPET_SIZE, lead=SNIPPET_LEAD):
        """About `size` characters around the first match (marked), or None when nothing matches."""
        if not text or self.pattern is None:
            return None
        match = self.pattern.search(text)
        if match is None:
            return None
        start = max(0, min(match.start() - lead, len(text) - size))
        end = min(len(text), start + size)
        return ("…" if start else "") + self._mark(text, start, end) + ("…" if end < len(text) else "")


RECENCY = 2.0  # at most this much is added for a fresh page: it orders pages within a tier, never across


def with_recency(query):
    # Added, not multiplied: a ×2 on fresh pages lifted a recent keyword match over an older title match.
    return {
        "function_score": {
            "query": query,
            "functions": [
                {
                    # Undated documents (carriers, companies) are not "fresh": no bonus for a missing date.
                    "filter": {"exists": {"field": "date"}},
                    "gauss": {"date": {"origin": "now", "scale": "365d", "offset": "30d", "decay": 0.5}},
                    "weight": RECENCY,
                },
            ],
            "score_mode": "sum",
            "boost_mode": "sum",
        }
    }


def _filters(selected, skip=None):
    return [
        {"terms": {facet.field: values}}
        for facet in FACETS
        if facet.key != skip and (values := selected.get(facet.key))
    ]


def facet_label(facet, value):
    if facet.key == "type":
        try:
            return str(registry.get(value).label)
        except KeyError:
            return value
    if facet.key == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value[:4]}年{int(value[5:])}月"
    return value


_MARK_GAP = re.compile(r"</mark>(\s?)<mark>")


def _join_marks(fragment):
    # Characters are tokens, so adjacent highlighted characters come back as separate marks.
    return _MARK_GAP.sub(r"\1", fragment)


def search(query, selected=None, page=1, sort="relevance", per_page=PER_PAGE):
    """One page of results for `query` with `selected` facet values ({facet key: [values]}), from the shared
    cache while the index has not changed since (index.results_version) and for SEARCH_RESULTS_SECONDS at
    most (the recency bonus moves with time). A repeated query costs one cache read, not two searches."""
    seconds = getattr(settings, "SEARCH_RESULTS_SECONDS", 0)
    if not seconds:
        return search_uncached(query, selected, page, sort, per_page)
    chosen = sorted((k, sorted(v)) for k, v in (selected or {}).items() if v)
    request = json.dumps([query, chosen, page, sort, per_page], ensure_ascii=False)
    key = "search:result:" + hashlib.sha256(request.encode()).hexdigest()
    version, entry = results_version(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    result = search_uncached(query, selected, page, sort, per_page)  # read after the version: never newer
    cache.set(key, (version, result), timeout=seconds)
    return result


@guarded_read
def search_uncached(query, selected=None, page=1, sort="relevance", per_page=PER_PAGE):
    client = read_client()
    selected = {k: v for k, v in (selected or {}).items() if v}
    meta = index_meta(client)
    base = text_query(query, meta.get("analyzers", ()))
    if base is None:
        return SearchResult(0, [])
    words = highlight_words(query)
    marker = Marker(words)
    aggs = {
        facet.key: {
            "filter": {"bool": {"filter": _filters(selected, skip=facet.key)}},
            "aggs": {
                "values": {
                    "terms": {"field": facet.field, "size": facet.size}
                    | ({"order": {"_key": "desc"}} if facet.key == "month" else {})
                }
            },
        }
        for facet in FACETS
    }
    clauses = word_clauses(query, meta.get("analyzers", ()))
    graded = len(clauses) > 1  # one word: every hit matches all of it
    if graded:
        aggs["_words"] = {"filters": {"filters": dict(clauses)}}
        aggs["_full"] = {"filter": {"bool": {"must": [clause for _, clause in clauses]}}}
    start = max(0, min((page - 1) * per_page, MAX_WINDOW - per_page))
    body = {
        "query": with_recency(base),
        "post_filter": {"bool": {"filter": _filters(selected)}},
        "from": start,
        "size": per_page,
        "track_total_hits": True,
        "_source": ["title", "url", "doc_type", "type_label", "summary", "date", "category", "object_id"],
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "highlight_query": body_highlight_query(words),
            "fields": {"body": {"fragment_size": SNIPPET_SIZE, "number_of_fragments": 1}},
        },
    }
    if sort == "date":
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    # Hits and facet counts run as two searches of one msearch: in parallel on the cluster, and the
    # size-0 facet search is served from the shard request cache when a query repeats.
    facet_body = {"query": body["query"]["function_score"]["query"], "size": 0, "aggs": aggs}
    responses = client.msearch(
        searches=[
            {"index": content_alias()},
            body,
            {"index": content_alias(), "request_cache": True},
            facet_body,
        ]
    )["responses"]
    for part in responses:
        if "error" in part:
            raise SearchUnavailable(str(part["error"])[:300])
    response, facet_response = responses
    hits = []
    for raw in response["hits"]["hits"]:
        source = raw["_source"]
        summary = source.get("summary") or ""
        snippet = marker.excerpt(summary)
        if snippet is None:
            body = raw.get("highlight", {}).get("body")
            if body:
                snippet = "…" + _join_marks(body[0]) + "…"
            else:
                snippet = escape(summary[:SNIPPET_SIZE]) + ("…" if len(summary) > SNIPPET_SIZE else "")
        hits.append(
            Hit(
                title_html=marker.mark(source.get("title", "")),
                url=source.get("url", ""),
                type_key=source.get("doc_type", ""),
                type_label=source.get("type_label", ""),
                snippet_html=snippet,
                date=source.get("date"),
                category=source.get("category"),
                object_id=source.get("object_id", ""),
                partial=graded and "all" not in raw.get("matched_queries", ()),
                title=source.get("title", ""),
            )
        )
    facets = []
    for facet in FACETS:
        buckets = facet_response["aggregations"][facet.key]["values"]["buckets"]
        chosen = selected.get(facet.key, [])
        values = [
            FacetValue(b["key"], facet_label(facet, b["key"]), b["doc_count"], b["key"] in chosen)
            for b in buckets
        ]
        present = {v.value for v in values}
        values += [FacetValue(v, facet_label(facet, v), 0, True) for v in chosen if v not in present]
        if values:
            facets.append((facet, values))
    aggregations = facet_response["aggregations"]
    total = response["hits"]["total"]["value"]
    return SearchResult(
        total,
        hits,
        facets,
        max(r.get("took", 0) for r in responses),
        full_total=aggregations["_full"]["doc_count"] if graded else total,
        word_counts={w: b["doc_count"] for w, b in aggregations["_words"]["buckets"].items()}
        if graded
        else {},
    )


@guarded_read
def autocomplete(query, size=8):
    """Titles for the search box: Chinese title prefix, full pinyin ('zhangjiang') or initials ('zj')."""
    query = query.strip()
    if not query:
        return []
    should = [
        {"match_phrase_prefix": {"title": {"query": query, "boost": 3, "max_expansions": 30}}},
    ]
    key = pinyin_key(query)
    if key and not has_cjk(query):
        should.append({"prefix": {"title_pinyin": {"value": key, "boost": 2}}})
        if len(key) >= 2:
            should.append({"prefix": {"title_initials": {"value": key, "boost": 1}}})
    response = read_client().search(
        index=content_alias(),
        query=with_recency({"bool": {"should": should, "minimum_should_match": 1}}),
        size=size,
        _source=["title", "url", "type_label"],
    )
    return [
        {"title": h["_source"]["title"], "url": h["_source"]["url"], "type": h["_source"]["type_label"]}
        for h in response["hits"]["hits"]
    ]
