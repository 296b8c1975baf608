"""Settings from the environment (niaga/env.py): each variable's default is the one the README
gives, a default that follows another variable follows it, and a wrong value stops the start
with the variable's name instead of a bare ValueError (or, for a flag, silently meaning off)."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from niaga.env import ROOT, Environment, read_environment

SRC = Path(__file__).resolve().parents[3]


@pytest.fixture
def environ(monkeypatch):
    """A clean environment: none of Niaga's variables set; set them with the returned function."""
    for name in Environment.model_fields:
        monkeypatch.delenv(name, raising=False)

    def set_(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return read_environment()

    return set_


def test_with_nothing_set_the_defaults_are_the_ones_the_readme_gives(environ):
    env = environ()
    assert env.NIAGA_VAR_DIR == (ROOT / "var").resolve()
    assert env.DATABASE_URL == f"sqlite:///{env.NIAGA_VAR_DIR / 'niaga.sqlite3'}"
    assert env.REDIS_URL == "" and env.NIAGA_FLASH_GATE_URL == ""
    assert env.SECRET_KEY == ""  # settings.py then makes one once into var/secret_key
    assert env.DEBUG is False
    assert {"127.0.0.1", "localhost"} <= set(env.ALLOWED_HOSTS)
    assert env.NIAGA_PUBLIC_URL == env.NIAGA_SANDBOX_URL == "http://127.0.0.1:8000"
    assert env.NIAGA_MIDTRANS_BASE_URL == "http://127.0.0.1:8000/sandbox/midtrans"
    assert env.NIAGA_COURIER_BASE_URL == "http://127.0.0.1:8000/sandbox/kurir"
    assert env.NIAGA_MIDTRANS_SERVER_KEY == "SB-Mid-server-niaga-local"
    assert (env.NIAGA_DEADLINE_VA_MINUTES, env.NIAGA_DEADLINE_EWALLET_MINUTES) == (1440, 15)
    assert env.NIAGA_FLASH_PAYMENT_MINUTES == 60
    assert env.NIAGA_SERVICE_FEE == 1000
    assert env.NIAGA_SHIP_WITHIN_WORKING_DAYS == 2
    assert env.NIAGA_CONFIRM_WITHIN_DAYS == 7
    assert env.NIAGA_PAGE_CACHE_SECONDS == 30
    assert env.NIAGA_PAGE_KEEP_SECONDS == 300
    assert env.NIAGA_PAGE_CACHE_MEMORY_MB == 32
    assert env.NIAGA_COURIER_POLL_MINUTES == 10
    assert env.NIAGA_SANDBOX_COURIER_HOUR_SECONDS == 3600
    assert env.DB_CONN_MAX_AGE == 0
    assert env.DB_SERVER_SIDE_BINDING is True
    assert env.NIAGA_FLASH_GATE_TIMEOUT == 0.5
    assert env.NIAGA_FLASH_PLACE_LATER is True
    assert env.NIAGA_RATE_LIMITS is True and env.NIAGA_CLIENT_IP_HEADER == ""
    assert env.NIAGA_WAITING_ROOM_PER_MINUTE == 0
    assert env.NIAGA_METRICS_TOKEN == ""
    assert env.NIAGA_LOG_FORMAT == "json"
    assert env.NIAGA_COMMISSION_BPS == 500
    assert env.NIAGA_COMMISSION_BASE == "goods"
    assert env.NIAGA_SANDBOX_ENABLED is True
    assert env.NIAGA_SANDBOX_PAGES_URL == ""
    assert env.NIAGA_SERVE_MEDIA is True
    assert env.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_every_variable_says_what_it_means():
    assert [name for name, field in Environment.model_fields.items() if not field.description] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_CONN_MAX_AGE", "abc"),
        ("NIAGA_RATE_LIMITS", "maybe"),
        ("DEBUG", "y"),
        ("NIAGA_COMMISSION_BASE", "everything"),
        ("NIAGA_LOG_FORMAT", "xml"),
        ("LOG_LEVEL", "loud"),
        ("NIAGA_MIDTRANS_TIMEOUT", "soon"),
        ("NIAGA_FLASH_GATE_TIMEOUT", "0"),
        ("NIAGA_SERVICE_FEE", "-1000"),
        ("NIAGA_COMMISSION_BPS", "12000"),
        ("NIAGA_JOB_WORKERS", "0"),
        ("PORT", "http"),
    ],
)
def test_a_wrong_value_stops_the_start_naming_the_variable(environ, name, value):
    with pytest.raises(ImproperlyConfigured, match=rf"\b{name}={value!r}"):
        environ(**{name: value})


def test_every_wrong_variable_is_named_at_once_and_no_default_that_follows_one(environ):
    with pytest.raises(ImproperlyConfigured) as refused:
        environ(PORT="eighty", NIAGA_PAGE_CACHE_SECONDS="30s")
    message = str(refused.value)
    assert "PORT='eighty'" in message and "NIAGA_PAGE_CACHE_SECONDS='30s'" in message
    assert "NIAGA_PUBLIC_URL" not in message  # it follows PORT: only PORT is to be fixed


@pytest.mark.parametrize(("value", "on"), [("1", True), ("true", True), ("Yes", True), (" on ", True)])
def test_a_flag_is_on_for_the_words_it_always_took(environ, value, on):
    assert environ(NIAGA_SANDBOX_ENABLED="0").NIAGA_SANDBOX_ENABLED is False
    assert environ(NIAGA_SANDBOX_ENABLED=value).NIAGA_SANDBOX_ENABLED is on


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_a_flag_is_off_for_its_words_and_when_empty(environ, value):
    assert environ(NIAGA_RATE_LIMITS=value).NIAGA_RATE_LIMITS is False


def test_the_sites_address_follows_make_runs_host_and_port(environ):
    env = environ(HOST="0.0.0.0", PORT="8080")
    assert env.NIAGA_PUBLIC_URL == "http://127.0.0.1:8080"  # a link to 0.0.0.0 leads nowhere
    assert env.NIAGA_SANDBOX_NOTIFICATION_URL == "http://127.0.0.1:8080/api/v1/payments/midtrans/notification"
    assert env.NIAGA_SANDBOX_FINISH_REDIRECT_URL == "http://127.0.0.1:8080/pembayaran/selesai/"


def test_the_gateway_and_couriers_follow_the_sandboxs_address_without_its_trailing_slash(environ):
    env = environ(NIAGA_PUBLIC_URL="https://niaga.example/", NIAGA_SANDBOX_URL="http://127.0.0.1:8001/")
    assert env.NIAGA_PUBLIC_URL == "https://niaga.example"
    assert env.NIAGA_MIDTRANS_BASE_URL == "http://127.0.0.1:8001/sandbox/midtrans"
    assert env.NIAGA_COURIER_BASE_URL == "http://127.0.0.1:8001/sandbox/kurir"


def test_the_sandbox_signs_and_checks_with_the_gateways_keys_unless_given_its_own(environ):
    env = environ(NIAGA_MIDTRANS_SERVER_KEY="SB-Mid-server-x", NIAGA_COURIER_API_KEY="biteship_test.x")
    assert env.NIAGA_SANDBOX_SERVER_KEY == "SB-Mid-server-x"
    assert env.NIAGA_SANDBOX_COURIER_API_KEY == "biteship_test.x"
    assert environ(NIAGA_SANDBOX_SERVER_KEY="other").NIAGA_SANDBOX_SERVER_KEY == "other"


def test_the_flash_gate_uses_redis_unless_set_empty_for_the_database_alone(environ):
    assert environ(REDIS_URL="redis://cache:6379/0").NIAGA_FLASH_GATE_URL == "redis://cache:6379/0"
    assert environ(REDIS_URL="redis://cache:6379/0", NIAGA_FLASH_GATE_URL="").NIAGA_FLASH_GATE_URL == ""


def test_local_files_follow_the_var_dir(environ, tmp_path):
    env = environ(NIAGA_VAR_DIR=str(tmp_path))
    assert env.DATABASE_URL == f"sqlite:///{tmp_path / 'niaga.sqlite3'}"
    assert env.NIAGA_MEDIA_ROOT == tmp_path / "media"


def test_hosts_and_origins_are_comma_separated(environ):
    env = environ(ALLOWED_HOSTS="niaga.example, www.niaga.example", CSRF_TRUSTED_ORIGINS="https://niaga.example")
    assert env.ALLOWED_HOSTS == ["niaga.example", "www.niaga.example"]
    assert env.CSRF_TRUSTED_ORIGINS == ["https://niaga.example"]


def test_the_settings_module_takes_its_values_from_the_environment(environ, monkeypatch, tmp_path):
    import niaga.settings as niaga_settings

    environ(
        NIAGA_VAR_DIR=str(tmp_path),
        SECRET_KEY="from-the-environment",
        DB_CONN_MAX_AGE="60",
        NIAGA_RATE_LIMITS="0",
        NIAGA_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        NIAGA_DEADLINE_CARD_MINUTES="30",
    )
    try:
        importlib.reload(niaga_settings)
        assert niaga_settings.SECRET_KEY == "from-the-environment"
        assert niaga_settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
        assert niaga_settings.RATELIMIT_ENABLE is False
        assert niaga_settings.RATELIMIT_IP_META_KEY == "HTTP_X_REAL_IP"
        assert niaga_settings.NIAGA_PAYMENT_DEADLINE_MINUTES["card"] == 30
    finally:
        monkeypatch.undo()  # the module as the test run loaded it, for the tests after this one
        importlib.reload(niaga_settings)


def test_django_refuses_to_start_on_a_wrong_value_and_says_which():
    env = {k: v for k, v in os.environ.items() if k not in Environment.model_fields}
    env.update(DJANGO_SETTINGS_MODULE="niaga.settings", PYTHONPATH=str(SRC), DB_CONN_MAX_AGE="abc")
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and "DB_CONN_MAX_AGE='abc'" in run.stderr
