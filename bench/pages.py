"""Page benchmark: every public page type under gunicorn with production settings, cold and warm.

    make services && make bench-pages          # or: .venv/bin/python bench/pages.py --seconds 15

Loads the demo (once) into its own database (<DATABASE_URL's name>_bench, search prefix cfbench_pages), then
runs gunicorn (2 sync workers, DEBUG off, config.settings.production plus a trivial "ok" view): cold with
persistent connections (the production default), with psycopg's pool (DB_POOL=true), on SQLite (the same
demo loaded into .cache/bench-pages.sqlite3; search still asks the same Elasticsearch) and with any
`--variant KEY=VALUE` side by side (all servers up at once, measured page by page in turn), then
warm (page cache and search results cache on Redis). "Cold" turns the full-page cache and the search results
cache off; the small shared caches a page-cache miss also uses in production stay on (page chrome, taxonomy
terms, renditions). Each page type
and the trivial view are measured in the same run with wrk (`-t2 -c8`, or a Python client when wrk is
missing): requests/s, p50/p99, and the share of the trivial view's requests/s, which is the figure that
counts on a noisy machine. PostgreSQL's cold figures are then compared with SQLite's, page by page. Queries
per page are counted in this process on a warm request with the page cache off.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]
PREFIX = "cfbench_pages"

PAGES = [
    ("home", None, {}),
    ("news list", "news.NewsIndexPage", {}),
    ("news article", "news.NewsPage", {}),
    ("event list", "events.EventIndexPage", {}),
    ("event page", "events.EventPage", {}),
    ("carriers list", "carriers.CarrierIndexPage", {}),
    ("search", None, {}),
    ("academy courses", "academy.CourseIndexPage", {}),
    ("brand catalogue", "brand.BrandPage", {"brand": "zhixun"}),
    ("expert page", "brand.ExpertPage", {}),
    ("service page", "brand.ServicePage", {}),
    ("station page", "brand.StationPage", {"visit_capacity__gt": 0}),
]


def bench_database_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        ELASTICSEARCH_INDEX_PREFIX=PREFIX,
        DJANGO_SETTINGS_MODULE="bench.settings_pages",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Production refuses to start without the public base URL (mailed links); no mail leaves a benchmark.
        WAGTAILADMIN_BASE_URL=env.get("WAGTAILADMIN_BASE_URL") or "https://bench.example.cn",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(args.static_root),
        MEDIA_ROOT=str(REPO / ".cache" / "bench-media"),
        PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "site")]),
    )
    return env


def manage(env, *command):
    subprocess.run([sys.executable, str(REPO / "manage.py"), *command], env=env, check=True, cwd=REPO)  # noqa: S603


def create_database(database_url, fresh=False):
    """Create the database `database_url` names unless it exists (`fresh`: drop it first); returns its name."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return name


def prepare(args, env):
    import psycopg

    name = create_database(args.database_url, args.fresh)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    with psycopg.connect(args.database_url) as conn:
        loaded = conn.execute("SELECT count(*) FROM home_homepage").fetchone()[0]
    if not loaded:
        print("loading the demo into", name, file=sys.stderr)
        manage(env, "load_demo")


def page_urls_and_queries(env):
    """The URL of each page type, and its queries on a warm request (page cache off), in this process."""
    os.environ.update(env)
    os.environ["PAGE_CACHE"] = "false"
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = {}
    for name, model_path, filters in PAGES:
        if name == "home":
            urls[name] = "/"
        elif name == "search":
            urls[name] = "/search/?q=%E5%88%9B%E4%B8%9A"
        else:
            page = (
                apps.get_model(model_path).objects.live().public().filter(**filters).order_by("path").first()
            )
            urls[name] = page.url
    client = Client(HTTP_HOST="127.0.0.1")
    queries = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        queries[name] = len(captured) if status == 200 else f"HTTP {status}"
    return urls, queries


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(  # noqa: S603 - this virtualenv's gunicorn
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(REPO / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "bench.wsgi_pages:application",
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-ok/", timeout=2).close()  # noqa: S310
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start:\n" + process.stderr.read().decode(errors="replace")[-3000:])


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure_wrk(url, seconds):
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def measure_python(url, seconds):
    timings, errors, stop_at = [], [0], time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                urllib.request.urlopen(url, timeout=10).read()  # noqa: S310
            except OSError:
                errors[0] += 1
            timings.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()
    return (
        len(timings) / seconds,
        statistics.median(timings),
        timings[int(len(timings) * 0.99) - 1],
        errors[0],
    )


def run(label, env, urls, args):
    """One configuration: its own gunicorn, every page in turn (one round)."""
    return run_side_by_side(label, {"": env}, urls, argparse.Namespace(**{**vars(args), "rounds": 1}))[""]


def run_side_by_side(label, envs, urls, args):
    """Several configurations ({name: env}), each on its own gunicorn, all started at once and measured page
    by page in turn (the order reversed every other page): a machine whose speed drifts over minutes
    affects them alike, so their ratios hold even when the absolute figures do not."""
    measure = measure_wrk if shutil.which("wrk") and not args.python_client else measure_python
    servers = {}
    results = {name: {} for name in envs}
    try:
        for name, env in envs.items():
            port = free_port()
            servers[name] = (start_gunicorn(env, port, args.workers), f"http://127.0.0.1:{port}")
        order = list(envs)
        pages = [("trivial view", "/bench-ok/"), *urls.items()]
        for round_number in range(args.rounds):
            for number, (page, url) in enumerate(pages):
                for name in order if (number + round_number) % 2 == 0 else reversed(order):
                    base = servers[name][1]
                    urllib.request.urlopen(base + url, timeout=10).read()  # noqa: S310 - warm the caches
                    results[name].setdefault(page, []).append(measure(base + url, args.seconds))
    finally:
        for process, _ in servers.values():
            stop(process)
    # Each page's median round (by requests/s); every round's figures stay in `rounds` for the ratios.
    rounds = {name: {page: [m[0] for m in ms] for page, ms in rows.items()} for name, rows in results.items()}
    results = {
        name: {page: sorted(ms)[len(ms) // 2] for page, ms in rows.items()} for name, rows in results.items()
    }
    results["rounds"] = rounds
    for name, rows in results.items():
        if name == "rounds":
            continue
        trivial = rows["trivial view"][0]
        title = f"{label}: {name}" if name else label
        print(
            f"\n## {title}  ({args.workers} sync workers, {args.seconds} s per page, {measure.__name__[8:]}"
            + (f", median of {args.rounds} rounds)" if args.rounds > 1 else ")")
        )
        print(f"{'page':<18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'share':>9}{'errors':>8}")
        for page, (rate, p50, p99, errors) in rows.items():
            print(f"{page:<18}{rate:>9.0f}{p50:>9.1f}{p99:>9.1f}{rate / trivial:>9.1%}{errors:>8}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="drop and reload the bench database")
    parser.add_argument("--python-client", action="store_true", help="measure with Python even if wrk exists")
    parser.add_argument("--skip-pool", action="store_true", help="skip the psycopg-pool run")
    parser.add_argument("--skip-sqlite", action="store_true", help="skip the SQLite run and comparison")
    parser.add_argument("--skip-warm", action="store_true", help="skip the warm (page cache) run")
    parser.add_argument("--rounds", type=int, default=1, help="measure the cold configurations N times")
    parser.add_argument("--pages", default="", help="only these page types (comma-separated names)")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="also measure cold with this setting",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit(
            "DATABASE_URL and REDIS_URL must be set (make bench-pages reads them from services.sh)"
        )
    args.database_url = bench_database_url(os.environ["DATABASE_URL"])
    args.static_root = REPO / ".cache" / "bench-static"  # per checkout: worktrees must not share it
    env = base_env(args)
    prepare(args, env)
    urls, queries = page_urls_and_queries(env)
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(",")}
        if wanted - set(urls):
            raise SystemExit(f"unknown page types: {', '.join(sorted(wanted - set(urls)))}")
        urls = {name: url for name, url in urls.items() if name in wanted}
        queries = {name: count for name, count in queries.items() if name in wanted}
    print("## queries per page (warm, page cache off)")
    for name, count in queries.items():
        print(f"{name:<18}{count:>4}   {urls[name]}")
    subprocess.run(["redis-cli", "-u", os.environ["REDIS_URL"], "FLUSHDB"], check=False, capture_output=True)  # noqa: S607
    # Cold: no page cache and no search results cache (a new query every time); the warm run has both.
    cold = {**env, "PAGE_CACHE": "false", "DB_POOL": "false", "SEARCH_RESULTS_SECONDS": "0"}
    configs = {"PostgreSQL, persistent connections (production default)": cold}
    for extra in args.variant:
        key, _, value = extra.partition("=")
        configs[f"PostgreSQL, {extra}"] = {**cold, key: value}
    if not args.skip_pool:
        configs["PostgreSQL, psycopg pool (DB_POOL=true)"] = {**cold, "DB_POOL": "true"}
    if not args.skip_sqlite:
        configs["SQLite"] = prepare_sqlite(args, cold)
    results = run_side_by_side("cold: page cache off", configs, urls, args)
    if "SQLite" in results:
        postgres = next(iter(configs))
        compare(
            results[postgres], results["SQLite"], results["rounds"][postgres], results["rounds"]["SQLite"]
        )
    if not args.skip_warm:
        run("warm: page cache on (Redis)", {**env, "PAGE_CACHE": "true"}, urls, args)


def prepare_sqlite(args, env):
    """The demo in a SQLite file (loaded once, --fresh reloads it); returns the environment that uses it."""
    path = REPO / ".cache" / "bench-pages.sqlite3"
    if args.fresh and path.exists():
        path.unlink()
    env = {**env, "DATABASE_URL": f"sqlite:///{path}"}
    loaded = path.exists()
    manage(env, "migrate", "--noinput", "-v0")
    if not loaded:
        print("loading the demo into", path, file=sys.stderr)
        manage(env, "load_demo", "--skip-index")  # the search index is the PostgreSQL demo's: same content
    return env


def compare(postgres, sqlite, postgres_rounds, sqlite_rounds):
    """PostgreSQL against SQLite, cold, each as a share of its own run's trivial view and in requests/s; with
    several rounds, the ratio of each round (the two measured one after the other) and their median."""
    print("\n## PostgreSQL (persistent) vs SQLite, cold")
    print(
        f"{'page':<18}{'PG req/s':>10}{'SQLite':>9}{'PG/SQLite':>11}{'PG share':>10}{'SQLite share':>14}"
        "   ratio per round"
    )
    pg_trivial, sqlite_trivial = postgres["trivial view"][0], sqlite["trivial view"][0]
    for name in postgres:
        if name == "trivial view":
            continue
        ratios = sorted(
            pg / lite for pg, lite in zip(postgres_rounds[name], sqlite_rounds[name], strict=True)
        )
        pg, lite = postgres[name][0], sqlite[name][0]
        print(
            f"{name:<18}{pg:>10.0f}{lite:>9.0f}{statistics.median(ratios):>11.2f}"
            f"{pg / pg_trivial:>10.1%}{lite / sqlite_trivial:>14.1%}"
            f"   {' '.join(f'{r:.2f}' for r in ratios)}"
        )


if __name__ == "__main__":
    main()
