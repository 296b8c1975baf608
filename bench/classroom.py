"""A class on one `make run`: N students add to cart, ask for the checkout's quote and press
"Buat Pesanan" (BCA virtual account) together, for a few rounds.

  .venv/bin/python bench/classroom.py --mail-log RUN.LOG [--url http://127.0.0.1:8000] [--buyers 40]
                                      [--rounds 3] [--spread SECONDS] [--json OUT] [--keep STUDENTS.json]

It starts nothing: it drives a running `make run` (or the same process set on another
port). First it makes the students through the API, as a class would through the site:
each registers, opens the link Niaga e-mails to verify the address, gets a token and saves an
address. `make run` prints its e-mails to its output (the console mail backend): run it as
`make run 2>&1 | tee run.log` and pass `--mail-log run.log`, where the bench finds the links. Then each round, every student waits
at a barrier and does add to cart → quote → Buat Pesanan; with `--spread S` the students
start at random moments over S seconds instead, as a real class presses. Enrolling costs
the server two Argon2 hashes a student; `--keep FILE` saves the students' tokens so that
further runs against the same site skip it.

Each student speaks from an address of its own (127.0.1.x: Linux routes all of 127/8 to
the loopback), as students' laptops do; `--one-address` sends everything from 127.0.0.1, as a
class behind a campus NAT (signed-in requests count per account, the address against a
class's ceiling, NIAGA_CLASS_SIZE).

Prints, and writes with --json: orders placed, attempts answered with a VA number,
failures (and why), p50 / p95 / max of each step and of each student's whole
add-quote-order, and the burst's wall time (first press to last answer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
import uuid
from pathlib import Path

import aiohttp

PASSWORD = "kelas-niaga-2026"
STEPS = ("add", "quote", "checkout")
CONFIRM_LINK = re.compile(r"/akun/confirm-email/[^\s/]+/")


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, max(0, int(round(q * len(values) + 0.5)) - 1))] * 1000, 1)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p95_ms": pct(values, 0.95), "max_ms": pct(values, 1.0)}


class Student:
    def __init__(self, base: str, n: int, source: str | None):
        self.base = base.rstrip("/")
        self.n = n
        self.source = source
        # Idle connections are let go before the server's keep-alive (gunicorn: 2 s) closes them
        # under a request, as a browser would retry; a class does not see that race.
        connector = aiohttp.TCPConnector(local_addr=(source, 0) if source else None, limit=4, keepalive_timeout=1.0)
        self.http = aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120))
        self.token = ""
        self.address_id = 0

    async def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with self.http.request(method, self.base + path, json=body, headers=headers) as response:
            try:
                data = await response.json(content_type=None)
            except (ValueError, aiohttp.ContentTypeError):
                data = {"raw": (await response.text())[:200]}
            return response.status, data if isinstance(data, dict) else {"items": data}

    def email(self, tag: str) -> str:
        return f"siswa{self.n}-{tag}@kelas.niaga.test"

    async def register(self, tag: str) -> None:
        email = self.email(tag)
        status, data = await self.call(
            "POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "full_name": f"Siswa {self.n}", "phone": f"08123{self.n:07d}"}
        )
        if status != 202:  # "check your e-mail": the account signs in once its link is opened
            raise SystemExit(f"register {email}: {status} {data}")

    async def enrol(self, tag: str, region: dict) -> None:
        email = self.email(tag)
        status, data = await self.call("POST", "/api/v1/auth/token", {"email": email, "password": PASSWORD, "name": "kelas"})
        if status != 201:
            raise SystemExit(f"token {email}: {status} {data}")
        self.token = data["token"]
        status, data = await self.call(
            "POST",
            "/api/v1/me/addresses",
            {"recipient_name": f"Siswa {self.n}", "phone": f"08123{self.n:07d}", "street": f"Jl. Sekolah No. {self.n}", "is_default": True, **region},
        )
        if status != 201:
            raise SystemExit(f"address {email}: {status} {data}")
        self.address_id = data["id"]

    async def round(self, variant_id: int, start_at: float) -> dict:
        """add → quote → Buat Pesanan, starting at `start_at` (loop time)."""
        await asyncio.sleep(max(0.0, start_at - asyncio.get_running_loop().time()))
        out: dict = {"steps": {}, "ok": False, "placed": False, "va": False, "error": ""}
        began = time.monotonic()
        try:
            t = time.monotonic()
            status, data = await self.call("POST", "/api/v1/cart/items", {"variant_id": variant_id, "quantity": 1})
            out["steps"]["add"] = time.monotonic() - t
            if status != 201:
                out["error"] = f"add {status} {data.get('code', '')}"
                return out
            t = time.monotonic()
            status, data = await self.call("POST", "/api/v1/checkout/quote", {"address_id": self.address_id})
            out["steps"]["quote"] = time.monotonic() - t
            methods = [m["code"] for m in data.get("methods", []) if m.get("family") == "bank_transfer"]
            if status != 200 or not methods or data.get("problems"):
                out["error"] = f"quote {status} {data.get('problems') or data.get('code', '')}"
                return out
            method = "va_bca" if "va_bca" in methods else methods[0]
            t = time.monotonic()
            status, data = await self.call("POST", "/api/v1/checkout", {"address_id": self.address_id, "payment_method": method})
            out["steps"]["checkout"] = time.monotonic() - t
            out["placed"] = status == 201
            out["va"] = bool(status == 201 and data.get("va_number"))
            out["ok"] = out["va"]
            if not out["va"]:
                out["error"] = f"checkout {status} {data.get('error_message') or data.get('code') or data.get('message', '')}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"[:120]
        finally:
            out["flow"] = time.monotonic() - began
            out["ended"] = time.monotonic()
        return out

    async def close(self) -> None:
        await self.http.close()


async def first_region(http: aiohttp.ClientSession, base: str) -> dict:
    """A village (and its regency, district, province) from the site's own region list."""
    codes, parent = [], ""
    for _ in range(4):
        async with http.get(f"{base}/api/v1/regions", params={"parent": parent} if parent else None) as r:
            children = await r.json()
        pick = next((c for c in children if c.get("postal_code")), children[0]) if len(codes) == 3 else children[min(10, len(children) - 1)]
        codes.append(pick)
        parent = pick["code"]
    province, regency, district, village = codes
    return {
        "province_code": province["code"],
        "regency_code": regency["code"],
        "district_code": district["code"],
        "village_code": village["code"],
        "postal_code": village.get("postal_code") or "10110",
    }


async def in_stock_variants(http: aiohttp.ClientSession, base: str, want: int) -> list[int]:
    """Variants with stock to spare for every student's every round, flash-sale items left out."""
    async with http.get(f"{base}/api/v1/products", params={"limit": 100}) as r:
        data = await r.json()
    cards = data["items"] if isinstance(data, dict) else data
    variants: list[int] = []
    for card in sorted(cards, key=lambda c: -c["available"]):
        async with http.get(f"{base}/api/v1/products/{card['id']}") as r:
            product = await r.json()
        variants += [v["id"] for v in product.get("variants", []) if v["available"] >= want]
        if len(variants) >= 20:
            break
    if not variants:
        raise SystemExit("no product with enough stock for the class")
    return variants


async def confirm(base: str, link: str, source: str | None) -> None:
    """Open an e-mailed verification link as a browser does: the page, then its button (in a
    browser of its own: confirming signs that browser in, and the students use their tokens)."""
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies of an IP address such as 127.0.0.1
    connector = aiohttp.TCPConnector(local_addr=(source, 0) if source else None)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar, timeout=timeout) as browser:
        async with browser.get(base + link) as page:
            await page.read()
        csrf = next((c.value for c in browser.cookie_jar if c.key == "csrftoken"), "")
        async with browser.post(base + link, data={"csrfmiddlewaretoken": csrf}) as answer:
            await answer.read()
            if answer.status >= 400:
                raise SystemExit(f"confirm {link}: {answer.status}")


async def verify_all(base: str, students: list[Student], mail_log: str, seen: int) -> None:
    """Open every verification link the server has e-mailed since `seen` (its log's length then):
    one per student just registered."""
    want = len(students)
    deadline = time.monotonic() + 60
    while True:
        links = list(dict.fromkeys(CONFIRM_LINK.findall(Path(mail_log).read_text(errors="replace")[seen:])))
        if len(links) >= want:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(links)} of {want} verification e-mails in {mail_log}")
        await asyncio.sleep(0.5)
    for chunk in range(0, len(links), 8):  # each link from a student's own address, as the class would
        await asyncio.gather(*(confirm(base, link, s.source) for s, link in zip(students[chunk:], links[chunk : chunk + 8])))
        if students[0].source is None:  # one address for all: stay under its per-second limit
            await asyncio.sleep(1.0)


async def run(
    base: str, buyers: int, rounds: int, spread: float, one_address: bool, keep: str = "", mail_log: str = ""
) -> dict:
    base = base.rstrip("/")
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
        region = await first_region(http, base)
        variants = await in_stock_variants(http, base, want=rounds * 4)
    tag = uuid.uuid4().hex[:6]
    students = [Student(base, n, None if one_address else f"127.0.1.{n + 1}") for n in range(buyers)]
    kept = json.loads(Path(keep).read_text()) if keep and Path(keep).exists() else {}
    try:
        if kept.get("url") == base and len(kept.get("students", [])) >= buyers:
            for s, (token, address_id) in zip(students, kept["students"]):
                s.token, s.address_id = token, address_id
        else:
            if not mail_log:
                raise SystemExit("new students verify their e-mail: pass --mail-log (make run's output, see --help)")
            seen = len(Path(mail_log).read_text(errors="replace")) if Path(mail_log).exists() else 0
            for chunk in range(0, buyers, 8):  # enrolling is not what is measured: a few at a time
                await asyncio.gather(*(s.register(tag) for s in students[chunk : chunk + 8]))
            await verify_all(base, students, mail_log, seen)
            for chunk in range(0, buyers, 8):
                await asyncio.gather(*(s.enrol(tag, region) for s in students[chunk : chunk + 8]))
            if keep:
                Path(keep).write_text(json.dumps({"url": base, "students": [[s.token, s.address_id] for s in students]}))
        results, bursts = [], []
        loop = asyncio.get_running_loop()
        for r in range(rounds):
            start = loop.time() + 0.5
            offsets = [random.uniform(0, spread) if spread else 0.0 for _ in students]
            t0 = time.monotonic() + 0.5
            outcome = await asyncio.gather(
                *(s.round(variants[(s.n + r) % len(variants)], start + off) for s, off in zip(students, offsets))
            )
            bursts.append(max(o["ended"] for o in outcome) - t0)
            results += outcome
            await asyncio.sleep(1.0)
    finally:
        await asyncio.gather(*(s.close() for s in students))
    failures: dict[str, int] = {}
    for o in results:
        if not o["ok"]:
            failures[o["error"]] = failures.get(o["error"], 0) + 1
    return {
        "url": base,
        "buyers": buyers,
        "rounds": rounds,
        "mode": f"spread over {spread:g} s" if spread else "burst (barrier)",
        "attempts": len(results),
        "orders_placed": sum(o["placed"] for o in results),
        "with_va": sum(o["va"] for o in results),
        "failed": len(results) - sum(o["ok"] for o in results),
        "failures": failures,
        "steps": {step: summary([o["steps"][step] for o in results if step in o["steps"]]) for step in STEPS},
        "flow": summary([o["flow"] for o in results]),
        "burst_wall_s": [round(b, 2) for b in bursts],
    }


def show(result: dict) -> str:
    lines = [
        f"{result['buyers']} students × {result['rounds']} rounds, {result['mode']}, against {result['url']}",
        f"orders placed {result['orders_placed']}/{result['attempts']}, with a VA number {result['with_va']}, failed {result['failed']}",
    ]
    for reason, n in sorted(result["failures"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {n} × {reason}")
    for name, s in [*result["steps"].items(), ("whole (add+quote+order)", result["flow"])]:
        lines.append(f"  {name:<24} p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms  max {s['max_ms']} ms  (n={s['n']})")
    lines.append(f"  burst wall time per round (first press → last answer): {result['burst_wall_s']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--buyers", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spread", type=float, default=0.0, help="start over this many seconds instead of at once")
    parser.add_argument("--one-address", action="store_true", help="every student from 127.0.0.1")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--keep", help="students' tokens kept in this file: the next run against the same site reuses them")
    parser.add_argument("--mail-log", default="", help="make run's output, where its e-mails (the students' links) are printed")
    args = parser.parse_args(argv)
    result = asyncio.run(
        run(args.url, args.buyers, args.rounds, args.spread, args.one_address, args.keep, args.mail_log)
    )
    print(show(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["failed"] == 0 else 1)
