"""A task for the worker's fault tests (importable by a worker process: the repository is on its path)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_first_time(path, seconds):
    """Notes each start in `path`; the first run then sleeps `seconds` (long enough to be killed in)."""
    log = Path(path)
    first = not log.exists()
    with log.open("a") as f:
        f.write("start\n")
    if first:
        time.sleep(seconds)
    with log.open("a") as f:
        f.write("done\n")
    return "done"
