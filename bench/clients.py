"""The benchmark's Python clients: full checkouts by many buyers at once, and the
flash-sale crowd. Each returns a dict of figures for report.py.

  python bench/clients.py checkout BASE OUT_DIR SECONDS THREADS
  python bench/clients.py flash    BASE OUT_DIR ATTEMPTS CLIENTS
  python bench/clients.py crowd    BASE OUT_DIR CLIENTS SECONDS PER_SECOND   (after the sale)
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import threading
import time

import requests

POLL_SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "2"))  # the waiting page's refresh


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)


def checkout(base: str, data: dict, seconds: float, threads: int) -> dict:
    """Each thread is a buyer at a time: add a random product to the cart, then "Buat Pesanan"
    (order placed, VA from the gateway). Counts completed checkouts per second."""
    buyers = list(data["buyers"])
    random.shuffle(buyers)
    lock = threading.Lock()
    flows, steps, failures = [], [], []
    stop_at = time.monotonic() + seconds

    def run(worker: int):
        session = requests.Session()
        i = worker
        while time.monotonic() < stop_at:
            buyer = buyers[i % len(buyers)]
            i += threads
            headers = {"Authorization": f"Bearer {buyer['token']}"}
            started = time.monotonic()
            try:
                t0 = time.monotonic()
                add = session.post(f"{base}/api/v1/cart/items", json={"variant_id": random.choice(data["variants"]), "quantity": 1}, headers=headers, timeout=30)
                t1 = time.monotonic()
                place = session.post(f"{base}/api/v1/checkout", json={"address_id": buyer["address_id"], "payment_method": "va_bca"}, headers=headers, timeout=30)
                t2 = time.monotonic()
                ok = add.status_code == 201 and place.status_code == 201 and place.json().get("va_number")
            except requests.RequestException as exc:
                ok, t1, t2 = False, time.monotonic(), time.monotonic()
                place = exc
            with lock:
                steps.extend([t1 - t0, t2 - t1])
                if ok and time.monotonic() <= stop_at:
                    flows.append(time.monotonic() - started)
                elif not ok:
                    failures.append(getattr(place, "status_code", repr(place)))

    pool = [threading.Thread(target=run, args=(w,)) for w in range(threads)]
    started = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = max(seconds, time.monotonic() - started)
    return {
        "orders_per_s": round(len(flows) / seconds, 2),
        "flow_p50": pct(flows, 0.5),
        "flow_p99": pct(flows, 0.99),
        "http_per_s": round(len(steps) / elapsed, 2),
        "failed": len(failures),
        "failures": sorted({str(f) for f in failures})[:5],
        "orders": len(flows),
    }


async def _flash(base: str, data: dict, attempts: int, clients: int) -> dict:
    import aiohttp

    buyers = data["buyers"]
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(attempts):
        queue.put_nowait(buyers[i % len(buyers)])
    answers: dict[str, int] = {}
    soldout, all_latency = [], []  # sold-out answers as (sent at, latency)
    last_order = [0.0]  # when the last admitted buyer got their order
    url = f"{base}/api/v1/flash-sales/items/{data['flash_item']}/buy"

    async def client(session):
        while not queue.empty():
            buyer = queue.get_nowait()
            body = {"quantity": 1, "address_id": buyer["address_id"], "payment_method": "va_bca"}
            t0 = time.monotonic()
            headers = {"Authorization": f"Bearer {buyer['token']}"}
            code, payload = await _press(session, url, body, headers)
            elapsed = time.monotonic() - t0
            answers[code] = answers.get(code, 0) + 1
            all_latency.append(elapsed)
            if code.endswith(":sold_out"):
                soldout.append((t0, elapsed))
            elif code == "ok":
                followers.append(asyncio.ensure_future(follow_admission(session, base, payload, headers, placed, last_order)))

    connector = aiohttp.TCPConnector(limit=clients * 2)  # the admitted buyers' pages poll too
    started = time.monotonic()
    placed: dict[str, int] = {}
    followers: list[asyncio.Future] = []
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
        elapsed = time.monotonic() - started
        await asyncio.gather(*followers)
    return {
        "attempts": attempts,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "attempts_per_s": round(attempts / elapsed, 1),
        "answers": answers,
        "orders": placed.get("placed", 0),
        "admissions": placed,
        "errors_5xx": sum(n for k, n in answers.items() if k[:1] == "5" or k.startswith("error")),
        "p99_ms": pct(all_latency, 0.99),
        **_soldout_figures(soldout, last_order[0], started),
    }


async def _press(session, url: str, body: dict, headers: dict) -> tuple[str, dict]:
    """One press of "Beli Sekarang": "ok" when the buyer got the order (201) or was admitted
    and it is being made (202), else "status:code"."""
    try:
        async with session.post(url, json=body, headers=headers) as response:
            payload = await response.json(content_type=None)
            code = "ok" if response.status in (201, 202) else f"{response.status}:{payload.get('code')}"
    except Exception as exc:  # noqa: BLE001 - a socket error is an error in the figures
        return f"error:{type(exc).__name__}", {}
    return code, ({"status": "placed"} if response.status == 201 else payload)


async def follow_admission(session, base: str, admission: dict, headers: dict, placed: dict, last_order: list) -> None:
    """An admitted buyer's page: ask once a second (as the waiting page does) until the order
    is made or refused; note when the last order came."""
    import aiohttp

    url, tries = base + admission.get("poll_url", ""), 0
    while admission.get("status") == "placing":
        await asyncio.sleep(POLL_SECONDS)
        try:
            async with session.get(url, headers=headers) as response:
                admission = await response.json(content_type=None) if response.status == 200 else {"status": f"poll {response.status}"}
        except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
            # A kept-alive connection the server closed as we reused it: ask again, as a browser does.
            tries += 1
            if tries > 3:
                admission = {"status": f"poll error:{type(exc).__name__}"}
    status = admission.get("status", "?")
    placed[status] = placed.get(status, 0) + 1
    if status == "placed":
        last_order[0] = max(last_order[0], time.monotonic())


def _soldout_figures(soldout: list[tuple[float, float]], last_order: float, started: float) -> dict:
    """Sold-out answers in two phases: while admitted buyers' orders are still being placed
    (they share the CPU and the server's threads with those checkouts), and after the last
    order."""
    during = [lat for sent, lat in soldout if sent < last_order]
    after = [lat for sent, lat in soldout if sent >= last_order]
    return {
        "soldout_p50_ms": pct([lat for _, lat in soldout], 0.5),
        "soldout_p99_ms": pct([lat for _, lat in soldout], 0.99),
        "sell_out_seconds": round(last_order - started, 2) if last_order else None,
        "soldout_during_orders": {"n": len(during), "p50_ms": pct(during, 0.5), "p99_ms": pct(during, 0.99)},
        "soldout_after_orders": {"n": len(after), "p50_ms": pct(after, 0.5), "p99_ms": pct(after, 0.99)},
    }


async def _crowd(base: str, data: dict, clients: int, seconds: float, per_second: float) -> dict:
    """After the sale: CLIENTS buyers each press "Beli" once every 1/PER_SECOND s (first press at a
    random moment of the first interval) for SECONDS. Unlike the back-to-back crowd, the load
    is offered at a fixed rate, so the latency is the server's answer time, not a queue that
    the clients themselves keep full."""
    import aiohttp

    buyers = data["buyers"]
    url = f"{base}/api/v1/flash-sales/items/{data['flash_item']}/buy"
    latency, answers = [], {}
    soldout, last_order = [], [0.0]  # sold-out answers as (sent at, latency); when the last order came
    interval = 1.0 / per_second
    started = time.monotonic()

    async def buyer(session, i: int):
        due = started + random.uniform(0, interval)
        while due < started + seconds:
            # Each press by the next buyer in line, so a client is not one buyer at their limit.
            who, i = buyers[i % len(buyers)], i + clients
            body = {"quantity": 1, "address_id": who["address_id"], "payment_method": "va_bca"}
            headers = {"Authorization": f"Bearer {who['token']}"}
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            t0 = time.monotonic()
            code, payload = await _press(session, url, body, headers)
            elapsed = time.monotonic() - t0
            latency.append(elapsed)
            answers[code] = answers.get(code, 0) + 1
            if code.endswith(":sold_out"):
                soldout.append((t0, elapsed))
            elif code == "ok":
                followers.append(asyncio.ensure_future(follow_admission(session, base, payload, headers, placed, last_order)))
            due += interval

    placed: dict[str, int] = {}
    followers: list[asyncio.Future] = []
    connector = aiohttp.TCPConnector(limit=clients * 2)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(buyer(session, i) for i in range(clients)))
        elapsed = time.monotonic() - started
        await asyncio.gather(*followers)
    return {
        "clients": clients,
        "offered_per_s": round(clients * per_second, 1),
        "attempts": len(latency),
        "attempts_per_s": round(len(latency) / elapsed, 1),
        "answers": answers,
        "orders": placed.get("placed", 0),
        "admissions": placed,
        "errors_5xx": sum(n for k, n in answers.items() if k[:1] == "5" or k.startswith("error")),
        "p50_ms": pct(latency, 0.5),
        "p99_ms": pct(latency, 0.99),
        **_soldout_figures(soldout, last_order[0], started),
    }


def main() -> None:
    kind, base, out = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    data = json.load(open(os.path.join(out, "bench.json")))
    if kind == "checkout":
        result = checkout(base, data, float(sys.argv[4]), int(sys.argv[5]))
    elif kind == "crowd":
        result = asyncio.run(_crowd(base, data, int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])))
    else:
        result = asyncio.run(_flash(base, data, int(sys.argv[4]), int(sys.argv[5])))
    json.dump(result, open(os.path.join(out, f"{kind}.json"), "w"), indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
