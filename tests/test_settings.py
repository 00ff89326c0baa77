"""Settings: Chinese-first defaults, and production passes `check --deploy` with real values."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

import pytest

REPO = settings.REPO_DIR


def run_manage(*args, **env):
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deploy check must not inherit it.
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_fast_test_settings():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_production_passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="chuangfu.example.cn",
        DATABASE_URL="postgres://cf:cf@127.0.0.1:5432/cf",
        WAGTAILADMIN_BASE_URL="https://chuangfu.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secrets():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="chuangfu.example.cn",
        DATABASE_URL="postgres://cf:cf@127.0.0.1:5432/cf",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_empty_settings_module_falls_back_to_dev():
    # Shells and hooks often export DJANGO_SETTINGS_MODULE as an empty string.
    result = run_manage("check", DJANGO_SETTINGS_MODULE="")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_django_admin_is_for_superusers_only(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/django-admin/").status_code == 200


def test_documented_gunicorn_names_no_server_software(tmp_path):
    """Start gunicorn with deploy/gunicorn.conf.py and read one response's headers."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    gunicorn = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        cwd=settings.REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                response = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/search/autocomplete/?q=", timeout=5
                )  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        server = response.headers.get("Server", "")
        assert "gunicorn" not in server.lower() and server == "chuangfu"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
