"""200 people press "提交报名" at the same moment for 50 seats, over real HTTP.

By itself (what `make bench-registration` runs; DATABASE_URL and REDIS_URL set, as `scripts/services.sh env`
prints them):

    .venv/bin/python bench/registration_race.py [--runs 3]

migrates its own database (<DATABASE_URL's name>_regbench), counts the queries of one submission in this
process (and how many of them run while the event's RegistrationTarget row is locked), starts gunicorn with
production settings (bench.settings_pages: 2 sync workers, DEBUG off, persistent connections, Redis cache,
TASKS_BACKEND=django_tasks_db.DatabaseBackend so mail is queued, never sent in the request), measures the
trivial "ok" view in the same run, races `--runs` times and stops gunicorn.

Beside a running server instead (`make run-full`, same CF_PG_PORT):

    .venv/bin/python bench/registration_race.py --url http://127.0.0.1:8000

Each race creates its own event through `manage.py registration_bench_event create` (which also mints a
token, signed with the server's SECRET_KEY, that lifts the per-IP rate limit for that one event only), lets
every simulated person load the event page and its form key first (CSRF cookie + token + submission key from
/registration/form-key/, like a browser), releases all submissions to /registration/submit/<target>/ at once,
then reads the outcome from the database and removes the event. Output, one line per race:

    confirmed=50 waitlisted=150 errors=0 rate=…/s

`--page-route` posts to the event page's own `register/` route instead (through Wagtail's page routing).
"""

import argparse
import functools
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench import pages  # noqa: E402 - the page benchmark's database, gunicorn and client helpers


def manage_env():
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        # The same services `make run-full` started (scripts/services.sh honours CF_PG_PORT / CF_ES_PORT).
        lines = subprocess.run(  # noqa: S603
            [str(REPO / "scripts" / "services.sh"), "env"], capture_output=True, text=True, check=True
        ).stdout
        env.update(line.split("=", 1) for line in lines.splitlines() if "=" in line)
    return env


def subprocess_bench_event(*args):
    """registration_bench_event in the running server's environment (--url mode)."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(REPO / "manage.py"), "registration_bench_event", *args],
        capture_output=True,
        text=True,
        check=True,
        env=manage_env(),
        cwd=REPO,
    )
    return result.stdout.strip().splitlines()[-1]


def inprocess_bench_event(*args):
    """registration_bench_event in this process (Django set up on the benchmark's own settings)."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("registration_bench_event", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def race(base_url, bench_event, args, probe=None):
    """One race on a fresh event; returns (counts, errors, retries, seconds). `probe()` is read as the
    submissions are released and again when the last is answered (args.probe_used gets the difference)."""
    event = json.loads(bench_event("create", "--capacity", str(args.seats)))
    page_url = base_url + event["path"]
    key_url = base_url + "/registration/form-key/"
    post_url = (
        page_url + "register/" if args.page_route else f"{base_url}/registration/submit/{event['target']}/"
    )
    barrier = threading.Barrier(args.people + 1)
    outcomes = [None] * args.people
    retries = [0]
    # Loading the page is not what is measured; a few at a time keeps the server's listen queue sane.
    page_loads = threading.Semaphore(20)

    def with_retry(call):
        """Retry a request the server never answered (connection reset by an overflowing listen queue).
        Safe for the POST too: the form's submission key makes a replay return the same registration."""
        for attempt in range(3):
            try:
                return call()
            except requests.ConnectionError:
                if attempt == 2:
                    raise
                retries[0] += 1
                time.sleep(0.2 * (attempt + 1))
        return None

    def person(n):
        session = requests.Session()
        try:
            with page_loads:
                with_retry(lambda: session.get(page_url, timeout=60)).raise_for_status()
                key = with_retry(lambda: session.get(key_url, timeout=60)).json()
            csrf = key["csrf"]
        except Exception as exc:  # noqa: BLE001 - counted as an error below
            outcomes[n] = f"page: {exc!r}"
            barrier.wait()
            return
        data = {
            "csrfmiddlewaretoken": csrf,
            "name": f"压测{n:03d}",
            "mobile": f"186{n:08d}",
            "email": f"bench{n:03d}@example.cn",
            "consent": "on",
            "website": "",
            "submission_key": f"bench-{event['target']}-{n}",
        }
        headers = {"Referer": page_url, "X-Registration-Bench": event["token"]}
        barrier.wait()
        try:
            response = with_retry(
                lambda: session.post(post_url, data=data, headers=headers, allow_redirects=False, timeout=120)
            )
            ok = response.status_code == 302 and "/registration/" in response.headers.get("Location", "")
            outcomes[n] = "ok" if ok else f"HTTP {response.status_code}"
        except Exception as exc:  # noqa: BLE001
            outcomes[n] = repr(exc)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(args.people)]
    for thread in threads:
        thread.start()
    barrier.wait()  # everyone has loaded the page; go
    started = time.perf_counter()
    before = probe() if probe else ()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    args.probe_used = [after - was for after, was in zip(probe(), before, strict=True)] if probe else []

    counts = json.loads(bench_event("report", "--target", str(event["target"])))
    if not args.keep:
        bench_event("cleanup", "--target", str(event["target"]))
    return counts, [o for o in outcomes if o != "ok"], retries[0], elapsed


def report(counts, errors, retries, elapsed, args):
    for problem in sorted(set(errors))[:5]:
        print(f"  error: {problem}", file=sys.stderr)
    if retries:
        print(f"  connection retries: {retries}", file=sys.stderr)
    rate = args.people / elapsed
    print(
        f"confirmed={counts.get('confirmed', 0)} waitlisted={counts.get('waitlisted', 0)} "
        f"errors={len(errors)} rate={rate:.1f}/s",
        flush=True,
    )
    return rate, not errors and counts.get("confirmed") == args.seats


def cpu_seconds(server_pid, database):
    """CPU seconds used so far by gunicorn (master and workers), this database's PostgreSQL backends and
    this process (Linux /proc; zeros elsewhere): where a race's time goes on a shared machine."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    server = backends = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / tick
        if proc.name == str(server_pid) or fields[1] == str(server_pid):
            server += used
        elif cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
            backends += used
    own = os.times()
    return server, backends, own.user + own.system


def submission_queries(show=False):
    """Queries of one submission through the submit view, in this process: (total, under the target lock)
    for the first person (a seat) and the second (the waitlist, capacity 1)."""
    from django.db import connection
    from django.test import Client

    event = json.loads(inprocess_bench_event("create", "--capacity", "1"))
    counts = []
    try:
        for n in range(2):
            client = Client(HTTP_HOST="127.0.0.1")
            csrf = client.get("/registration/form-key/").json()["csrf"]
            data = {
                "csrfmiddlewaretoken": csrf,
                "name": f"计数{n}",
                "mobile": f"187{n:08d}",
                "email": f"count{n}@example.cn",
                "consent": "on",
                "submission_key": f"count-{n}",
            }
            seen = []

            def record(execute, sql, params, many, context, seen=seen):
                seen.append((sql, connection.in_atomic_block))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                response = client.post(
                    f"/registration/submit/{event['target']}/",
                    data,
                    HTTP_X_REGISTRATION_BENCH=event["token"],
                )
            if response.status_code != 302:
                raise SystemExit(f"in-process submission answered HTTP {response.status_code}")
            locked = next((i for i, (sql, _) in enumerate(seen) if "FOR UPDATE" in sql), len(seen))
            under_lock = sum(1 for _sql, atomic in seen[locked:] if atomic)
            counts.append((len(seen), under_lock))
            for number, (sql, atomic) in enumerate(seen, start=1) if show else ():
                print(f"  {number:>2} {'L' if atomic and number > locked else ' '} {sql[:150]}")
    finally:
        inprocess_bench_event("cleanup", "--target", str(event["target"]))
    return counts


def self_contained(args):
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("DATABASE_URL and REDIS_URL must be set (make bench-registration reads services.sh)")
    args.database_url = os.environ["DATABASE_URL"].rstrip("/") + "_regbench"
    args.static_root = Path(tempfile.gettempdir()) / "cf-regbench-static"
    env = pages.base_env(args)
    env.update(
        # Mail is queued (an outbox row and a task row), as production with `run_worker` does it.
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        ELASTICSEARCH_URL="",  # the race never searches; its throw-away events stay out of every index
        PAGE_CACHE="false",
    )
    pages.create_database(args.database_url, args.fresh)
    pages.manage(env, "migrate", "--noinput", "-v0")
    pages.manage(env, "collectstatic", "--noinput", "-v0")  # the event page's manifest-hashed assets

    os.environ.update(env)
    import django

    django.setup()
    (seat, seat_locked), (wait, wait_locked) = submission_queries(args.show_queries)
    print(
        f"queries per submission: {seat} with a seat ({seat_locked} while the target is locked), "
        f"{wait} waitlisted ({wait_locked} locked)",
        flush=True,
    )

    port = pages.free_port()
    base_url = f"http://127.0.0.1:{port}"
    measure = pages.measure_wrk if shutil.which("wrk") and not args.python_client else pages.measure_python
    server = pages.start_gunicorn(env, port, args.workers)
    rates, good = [], True
    try:
        # Fresh workers import, compile templates and fill caches on first use: one small race, not counted.
        warm = argparse.Namespace(**{**vars(args), "people": 40, "seats": 10})
        counts, errors, _retries, elapsed = race(base_url, inprocess_bench_event, warm)
        print(f"warm-up race: {counts} errors={len(errors)} {warm.people / elapsed:.1f}/s", flush=True)
        trivial = measure(base_url + "/bench-ok/", args.seconds)[0]
        print(f"trivial view: {trivial:.0f} requests/s ({args.workers} sync workers)", flush=True)
        database = args.database_url.rsplit("/", 1)[1]
        for _run in range(args.runs):
            probe = functools.partial(cpu_seconds, server.pid, database)
            rate, ok = report(*race(base_url, inprocess_bench_event, args, probe), args)
            print(
                "  cpu ms per submission: gunicorn {:.1f}, postgres {:.1f}, this client {:.1f}".format(
                    *(1000 * used / args.people for used in args.probe_used)
                ),
                flush=True,
            )
            rates.append(rate)
            good = good and ok
        trivial_after = measure(base_url + "/bench-ok/", args.seconds)[0]
    finally:
        pages.stop(server)
    print(
        f"registration: median {statistics.median(rates):.1f}/s over {len(rates)} races "
        f"(min {min(rates):.1f}, max {max(rates):.1f}); trivial view {trivial:.0f} and {trivial_after:.0f} "
        f"requests/s before and after"
    )
    return 0 if good else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="race against this running server instead of starting gunicorn")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="races in one gunicorn run (self-contained)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=5, help="trivial view measurement")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the bench database")
    parser.add_argument("--python-client", action="store_true", help="measure with Python even if wrk exists")
    parser.add_argument("--show-queries", action="store_true", help="print each submission's SQL (L: locked)")
    parser.add_argument("--keep", action="store_true", help="keep the event afterwards")
    parser.add_argument(
        "--page-route", action="store_true", help="post to <event>/register/ (Wagtail routing)"
    )
    args = parser.parse_args()
    if not args.url:
        return self_contained(args)
    _rate, ok = report(*race(args.url.rstrip("/"), subprocess_bench_event, args), args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
