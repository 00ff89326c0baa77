"""What one SQL statement costs on PostgreSQL and on SQLite, on this machine, and what that makes of each page.

    make services && make bench-pages && make bench-statements   # or: .venv/bin/python bench/statements.py

Uses the databases bench/pages.py loads (PostgreSQL <DATABASE_URL's name>_bench and the same demo in
.cache/bench-pages.sqlite3): run `make bench-pages` once first. In one process per database (production
settings, page cache off), each statement below runs N times through Django's ORM, timed as this process's
CPU (`time.process_time`), PostgreSQL's backend CPU (its /proc entry) and wall time; the processes alternate
and each figure is the least of `--rounds` (the machine only ever adds time). Then each public page type's
statements are counted on both databases (a warm request, as bench/pages.py counts them) and multiplied out:
the CPU a request spends on statements on each database, and the difference, which is what PostgreSQL's
requests/s give up against SQLite's in `make bench-pages` when the app, the database and the load generator
share the same cores. On a deployment where PostgreSQL has cores of its own, only the client column loads
the application server.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "site")]

STATEMENTS = [
    ("SELECT 1 (a round trip)", "trivial"),
    ("a page row by primary key", "by_pk"),
    ("routing: the pages on a three-level URL", "routing"),
    ("ten news cards", "cards"),
]


def child(database_url, n):
    """In this process: the cost of each statement, and the statements of each page type (JSON on stdout)."""
    import pages

    args = argparse.Namespace(database_url=database_url, static_root=REPO / ".cache" / "bench-static")
    env = pages.base_env(args)
    urls, _ = pages.page_urls_and_queries(env)  # sets up Django with `env`

    from django.db import connection

    from wagtail.models import Page

    from news.models import NewsPage

    deep = Page.objects.filter(depth=4, live=True).order_by("path").first()
    prefixes = [deep.url_path.rsplit("/", 3)[0] + "/", deep.get_parent().url_path, deep.url_path]

    def trivial():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def by_pk():
        list(Page.objects.filter(pk=deep.pk))

    def routing():
        list(Page.objects.filter(url_path__in=prefixes).order_by())

    def cards():
        list(NewsPage.objects.live().select_related("cover_image").defer("body").order_by("-date")[:10])

    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    def server_cpu():
        if not postgres:
            return 0.0
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    # Each page's own statements, as Django sent them on a warm request, replayed on this connection.
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    replayed = {}
    for page, url in urls.items():
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        client.get(url)
        with connection.execute_wrapper(capture):
            client.get(url)
        with connection.cursor() as cursor:
            for sql, params in captured * 20:
                cursor.execute(sql, params)
                cursor.fetchall()
            runs = max(1, n // 10)
            cpu, server = time.process_time(), server_cpu()
            for _ in range(runs):
                for sql, params in captured:
                    cursor.execute(sql, params)
                    cursor.fetchall()
            replayed[page] = [
                len(captured),
                (time.process_time() - cpu) / runs * 1e3,
                (server_cpu() - server) / runs * 1e3,
            ]

    runners = {"trivial": trivial, "by_pk": by_pk, "routing": routing, "cards": cards}
    costs = {}
    for _, name in STATEMENTS:
        run = runners[name]
        for _ in range(50):  # prepared, planned, cached
            run()
        wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
        for _ in range(n):
            run()
        costs[name] = [
            (time.process_time() - cpu) / n * 1e6,
            (server_cpu() - server) / n * 1e6,
            (time.perf_counter() - wall) / n * 1e6,
        ]
    print(json.dumps({"costs": costs, "pages": replayed}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="runs of each statement per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.n)
    import pages

    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL must be set (make bench-statements reads it from services.sh)")
    sqlite = REPO / ".cache" / "bench-pages.sqlite3"
    if not sqlite.exists():
        raise SystemExit(f"{sqlite} is missing: run `make bench-pages` once first (it loads the demo there)")
    databases = {
        "PostgreSQL": pages.bench_database_url(os.environ["DATABASE_URL"]),
        "SQLite": f"sqlite:///{sqlite}",
    }
    best, replayed = {name: {} for name in databases}, {name: {} for name in databases}
    for round_number in range(args.rounds):
        order = list(databases) if round_number % 2 == 0 else list(reversed(databases))
        for name in order:
            out = subprocess.run(  # noqa: S603 - this interpreter, this file
                [sys.executable, __file__, "--child", databases[name], "-n", str(args.n)],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                raise SystemExit(f"{name}: the measuring process failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            for kept, figures_by_name in ((best[name], result["costs"]), (replayed[name], result["pages"])):
                for key, figures in figures_by_name.items():
                    previous = kept.get(key)
                    if previous is None or sum(figures[-2:]) < sum(previous[-2:]):
                        kept[key] = figures

    print(f"## one statement through Django's ORM, µs (least of {args.rounds} rounds of {args.n})")
    print(
        f"{'statement':<42}{'PG client':>10}{'PG server':>10}{'PG wall':>9}{'SQLite':>9}{'PG - SQLite':>13}"
    )
    for label, statement in STATEMENTS:
        client, server, wall = best["PostgreSQL"][statement]
        lite = best["SQLite"][statement][0]
        print(
            f"{label:<42}{client:>10.0f}{server:>10.0f}{wall:>9.0f}{lite:>9.0f}{client + server - lite:>13.0f}"
        )

    print(
        "\n## each page's statements (a warm request, page cache off) replayed as sent, CPU ms per request"
        f" (least of {args.rounds} rounds; SQL compiling and model building not included)"
    )
    print(
        f"{'page':<18}{'PG':>4}{'SQLite':>8}{'PG client':>11}{'PG server':>11}{'SQLite':>8}{'PG - SQLite':>13}"
    )
    for page, (count, client, server) in replayed["PostgreSQL"].items():
        other, lite, _ = replayed["SQLite"][page]
        print(
            f"{page:<18}{count:>4}{other:>8}{client:>11.2f}{server:>11.2f}{lite:>8.2f}"
            f"{client + server - lite:>13.2f}"
        )
    return None


if __name__ == "__main__":
    main()
