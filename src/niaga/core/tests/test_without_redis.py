"""Losing Redis does not take the site down. Redis holds nothing that cannot be rebuilt (kept
pages, rate-limit counters, the waiting room, copies of sessions, the job queue): with
REDIS_URL pointing at a port where nothing answers, a real app server (a separate process,
since settings are read at import) serves pages uncached, lets requests through its limits,
keeps buyers signed in from the database, runs jobs itself, and a buyer goes from
registering to a paid order. /readyz says what is degraded."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client

from niaga.accounts.models import User
from niaga.catalog import selectors as catalog
from niaga.checkout.tests import sandbox_actions as bank
from niaga.core import rediscache, sessions
from niaga.core.jobs import FallbackRedisHuey
from niaga.orders.models import Order
from niaga.orders.status import Status

pytestmark = pytest.mark.django_db(transaction=True)  # the app server reads what the test wrote
BIN = Path(sys.executable).parent
CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "rahasia-kuat-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.fixture
def server(tmp_path):
    """One gunicorn app server (with the sandbox) on the test database and a Redis that is not there."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": CLOSED_REDIS,
        "NIAGA_PUBLIC_URL": base,
        "NIAGA_VAR_DIR": str(tmp_path),
        "NIAGA_PLAIN_STATIC": "1",
        "NIAGA_RATE_LIMITS": "1",  # limits on: they must let requests through, not fail them
        "NIAGA_WAITING_ROOM_PER_MINUTE": "100",  # the waiting room on, too
        "SECRET_KEY": "without-redis-test",
        "NIAGA_LOG_FORMAT": "plain",
        "LOG_LEVEL": "INFO",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    log = tmp_path / "web.log"
    proc = subprocess.Popen(
        [
            BIN / "gunicorn",
            "niaga.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--timeout",
            "60",
        ],
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail(f"the app server did not start:\n{log.read_text()[-3000:]}")
        yield {"base": base, "log": log}
    finally:
        proc.terminate()
        proc.wait(10)
        connection.close()


class Browser:
    """A person's browser: cookies kept, forms submitted with their CSRF token."""

    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **kw)

    def submit(self, path: str, data: dict, *, form_page: str | None = None) -> requests.Response:
        page = self.get(form_page or path)
        assert page.status_code == 200, (form_page or path, page.status_code)
        found = CSRF.search(page.text)
        assert found, form_page or path
        token = found[1]
        return self.http.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": self.base + (form_page or path)},
            timeout=30,
        )


def test_with_redis_unreachable_a_buyer_registers_signs_in_checks_out_and_pays(
    server, make_store, make_product, make_address, category
):
    base = server["base"]
    product = make_product(make_store(methods=["va_bca"]), name="Buku Materi Kuliah Digital", stock=3)

    # Anonymous pages and API reads: rendered, uncached; the API answers JSON.
    home = requests.get(f"{base}/", timeout=30)
    assert home.status_code == 200 and product.name in home.text
    assert requests.get(f"{base}/cari/", params={"q": "buku"}, timeout=30).status_code == 200
    api = requests.get(f"{base}/api/v1/products", params={"q": "buku"}, timeout=30)
    assert api.status_code == 200 and api.json()["items"][0]["name"] == product.name
    ready = requests.get(f"{base}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "degraded" and ready.json()["degraded"] == ["cache", "job_queue"]
    assert ready.json()["checks"]["database"]["ok"] is True

    # Register, open the e-mailed link (the console backend prints it to the server's log),
    # which signs in (the session is kept in the database); sign out, sign in again.
    buyer = Browser(base)
    registered = buyer.submit(
        "/daftar/",
        {"full_name": "Budi Pembeli", "email": "budi@contoh.id", "phone": "081234567890", "password1": PASSWORD},
    )
    assert registered.status_code == 200 and "/akun/confirm-email/" in registered.url, server["log"].read_text()[-6000:]
    link = re.findall(r"/akun/confirm-email/[^\s/]+/", server["log"].read_text())[-1]
    confirmed = buyer.submit(link, {})
    assert confirmed.status_code == 200 and "/akun/" not in confirmed.url, confirmed.text[-800:]
    assert "Budi Pembeli" in buyer.get("/").text  # signed in by the link
    buyer.http.cookies.clear()
    assert "/masuk/" in buyer.get("/pesanan/").url  # signed out
    signed_in = buyer.submit("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD})
    assert signed_in.status_code == 200 and "/masuk/" not in signed_in.url, signed_in.text[-800:]
    address = make_address(User.objects.get(email="budi@contoh.id"))

    # Cart and checkout, through the rate limits and the waiting room.
    added = buyer.submit(
        "/keranjang/tambah/",
        {"variant_id": product.variants.get().pk, "quantity": 1},
        form_page=product.get_absolute_url(),
    )
    assert added.status_code == 200, added.text[-800:]
    placed = buyer.submit("/checkout/", {"address_id": address.pk, "payment_method": "va_bca", "action": "place"})
    assert placed.status_code == 200 and "/pembayaran/NGA-" in placed.url, placed.text[-1500:]
    va_number = re.search(r'id="va-number"[^>]*>\s*([0-9]+)', placed.text)[1]
    order = Order.objects.get(buyer__email="budi@contoh.id")
    assert order.status == Status.AWAITING_PAYMENT

    # The sandbox bank pays; its notification reaches the webhook with no queue to carry it.
    bank.pay_va(base, "bca", va_number)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Order.objects.get(pk=order.pk).status != Status.TO_PACK:
        time.sleep(0.3)
    assert Order.objects.get(pk=order.pk).status == Status.TO_PACK
    assert "Perlu Dikemas" in buyer.get("/pesanan/").text

    log = server["log"].read_text()
    assert " 500 " not in log and "Internal Server Error" not in log, log[-3000:]
    for part in ("rate limits", "sessions", "job queue"):  # and the log says what went on without Redis
        assert f"{part}: Redis unreachable" in log, (part, log[-3000:])
    print(log)


@pytest.fixture
def dead_cache():
    return rediscache.RedisCache(CLOSED_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}})


def test_after_one_failure_the_cache_stops_asking_redis_for_a_moment(dead_cache, monkeypatch):
    """A Redis that does not answer costs each call its timeout; after one such call the
    process does not ask again for a few seconds."""
    with pytest.raises(redis.exceptions.ConnectionError) as first:
        dead_cache.get("k")
    assert not isinstance(first.value, rediscache.CacheUnavailable)  # this one really asked
    asked = []
    monkeypatch.setattr(redis.Redis, "execute_command", lambda *a, **kw: asked.append(a))
    for call in (lambda: dead_cache.get("k"), lambda: dead_cache.set("k", 1), lambda: dead_cache.incr("k")):
        with pytest.raises(rediscache.CacheUnavailable):
            call()
    assert asked == []
    dead_cache.forget_outage()
    dead_cache.get("k")
    assert asked  # asked again once the moment is over


@pytest.mark.django_db
def test_sessions_live_in_the_database_while_the_cache_is_unreachable(dead_cache):
    def store(key=None) -> sessions.SessionStore:
        session = sessions.SessionStore(key)
        session._cache = dead_cache  # the cache of an app server whose Redis is gone
        return session

    session = store()
    session["cart"] = 7
    session.save()
    assert Session.objects.filter(session_key=session.session_key).exists()
    again = store(session.session_key)
    assert again["cart"] == 7 and again.exists(session.session_key)
    again.flush()  # sign out
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert store(session.session_key).get("cart") is None


@pytest.mark.redis
def test_a_session_copy_in_redis_outlives_a_sign_out_during_an_outage_by_minutes_at_most():
    """A sign-out while Redis is away cannot delete the session's copy there: the copy is
    kept minutes, not for the session's two weeks, so a Redis that comes back cannot bring
    the signed-out session back for longer than that."""
    session = sessions.SessionStore()
    session["_auth_user_id"] = "1"
    session.save()
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key(session.cache_key))
    assert 0 < ttl <= sessions.COPY_SECONDS < session.get_expiry_age()


def test_a_job_that_cannot_be_queued_runs_in_this_process_and_one_for_later_waits_for_its_sweep():
    huey = FallbackRedisHuey("niaga-test", url=CLOSED_REDIS)
    ran = threading.Event()
    seen = []

    @huey.task()
    def remember(value):
        seen.append(value)
        ran.set()

    assert remember(1) is None  # no result handle: nothing queued
    assert ran.wait(5) and seen == [1]
    ran.clear()
    remember.schedule((2,), delay=60)
    assert not ran.wait(0.5) and seen == [1]


@pytest.mark.django_db
def test_an_unforeseen_failure_answers_api_clients_in_the_error_format(monkeypatch):
    """Anything left unhandled (a dependency down in a way nobody foresaw) is still a 500,
    but an API client gets JSON it can read, not Django's HTML page."""

    def broken(filters):
        raise ConnectionError("something behind the catalogue is down")

    monkeypatch.setattr(catalog, "search_products", broken)
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/products")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert api.json() == {
        "code": "server_error",
        "message": "Terjadi kesalahan di server. Coba lagi sebentar.",
        "fields": {},
    }
    page = client.get("/cari/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
