"""Search benchmark: rebuild docs/s, query p50/p95 and autocomplete p50/p95 over HTTP.

    make services && make bench-search           # or: .venv/bin/python bench/search.py --docs 10000

Generates N documents (deterministic, --seed) of a bench-only registered type, rebuilds an index of its
own prefix (cfbench, so the site's index is untouched) with the real `rebuild_search_index` command,
starts gunicorn (two workers, DEBUG off) on that index (or measures --url, a server you started with that prefix), times
search and autocomplete requests, then deletes the bench indexes. The documents are generated in
memory: the rebuild figure covers document conversion (NFKC, pinyin), bulk indexing and the alias
swap, not reading 10,000 rows from PostgreSQL.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]
PREFIX = "cfbench"
os.environ["ELASTICSEARCH_INDEX_PREFIX"] = PREFIX
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Measure Elasticsearch, not the results cache (search.engine.search) that answers a repeated query.
os.environ.setdefault("SEARCH_RESULTS_SECONDS", "0")

AREAS = ["张江", "金桥", "临港", "外高桥", "陆家嘴", "世博", "川沙", "周浦", "康桥", "唐镇"]
INDUSTRIES = [
    "生物医药",
    "集成电路",
    "人工智能",
    "智能制造",
    "新能源汽车",
    "航空航天",
    "数字经济",
    "绿色低碳",
]
NOUNS = [
    "孵化器",
    "加速器",
    "众创空间",
    "政策解读",
    "申报通知",
    "项目路演",
    "创孵沙龙",
    "培训班",
    "开放日",
    "服务站",
]
VERBS = ["举办", "启动", "发布", "扩容", "入驻", "揭牌", "评审", "对接", "签约", "升级"]
PHRASES = [
    "面向初创企业提供场地、投融资和技术平台等全链条服务",
    "高新技术企业认定与专精特新培育工作有序推进",
    "围绕产业链关键环节引进一批优质创新项目",
    "孵化载体绩效评价结果向社会公开",
    "双创云超上线第三方专业服务产品",
    "概念验证中心为高校科研成果转化提供支撑",
]
TYPES = [
    ("bench_news", "新闻政策"),
    ("bench_carrier", "孵化载体"),
    ("bench_event", "活动"),
    ("bench_company", "企业"),
]


class Generated:
    def __init__(self, pk, rng):
        self.pk = pk
        self.area = rng.choice(AREAS)
        self.industry = rng.choice(INDUSTRIES)
        self.noun = rng.choice(NOUNS)
        self.title = f"{self.area}{self.industry}{self.noun}{rng.choice(VERBS)}（第{pk}期）"
        self.summary = f"{self.area}{rng.choice(PHRASES)}，{rng.choice(PHRASES)}。"
        self.body = "。".join(rng.choice(PHRASES) for _ in range(rng.randint(8, 30)))
        self.date = datetime.date(2026, 11, 1) - datetime.timedelta(days=rng.randint(0, 1000))
        self.tags = rng.sample(NOUNS, 2)


class GeneratedSet:
    """Quacks like the QuerySet a registration returns: .iterator() and .count()."""

    def __init__(self, items):
        self.items = items

    def iterator(self, chunk_size=None):
        return iter(self.items)

    def count(self):
        return len(self.items)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed_gets(base, path, queries, session):
    times = []
    for q in queries:
        started = time.perf_counter()
        response = session.get(f"{base}{path}?{urllib.parse.urlencode({'q': q})}", timeout=10)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return times


def wait_for(base, timeout=30):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/search/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"server at {base} did not answer")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument(
        "--url", help="measure this running server (started with ELASTICSEARCH_INDEX_PREFIX=cfbench)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench index afterwards")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    import requests

    from search import registry
    from search.es import content_alias, get_client, is_configured
    from search.registry import Searchable, SearchDocument

    if not is_configured():
        raise SystemExit(
            "ELASTICSEARCH_URL is not set: run `make services` and export its output (or `make bench-search`)."
        )
    rng = random.Random(args.seed)
    items = [Generated(pk, rng) for pk in range(1, args.docs + 1)]
    for key, label in TYPES:
        subset = GeneratedSet([item for item in items if item.pk % len(TYPES) == TYPES.index((key, label))])
        registry.register(
            Searchable(
                key=key,
                label=label,
                model=Generated,
                queryset=lambda subset=subset: subset,
                to_document=lambda item: SearchDocument(
                    title=item.title,
                    url=f"/bench/{item.pk}/",
                    summary=item.summary,
                    body=item.body,
                    date=item.date,
                    category=item.noun,
                    tags=item.tags,
                    areas=[item.area],
                    industries=[item.industry],
                ),
            )
        )

    started = time.perf_counter()
    call_command("rebuild_search_index", no_progress=False)
    seconds = time.perf_counter() - started
    total = get_client().count(index=content_alias())["count"]
    print(f"rebuild: {total} documents in {seconds:.1f} s = {total / seconds:.0f} docs/s (whole command)")

    server = None
    base = args.url
    if not base:
        base = f"http://127.0.0.1:{args.port}"
        # The production WSGI server (gunicorn, two workers) with DEBUG off, as the site runs.
        env = {
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        }
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--pythonpath",
                str(REPO / "site"),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
                "config.wsgi:application",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        wait_for(base)
        session = requests.Session()
        words = AREAS + INDUSTRIES + NOUNS + ["高企", "双创", "孵化载体", "专精特新"]
        queries = [" ".join(rng.sample(words, rng.choice([1, 1, 2, 3]))) for _ in range(args.queries)]
        from search.text import pinyin_forms

        prefixes = []
        for _ in range(args.queries):
            word = rng.choice(AREAS + INDUSTRIES)
            full, initials = pinyin_forms(word)
            prefixes.append(rng.choice([word[:2], full[0][: rng.randint(3, len(full[0]))], initials[0]]))
        timed_gets(base, "/search/", queries[:20], session)  # warm up
        timed_gets(base, "/search/autocomplete/", prefixes[:20], session)
        query_ms = timed_gets(base, "/search/", queries, session)
        suggest_ms = timed_gets(base, "/search/autocomplete/", prefixes, session)
        print(
            f"query (/search/, full HTML page, {len(query_ms)} requests): "
            f"p50 {percentile(query_ms, 50):.1f} ms, p95 {percentile(query_ms, 95):.1f} ms"
        )
        seen, first_ms = set(), []
        for q, ms in zip(queries, query_ms, strict=True):
            if q not in seen:
                seen.add(q)
                first_ms.append(ms)
        print(
            f"  of which the first request for each distinct query ({len(first_ms)}, before any cached facet counts): "
            f"p50 {percentile(first_ms, 50):.1f} ms, p95 {percentile(first_ms, 95):.1f} ms"
        )
        print(
            f"autocomplete (/search/autocomplete/, {len(suggest_ms)} requests): "
            f"p50 {percentile(suggest_ms, 50):.1f} ms, p95 {percentile(suggest_ms, 95):.1f} ms"
        )
        from search import engine

        engine_ms, took_ms = [], []
        for q in queries:
            started = time.perf_counter()
            result = engine.search_uncached(q)
            engine_ms.append((time.perf_counter() - started) * 1000)
            took_ms.append(result.took_ms)
        print(
            f"  of which engine.search in-process: p50 {percentile(engine_ms, 50):.1f} ms, "
            f"p95 {percentile(engine_ms, 95):.1f} ms (Elasticsearch took p50 {percentile(took_ms, 50):.0f} ms); "
            "the rest is the page around it (header, navigation, footer)"
        )
        print(
            f"targets: query p50 ≤ 30 ms, autocomplete p50 ≤ 20 ms, rebuild 10k ≤ 60 s; mean query {statistics.mean(query_ms):.1f} ms"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not args.keep:
            get_client().indices.delete(index=f"{PREFIX}-content*", ignore_unavailable=True)


if __name__ == "__main__":
    main()
