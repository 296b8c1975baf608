"""Scale-out, for real: two app servers and two job consumers (separate processes) on one
PostgreSQL and one Redis. Buyers check out through either server; the bank's payment
notifications are delivered by whichever consumer takes them. Same results as one process:
never oversold, every paid order moved once, the ledger balanced."""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from django.db import connection

from niaga.accounts.services import issue_token
from niaga.checkout.tests import sandbox_actions as bank
from niaga.ledger import selectors as ledger
from niaga.orders.models import Order
from niaga.orders.status import Status

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """Two gunicorn app servers, a sandbox server, two huey consumers, on the test database."""
    db = connection.settings_dict
    ports = [free_port() for _ in range(3)]
    apps, world = ports[:2], ports[2]
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_REPLICA_URL": url,  # reports from "the replica": here the same test database
        "NIAGA_PUBLIC_URL": f"http://127.0.0.1:{apps[0]}",
        "NIAGA_MIDTRANS_BASE_URL": f"http://127.0.0.1:{world}/sandbox/midtrans",
        "NIAGA_SANDBOX_NOTIFICATION_URL": f"http://127.0.0.1:{apps[1]}/api/v1/payments/midtrans/notification",
        "NIAGA_RATE_LIMITS": "0",
        "NIAGA_VAR_DIR": str(tmp_path),
        "NIAGA_PLAIN_STATIC": "1",  # no collectstatic here: static files found in the apps, as in tests
        "SECRET_KEY": "scale-out-test",
        "NIAGA_LOG_FORMAT": "plain",
        "LOG_LEVEL": "INFO",
    }
    procs = []
    for port in (*apps, world):
        procs.append(
            subprocess.Popen(
                [BIN / "gunicorn", "niaga.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"web-{port}.log", "w"),
            )
        )
    logs = [tmp_path / f"consumer-{i}.log" for i in range(2)]
    for log in logs:
        procs.append(
            subprocess.Popen(
                [BIN / "niaga", "run_huey", "--workers", "2"], env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT
            )
        )
    try:
        for port in ports:
            for _ in range(100):
                try:
                    if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            else:
                pytest.fail(f"server on {port} did not become ready")
        yield {
            "apps": [f"http://127.0.0.1:{p}" for p in apps],
            "world": f"http://127.0.0.1:{world}",
            "consumer_logs": logs,
        }
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)
        connection.close()


def test_two_app_servers_and_two_consumers_sell_exactly_the_stock_and_apply_every_payment_once(
    cluster, make_user, make_address, make_store, make_product
):
    product = make_product(make_store(), stock=30, price=25_000)
    variant = product.variants.get()
    buyers = []
    for i in range(40):
        user = make_user(f"Pembeli {i}")
        buyers.append((issue_token(user=user), make_address(user).pk))

    def checkout(i):
        token, address_id = buyers[i]
        base = cluster["apps"][i % 2]  # half the crowd on each server
        headers = {"Authorization": f"Bearer {token}"}
        added = requests.post(
            f"{base}/api/v1/cart/items", json={"variant_id": variant.pk, "quantity": 1}, headers=headers, timeout=30
        )
        if added.status_code != 201:  # already sold out when this buyer reached the cart
            return added.status_code, added.json()
        placed = requests.post(
            f"{base}/api/v1/checkout",
            json={"address_id": address_id, "payment_method": "va_bca"},
            headers=headers,
            timeout=30,
        )
        return placed.status_code, placed.json()

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(checkout, range(40)))
    placed = [body for code, body in results if code == 201]
    assert len(placed) == 30 and sorted({code for code, _ in results}) == [201, 409]
    assert all(body["code"] == "out_of_stock" for code, body in results if code == 409)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda body: bank.pay_va(cluster["world"], "bca", body["va_number"]), placed))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and Order.objects.filter(status=Status.TO_PACK).count() < 30:
        time.sleep(0.5)
    assert Order.objects.filter(status=Status.TO_PACK).count() == 30
    assert all(o.events.filter(to_status=Status.TO_PACK).count() == 1 for o in Order.objects.all())
    variant.stock.refresh_from_db()
    assert (variant.stock.on_hand, variant.stock.reserved) == (0, 0)
    assert ledger.total() == 0
    served = [log.read_text().count("Executing") for log in cluster["consumer_logs"]]
    assert all(n > 0 for n in served), served  # both consumers took jobs from the shared queue
