"""Varnish (deploy/varnish/chuangfu.vcl) in front of the app: a publish shows through it within a second."""

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings as django_settings

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory

VCL = django_settings.REPO_DIR / "deploy" / "varnish" / "chuangfu.vcl"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server):
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not shutil.os.path.exists(varnishd):
        pytest.fail("varnishd is missing: apt-get install varnish (.ci/run does).")
    # Not under pytest's tmp_path (private to us): Varnish's child process runs as Varnish's own user.
    tmp_path = Path(tempfile.mkdtemp(prefix="cf-varnish-"))
    tmp_path.chmod(0o755)
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "test.vcl"
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text()))
    vcl.chmod(0o644)
    workdir = tmp_path / "varnish"
    workdir.mkdir()
    workdir.chmod(0o755)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - Debian's varnishd with our VCL
        [varnishd, "-F", "-n", str(workdir), "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,32m"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()  # noqa: S310 - our own test server
            break
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP answer of any status: Varnish is up
                break
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(tmp_path, ignore_errors=True)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - our own test server
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own test server
        return response.read().decode(), dict(response.headers)


def test_a_publish_shows_through_varnish_within_a_second(live_site, varnish, settings):
    settings.VARNISH_URLS = [varnish]
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish}
    }
    index = NewsIndexPageFactory(parent=live_site["home"], slug="news")
    article = NewsPageFactory(parent=index, slug="first", title="第一篇新闻")
    for path in ("/news/first/", "/news/"):
        fetch(varnish + path)
        body, headers = fetch(varnish + path)
        assert headers["X-Varnish-Cache"] == "hit"
        assert "第一篇新闻" in body
        assert "X-Cache-Tags" not in headers

    article.title = "更新后的新闻"
    article.save_revision().publish()  # no surrounding transaction: the purge runs at its commit
    published = time.monotonic()
    for path in ("/news/first/", "/news/"):
        while True:
            body, _ = fetch(varnish + path)
            if "更新后的新闻" in body:
                break
            assert time.monotonic() - published < 1.0, f"{path} still stale through Varnish after a second"
            time.sleep(0.05)
    assert time.monotonic() - published < 1.0


def test_varnish_keeps_elder_mode_pages_apart(live_site, varnish, settings):
    settings.VARNISH_URLS = [varnish]
    index = NewsIndexPageFactory(parent=live_site["home"], slug="news")
    NewsPageFactory(parent=index, slug="first", title="第一篇新闻")
    fetch(varnish + "/news/first/")
    plain, headers = fetch(varnish + "/news/first/", cookie="csrftoken=abc")
    assert headers["X-Varnish-Cache"] == "hit" and 'class="elder"' not in plain
    elder, _ = fetch(varnish + "/news/first/", cookie="csrftoken=abc; cf_elder=1")
    assert 'class="elder"' in elder
    elder, headers = fetch(varnish + "/news/first/", cookie="cf_elder=1")
    assert headers["X-Varnish-Cache"] == "hit" and 'class="elder"' in elder
    plain, _ = fetch(varnish + "/news/first/")
    assert 'class="elder"' not in plain
