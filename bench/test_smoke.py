"""CI's short run of the benchmark's own scenarios (the full run is bench/run.sh): load a
small catalogue, run full checkouts and a flash-sale crowd over real HTTP, and hold the
figures to what must never happen: errors, 5xx, orders beyond the quota."""

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HERE = Path(__file__).parent


def module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


@pytest.fixture
def world(live_server, settings):
    from niaga.payments import gateway

    settings.RATELIMIT_ENABLE = False
    settings.NIAGA_PUBLIC_URL = live_server.url
    settings.NIAGA_MIDTRANS_BASE_URL = f"{live_server.url}/sandbox/midtrans"
    settings.NIAGA_SANDBOX_NOTIFICATION_URL = f"{live_server.url}/api/v1/payments/midtrans/notification"
    settings.NIAGA_FLASH_GATE_URL = ""
    gateway.reset()
    yield live_server
    gateway.reset()


def test_the_benchmark_scenarios_run_clean_on_a_small_catalogue(world, tmp_path):
    from niaga.promotions import services

    services.forget()
    module("load").main(str(tmp_path), n=30, buyers=60, flash_quota=20)
    data = json.load(open(tmp_path / "bench.json"))
    clients = module("clients")
    checkout = clients.checkout(world.url, data, seconds=6, threads=2)  # counts checkouts done in time: room for a slow first one
    assert checkout["orders"] > 0 and checkout["failed"] == 0
    import asyncio

    flash = asyncio.run(clients._flash(world.url, data, attempts=200, clients=20))
    assert flash["orders"] == 20 and flash["errors_5xx"] == 0
    assert set(flash["answers"]) <= {"ok", "409:sold_out", "409:limit_reached"}
    crowd = asyncio.run(clients._crowd(world.url, data, clients=10, seconds=1, per_second=4))
    # After the sale nothing more is sold (a buyer already at the limit hears that instead).
    assert crowd["attempts"] >= 30 and "409:sold_out" in crowd["answers"] and set(crowd["answers"]) <= {"409:sold_out", "409:limit_reached"}
    module("wrk").main(str(tmp_path))
    assert (tmp_path / "wrk" / "product.lua").read_text().count("/p/toko-bench/") == 30
