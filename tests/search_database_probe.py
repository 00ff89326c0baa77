"""The database search's Chinese matching and autocomplete on a few test-only documents (auth.Group, so
no page tree is needed), run in-process on PostgreSQL and in a subprocess on SQLite by
tests/test_search_database.py: both must answer the same."""

import json

from django.contrib.auth.models import Group

from search.registry import Searchable, SearchDocument

DOCUMENTS = {
    "张江星河人工智能孵化器": ("聚焦人工智能领域的专业孵化器。", ["张江", "人工智能"]),
    "临港科创量子科技加速器": ("量子科技企业加速服务。", ["临港", "量子科技"]),
    "浦东产业年度综述": ("张江的孵化器扩容，金桥加速器开放。", []),
    "创孵驿站服务指南": ("就近提供政策咨询。", ["孵化器"]),
}


def document(group):
    summary, tags = DOCUMENTS[group.name]
    return SearchDocument(title=group.name, url=f"/probe/{group.pk}/", summary=summary, tags=tags)


PROBE = Searchable(
    key="probe",
    label="测试条目",
    model=Group,
    queryset=lambda: Group.objects.filter(name__in=list(DOCUMENTS)).order_by("pk"),
    to_document=document,
)
QUERIES = ["孵化器张江", "张江 孵化器", "孵化器", "量子 临港", "人工智能", "金桥 量子"]
SUGGEST = ["张江", "zj", "zhangjiang", "lgkc", "liangzi", "qqqq"]


def create():
    for name in DOCUMENTS:
        Group.objects.create(name=name)  # post_save: the sync path writes the search table


def probe():
    from search.engine import Marker, highlight_words
    from search.fallback import autocomplete_entries, entry_hit, rank_entries

    found = {}
    for query in QUERIES:
        entries = rank_entries(query) or []
        marker = Marker(highlight_words(query))
        hits = [entry_hit(entry, marker) for entry in entries]
        found[query] = [("~" if hit.partial else "") + hit.title_html for hit in hits]
    suggested = {q: [item["title"] for item in autocomplete_entries(q)] for q in SUGGEST}
    return {"search": found, "suggest": suggested}


def main():
    """In a fresh SQLite database (DATABASE_URL, Django set up): migrate, create, print the probe as JSON."""
    from django.core.management import call_command

    from search.testing import registered

    call_command("migrate", verbosity=0, interactive=False)
    with registered(PROBE):
        create()
        print(json.dumps(probe(), ensure_ascii=False))
