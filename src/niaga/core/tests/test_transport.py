"""HTTPS as settings: NIAGA_HTTPS turns on the redirect, secure cookies, HSTS and the CSP's
upgrade-insecure-requests; the probes stay reachable over HTTP; and `niaga check --deploy`
with the README's production settings, exactly, has nothing to say."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from niaga.env import ROOT, Environment, read_environment

SRC = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"


@pytest.fixture
def environ(monkeypatch):
    for name in Environment.model_fields:
        monkeypatch.delenv(name, raising=False)

    def set_(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_


@pytest.fixture
def settings_module(monkeypatch):
    """niaga.settings as read again from the environment; as the run loaded it afterwards."""
    import niaga.settings as module

    def load():
        return importlib.reload(module)

    yield load
    monkeypatch.undo()
    importlib.reload(module)


def test_on_a_laptop_nothing_insists_on_https(environ, settings_module, tmp_path):
    environ(NIAGA_VAR_DIR=str(tmp_path))
    s = settings_module()
    assert s.SECURE_SSL_REDIRECT is False and s.SECURE_HSTS_SECONDS == 0
    assert s.SESSION_COOKIE_SECURE is False and s.CSRF_COOKIE_SECURE is False
    assert s.SECURE_PROXY_SSL_HEADER is None
    assert s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] is False


def test_niaga_https_turns_every_https_protection_on(environ, settings_module, tmp_path):
    environ(
        NIAGA_VAR_DIR=str(tmp_path),
        NIAGA_HTTPS="1",
        NIAGA_HSTS_SECONDS="600",
        NIAGA_HSTS_INCLUDE_SUBDOMAINS="1",
        NIAGA_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https",
    )
    s = settings_module()
    assert s.SECURE_SSL_REDIRECT is True
    assert (s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD) == (600, True, False)
    assert s.SESSION_COOKIE_SECURE is True and s.CSRF_COOKIE_SECURE is True
    assert s.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] is True


def test_the_older_secure_cookies_switch_still_works_alone(environ, settings_module, tmp_path):
    environ(NIAGA_VAR_DIR=str(tmp_path), NIAGA_SECURE_COOKIES="1")
    s = settings_module()
    assert s.SESSION_COOKIE_SECURE is True and s.CSRF_COOKIE_SECURE is True
    assert s.SECURE_SSL_REDIRECT is False


@pytest.mark.parametrize("value", ["X_FORWARDED_PROTO=https", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_PROTO="])
def test_a_proxy_header_not_in_the_documented_form_stops_the_start(environ, value):
    environ(NIAGA_PROXY_SSL_HEADER=value)
    with pytest.raises(ImproperlyConfigured, match="NIAGA_PROXY_SSL_HEADER"):
        read_environment()


@pytest.fixture
def behind_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.NIAGA_METRICS_TOKEN = "token-uji"


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_but_the_probes_answer_where_they_are_asked(client, behind_https):
    response = client.get("/keranjang/?a=1")
    assert response.status_code == 301 and response["Location"] == "https://testserver/keranjang/?a=1"
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer token-uji"}).status_code == 200
    secure = client.get("/keranjang/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def production_settings() -> dict[str, str]:
    """The README's "Production settings" block, with each `<placeholder>` given a value of its kind."""
    text = README.read_text()
    block = re.search(r"### Production settings\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "README has no Production settings block"
    found = {}
    for line in block.group(1).splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        if value.startswith("<") and value.endswith(">"):
            value = Fernet.generate_key().decode() if "FERNET" in value.upper() else secrets.token_urlsafe(50)
        found[name] = value
    return found


def test_the_production_settings_are_documented_variables():
    production = production_settings()
    assert set(production) <= set(Environment.model_fields)
    assert production["NIAGA_HTTPS"] == "1" and production.get("DEBUG", "0") == "0"


def test_check_deploy_with_the_readmes_production_settings_finds_nothing(tmp_path):
    # Not the test process's own switches either (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        k: v for k, v in os.environ.items() if k not in Environment.model_fields and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(production_settings())
    env.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="niaga.settings", NIAGA_VAR_DIR=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "niaga", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout


def test_without_them_check_deploy_warns_as_it_should(tmp_path):
    """The check above can fail: the same command on the laptop's defaults names the warnings."""
    # Not the test process's own switches either (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        k: v for k, v in os.environ.items() if k not in Environment.model_fields and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="niaga.settings", NIAGA_VAR_DIR=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "niaga", "check", "--deploy"], env=env, capture_output=True, text=True, timeout=180
    )
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in run.stdout + run.stderr
