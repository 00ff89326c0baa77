"""200 people press "提交报名" at the same moment for 50 seats, over real HTTP.

Run beside a running `make run-full` (same CF_PG_PORT), with the project's virtualenv:

    .venv/bin/python bench/registration_race.py --url http://127.0.0.1:8000

It creates its own event through `manage.py registration_bench_event create` (which also mints a token,
signed with the server's SECRET_KEY, that lifts the per-IP rate limit for that one event only), lets every
simulated person load the event page and its form key first (CSRF cookie + token + submission key from
/registration/form-key/, like a browser), releases all submissions to /registration/submit/<target>/
at once, then reads the outcome from the database and removes the event. Output, one line:

    confirmed=50 waitlisted=150 errors=0 rate=…/s

`--page-route` posts to the event page's own `register/` route instead (through Wagtail's page routing).
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]


def manage_env():
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        # The same services `make run-full` started (scripts/services.sh honours CF_PG_PORT / CF_ES_PORT).
        lines = subprocess.run(
            [str(REPO / "scripts" / "services.sh"), "env"], capture_output=True, text=True, check=True
        ).stdout
        env.update(line.split("=", 1) for line in lines.splitlines() if "=" in line)
    return env


def manage(*args):
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "registration_bench_event", *args],
        capture_output=True,
        text=True,
        check=True,
        env=manage_env(),
        cwd=REPO,
    )
    return result.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the event afterwards")
    parser.add_argument(
        "--page-route", action="store_true", help="post to <event>/register/ (Wagtail routing)"
    )
    args = parser.parse_args()

    event = json.loads(manage("create", "--capacity", str(args.seats)))
    page_url = args.url.rstrip("/") + event["path"]
    key_url = args.url.rstrip("/") + "/registration/form-key/"
    post_url = (
        page_url + "register/"
        if args.page_route
        else f"{args.url.rstrip('/')}/registration/submit/{event['target']}/"
    )
    barrier = threading.Barrier(args.people + 1)
    outcomes = [None] * args.people
    retries = [0]
    # Loading the page is not what is measured; a few at a time keeps the dev server's listen queue sane.
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
            response = session.post(post_url, data=data, headers=headers, allow_redirects=False, timeout=120)
            ok = response.status_code == 302 and "/registration/" in response.headers.get("Location", "")
            outcomes[n] = "ok" if ok else f"HTTP {response.status_code}"
        except Exception as exc:  # noqa: BLE001
            outcomes[n] = repr(exc)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(args.people)]
    for thread in threads:
        thread.start()
    barrier.wait()  # everyone has loaded the page; go
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    counts = json.loads(manage("report", "--target", str(event["target"])))
    if not args.keep:
        manage("cleanup", "--target", str(event["target"]))
    errors = [o for o in outcomes if o != "ok"]
    for problem in sorted(set(errors))[:5]:
        print(f"  error: {problem}", file=sys.stderr)
    if retries[0]:
        print(f"  connection retries: {retries[0]}", file=sys.stderr)
    print(
        f"confirmed={counts.get('confirmed', 0)} waitlisted={counts.get('waitlisted', 0)} "
        f"errors={len(errors)} rate={args.people / elapsed:.1f}/s"
    )
    return 0 if not errors and counts.get("confirmed") == args.seats else 1


if __name__ == "__main__":
    sys.exit(main())
