"""Relevance benchmark: the judged queries (bench/relevance/queries.yaml) against Elasticsearch and the
database backend, on the demo content loaded into a scratch database and index.

    make bench-relevance                  # load the demo into <db>_relevance / prefix cfrelevance, measure
    bench/relevance/run.py --reuse        # measure again without reloading (after a ranking change)
    bench/relevance/run.py --only es -v   # one backend, every query's top 10

Prints nDCG@10 (gain 2^grade - 1, the ideal ranking from every judged document), MRR (first result of
grade >= 1), P@3 (grade >= 1) and the zero-result count, per query and averaged, per backend.
"""

import argparse
import io
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
PREFIX = "cfrelevance"
TARGETS = {"es": 0.85, "db": 0.70}


def scratch_database_url(url):
    """The same server as DATABASE_URL, database <name>_relevance (sqlite: a file beside it)."""
    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    if url.startswith("sqlite"):
        return f"{base}/{Path(name).stem}_relevance.sqlite3"
    return f"{base}/{name}_relevance"


def recreate_postgres(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def load_queries(path):
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def catalogue():
    """{(type, object_id): (key, source)} for every indexed document: the names judgments use."""
    from search import registry
    from search.documents import to_source

    docs = {}
    for searchable in registry.all_searchables():
        for obj in searchable.queryset():
            source = to_source(searchable, obj)
            slug = getattr(obj, "slug", None) or source["title"]
            docs[(searchable.key, str(obj.pk))] = (f"{searchable.key}:{slug}", source)
    return docs


def grades_for(judged, docs):
    """{doc key: grade} with the rules expanded over the catalogue; explicit keys win."""
    grades = {}
    for key, grade in judged.items():
        if "~" not in key:
            continue
        doc_type, rule = key.split("~", 1)
        scope, _, text = rule.partition(":")
        for (kind, _), (name, source) in docs.items():
            if kind != doc_type:
                continue
            fields = [source["title"]]
            if scope == "any":
                for field in ("keywords", "tags", "areas", "industries"):
                    fields += source[field]
                fields.append(source["category"] or "")
            if any(text in value for value in fields):
                grades[name] = max(grades.get(name, 0), grade)
    known = {name for name, _ in docs.values()}
    for key, grade in judged.items():
        if "~" in key:
            continue
        if key not in known:
            raise SystemExit(f"judgment names no document: {key}")
        grades[key] = grade
    return grades


def dcg(gains):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def metrics(ranked, grades, k=10):
    gains = [grades.get(name, 0) for name in ranked[:k]]
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    ndcg = dcg(gains) / ideal if ideal else 0.0
    rr = next((1 / (i + 1) for i, g in enumerate(gains) if g >= 1), 0.0)
    p3 = sum(1 for g in gains[:3] if g >= 1) / 3
    return ndcg, rr, p3


def run_es(query):
    from search import engine

    result = engine.search(query, per_page=10)
    return [(hit.type_key, hit.object_id) for hit in result.hits]


def run_db(query):
    from search import fallback

    return fallback.ranked_ids(query, limit=10)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", default=str(Path(__file__).with_name("queries.yaml")))
    parser.add_argument("--reuse", action="store_true", help="measure the already loaded scratch demo")
    parser.add_argument("--only", choices=["es", "db"])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each query's top 10")
    args = parser.parse_args()

    source_url = os.environ.get("DATABASE_URL")
    if not source_url or not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit(
            "需要 DATABASE_URL 和 ELASTICSEARCH_URL（make bench-relevance 从 make services 取得）"
        )
    os.environ["DATABASE_URL"] = scratch_database_url(source_url)
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = PREFIX
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not args.reuse and os.environ["DATABASE_URL"].startswith("postgres"):
        recreate_postgres(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    if not args.reuse:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", stdout=io.StringIO())

    docs = catalogue()
    queries = load_queries(args.queries)
    backends = [("es", "Elasticsearch", run_es), ("db", "数据库检索", run_db)]
    summary = []
    for code, label, run in backends:
        if args.only and code != args.only:
            continue
        rows = []
        print(f"\n== {label} ==")
        print(f"{'nDCG':>6} {'RR':>5} {'P@3':>5} {'hits':>4}  kind      query")
        for item in queries:
            grades = grades_for(item["judged"], docs)
            found = run(item["q"])
            ranked = [docs[key][0] if key in docs else f"?{key}" for key in found]
            ndcg, rr, p3 = metrics(ranked, grades)
            rows.append((ndcg, rr, p3, not found))
            print(f"{ndcg:6.3f} {rr:5.2f} {p3:5.2f} {len(found):4d}  {item['kind']:<9} {item['q']}")
            if args.verbose:
                for rank, name in enumerate(ranked, 1):
                    print(f"{'':>12}{rank:2d}. [{grades.get(name, 0)}] {name}")
        n = len(rows)
        avg = [sum(r[i] for r in rows) / n for i in range(3)]
        zero = sum(1 for r in rows if r[3])
        summary.append((label, code, avg, zero, n))
    print("\n== 平均 ==")
    for label, code, (ndcg, mrr, p3), zero, n in summary:
        verdict = "达标" if ndcg >= TARGETS[code] else "未达标"
        print(
            f"{label:<14} nDCG@10 {ndcg:.3f}  MRR {mrr:.3f}  P@3 {p3:.3f}  零结果 {zero}/{n}"
            f"  目标 nDCG@10 ≥ {TARGETS[code]:.2f}：{verdict}"
        )


if __name__ == "__main__":
    main()
