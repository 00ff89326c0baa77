"""A failing Elasticsearch costs a reader at most about a second, and after a few failures none at all:
the circuit breaker sends search straight to 精简搜索 for a while, then probes again."""

import time

import pytest

from search import es


@pytest.fixture
def unreachable(settings):
    # A port nothing listens on: every read fails at once, like a cluster that went away.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"


def test_breaker_opens_after_repeated_outages_and_probes_after_the_cooldown(monkeypatch):
    breaker = es.Breaker(failures=3, cooldown=30)
    clock = [1000.0]
    monkeypatch.setattr(es.time, "monotonic", lambda: clock[0])
    for _ in range(3):
        assert breaker.allow()
        breaker.failure()
    assert not breaker.allow()  # open: reads fail at once
    clock[0] += 31
    assert breaker.allow()  # one probe after the cooldown…
    assert not breaker.allow()  # …and only one at a time
    breaker.failure()
    assert not breaker.allow()  # the probe failed: open again
    clock[0] += 31
    assert breaker.allow()
    breaker.success()
    assert breaker.allow() and breaker.allow()  # closed


@pytest.mark.django_db
def test_search_page_skips_a_failing_cluster_once_the_breaker_is_open(client, home_page, unreachable):
    for _ in range(3):
        response = client.get("/search/", {"q": "孵化"})
        assert response.context["search_mode"] == "degraded"
    assert es.breaker.is_open
    started = time.monotonic()
    response = client.get("/search/", {"q": "孵化"})
    assert response.status_code == 200 and "精简搜索" in response.content.decode()
    assert time.monotonic() - started < 0.5
    assert client.get("/search/autocomplete/", {"q": "zj"}).json()["results"] == []


def test_a_refused_query_is_not_an_outage():
    from elasticsearch import ApiError

    class Meta:
        status = 400

    assert not es.is_outage(ApiError("bad query", Meta(), {}))


@pytest.mark.django_db
def test_real_elasticsearch_frozen_pages_answer_within_about_a_second(client, home_page, es_client, settings):
    """The real cluster stopped with SIGSTOP (connections accepted, never answered) and resumed: the
    search page and autocomplete answer in about a second at most, then at once while the breaker is open.
    Under `make test` only: it freezes the suite's shared cluster for a few seconds."""
    import os
    import signal

    from search.testing import rebuild

    rebuild()
    assert client.get("/search/", {"q": "孵化"}).context["search_mode"] == "engine"
    pid = int((settings.REPO_DIR / ".cache" / "es" / "es.pid").read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        timings = []
        for _ in range(4):
            started = time.monotonic()
            # A query not asked before: the one above is answered from the results cache (below).
            response = client.get("/search/", {"q": "孵化载体"})
            timings.append(time.monotonic() - started)
            assert response.status_code == 200 and response.context["search_mode"] == "degraded"
        started = time.monotonic()
        cached = client.get("/search/", {"q": "孵化"})  # asked before the freeze: still answered in full
        assert cached.context["search_mode"] == "engine" and time.monotonic() - started < 0.3
        started = time.monotonic()
        assert client.get("/search/autocomplete/", {"q": "孵化"}).json()["results"] == []
        timings.append(time.monotonic() - started)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert max(timings) < 1.5, timings
    assert timings[-1] < 0.3 and timings[-2] < 0.3, timings  # the breaker is open: no waiting at all
    es_client.cluster.health(wait_for_status="yellow", timeout="30s")
    es.breaker.success()
    assert client.get("/search/", {"q": "孵化"}).context["search_mode"] == "engine"
