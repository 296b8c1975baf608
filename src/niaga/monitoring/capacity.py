"""Capacity planning for the next Harbolnas: from last season's hourly traffic and orders,
forecast the peak (requests per second, orders per minute, with an interval) and turn it
into app processes, job consumers and database connections, using the per-core throughput
the benchmark measured.

The model is plain on purpose: growth is a log-linear trend of ordinary days (event days
left out), the peak is last season's 11.11 peak hour carried forward by that growth, and
the interval comes from how far ordinary days scatter around the trend. Within the peak
hour the opening minutes run hotter than the hour's average (BURST). The cores are those
the requests need at the bench's product-page rate plus those the orders need at its
checkout rate: a checkout costs a core about a hundred times what a kept page does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

BURST = 3.0  # the busiest minute of the 11.11 peak hour against the hour's average
EVENTS = {(9, 9): 3.0, (10, 10): 3.5, (11, 11): 8.0, (12, 12): 5.0}  # Harbolnas dates and their pull
HARBOLNAS = (11, 11)  # the season's peak the plan is for: the biggest pull of the year


def next_harbolnas(today: dt.date) -> dt.date:
    """The 11.11 to plan for: this year's until it is over, then next year's."""
    this_year = dt.date(today.year, *HARBOLNAS)
    return this_year if today <= this_year else dt.date(today.year + 1, *HARBOLNAS)


def angka(value: float, decimals: int = 0) -> str:
    """A number as Indonesians write it: 1.234,5."""
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale="id_ID")


@dataclass(frozen=True)
class Hour:
    at: dt.datetime
    requests: int
    orders: int


def read_csv(text: str) -> list[Hour]:
    """Rows of `hour,requests,orders` (ISO hour, whole numbers), a header line first."""
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"hour", "requests", "orders"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"kolom hilang: {', '.join(sorted(missing))}")
    for n, row in enumerate(reader, start=2):
        try:
            rows.append(Hour(dt.datetime.fromisoformat(row["hour"]), int(row["requests"]), int(row["orders"])))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"baris {n}: {exc}") from None
    if len(rows) < 24 * 60:
        raise ValueError("butuh data per jam minimal 60 hari")
    return sorted(rows, key=lambda h: h.at)


def demo_year(year: int = 2025, seed: int = 11) -> list[Hour]:
    """A realistic year: evening peaks, weekends, paydays, growth, and the Harbolnas spikes.
    For a plan, the year before the 11.11 planned for (`demo_season`)."""
    rnd = random.Random(seed)
    daily_shape = [
        0.2,
        0.12,
        0.08,
        0.06,
        0.06,
        0.1,
        0.25,
        0.45,
        0.6,
        0.7,
        0.75,
        0.8,
        0.9,
        0.85,
        0.8,
        0.8,
        0.85,
        0.9,
        1.0,
        1.2,
        1.35,
        1.4,
        1.1,
        0.6,
    ]
    start = dt.datetime(year, 1, 1)
    hours = []
    for h in range(366 * 24 if year % 4 == 0 else 365 * 24):
        at = start + dt.timedelta(hours=h)
        growth = 1.0 + 0.35 * h / 8760  # the shop grows 35% over the year
        weekend = 1.15 if at.weekday() >= 5 else 1.0
        payday = 1.25 if at.day >= 25 or at.day == 1 else 1.0
        event = EVENTS.get((at.month, at.day), 1.0)
        if event > 1 and at.hour < 2:
            event *= 3  # midnight openings
        base = 40_000 * daily_shape[at.hour] * growth * weekend * payday * event
        requests = int(base * rnd.lognormvariate(0, 0.08))
        orders = int(requests * 0.012 * (1.6 if event > 1 else 1.0) * rnd.lognormvariate(0, 0.1))
        hours.append(Hour(at, requests, orders))
    return hours


def demo_season(today: dt.date) -> list[Hour]:
    """The demo year as last season: the year before the next 11.11's."""
    return demo_year(next_harbolnas(today).year - 1)


def to_csv(hours: list[Hour]) -> str:
    out = io.StringIO()
    out.write("hour,requests,orders\n")
    for h in hours:
        out.write(f"{h.at.isoformat()},{h.requests},{h.orders}\n")
    return out.getvalue()


@dataclass(frozen=True)
class Forecast:
    date: dt.date
    last_peak_rps: float
    last_peak_orders_per_min: float
    growth: float  # factor over the year ahead
    rps: tuple[float, float, float]  # low, expected, high (busiest second of the peak)
    orders_per_min: tuple[float, float, float]
    daily: list[tuple[dt.date, float]]  # peak-hour rps per day, for the chart


def forecast(hours: list[Hour], *, today: dt.date, burst: float = BURST) -> Forecast:
    """The peak of the next 11.11 after `today` (and after the data's last one)."""
    days: dict[dt.date, list[Hour]] = {}
    for h in hours:
        days.setdefault(h.at.date(), []).append(h)
    ordinary = [
        (d, sum(x.requests for x in hs)) for d, hs in days.items() if (d.month, d.day) not in EVENTS and len(hs) == 24
    ]
    first = ordinary[0][0]
    xs = [(d - first).days for d, _ in ordinary]
    ys = [math.log(total) for _, total in ordinary]
    slope, intercept = statistics.linear_regression(xs, ys)
    residual = statistics.pstdev([y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)])
    peaks = [(d, hs) for d, hs in days.items() if (d.month, d.day) == HARBOLNAS]
    if not peaks:
        raise ValueError("data tidak memuat 11.11")
    peak_day, peak_hours = peaks[-1]
    top = max(peak_hours, key=lambda h: h.requests)
    next_peak = next_harbolnas(max(today, peak_day + dt.timedelta(days=1)))
    growth = math.exp(slope * (next_peak - peak_day).days)
    spread = math.exp(1.96 * residual)
    rps = top.requests / 3600 * burst * growth
    opm = top.orders / 60 * burst * growth
    return Forecast(
        date=next_peak,
        last_peak_rps=top.requests / 3600,
        last_peak_orders_per_min=top.orders / 60,
        growth=growth,
        rps=(rps / spread, rps, rps * spread),
        orders_per_min=(opm / spread, opm, opm * spread),
        daily=[(d, max(h.requests for h in hs) / 3600) for d, hs in sorted(days.items())],
    )


@dataclass(frozen=True)
class Throughput:
    """What one core serves, from a bench run: product pages while sellers edit stock (what a
    peak's browsing looks like once its pages are kept) and full checkouts (cart, "Buat
    Pesanan", the gateway's VA; on the bench the gateway's sandbox shares the cores, so this
    errs on the safe side). And what one job consumer does: flash orders made a second, the
    heaviest job, by the bench's one consumer while the crowd still pressed."""

    pages_per_core: float
    orders_per_core: float
    consumer_orders_per_s: float
    source: str


# The slower hosts bench/README.md reports (2 cores): 1,206 product pages/s while sellers edit
# and 21.1 checkouts/s (2026-11-27, 03:52 run); the consumer's 1,000 flash orders in 51 s
# (tenth session's slowest). A run on the target machine is better.
DOCUMENTED = Throughput(603.0, 10.5, 19.6, "bench/README.md (2026-11-27, 2 core)")


def throughput_from_bench(summary: dict) -> Throughput:
    """From a bench run's summary.json (bench/report.py): its figures divided by its cores."""
    settings = summary.get("settings") or {}
    cores = re.match(r"(\d+) cores", settings.get("host", ""))
    rows = {row.get("key"): row.get("niaga") for row in summary.get("rows", [])}
    pages, orders = rows.get("product_edits") or rows.get("product"), rows.get("checkout")
    flash = summary.get("flash") or {}
    if (
        not cores
        or not pages
        or not pages.get("rps")
        or not orders
        or not orders.get("rps")
        or not (flash.get("orders") and flash.get("sell_out_seconds"))
    ):
        raise ValueError(
            "ringkasan bench tanpa jumlah core, halaman produk, checkout atau flash sale; jalankan bench/run.sh lagi"
        )
    n = int(cores.group(1))
    when = settings.get("date", "")[:16].replace("T", " ")
    return Throughput(
        pages["rps"] / n, orders["rps"] / n, flash["orders"] / flash["sell_out_seconds"], f"bench {when} ({n} core)"
    )


def read_bench(path: Path) -> Throughput:
    try:
        summary = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} bukan ringkasan bench (summary.json): {exc}") from None
    return throughput_from_bench(summary)


def measured(folder: Path) -> Throughput:
    """The newest readable bench run in `folder` (where bench/run.sh writes them on this
    machine), else the figures bench/README.md reports."""
    for path in sorted(folder.glob("*/summary.json"), reverse=True):
        try:
            return read_bench(path)
        except (OSError, ValueError):
            continue
    return DOCUMENTED


@dataclass(frozen=True)
class Plan:
    app_processes: int
    threads: int
    consumers: int
    db_connections: int
    throughput: Throughput
    cores: int
    notes: list[str]


def plan(fc: Forecast, *, throughput: Throughput, headroom: float = 1.3, threads: int = 8) -> Plan:
    """Size for the high end of the interval with headroom: the cores the pages need plus the
    cores the orders need, two gunicorn workers per core; consumers as if every order were a
    flash admission's (the others' jobs, notifications and e-mail, are lighter)."""
    need_rps = fc.rps[2] * headroom
    need_orders = fc.orders_per_min[2] / 60 * headroom
    page_cores = need_rps / throughput.pages_per_core
    order_cores = need_orders / throughput.orders_per_core
    cores = max(1, math.ceil(page_cores + order_cores))
    processes = cores * 2
    consumers = max(2, math.ceil(need_orders / throughput.consumer_orders_per_s))
    connections = processes * threads + consumers * 8 + 10
    return Plan(
        app_processes=processes,
        threads=threads,
        consumers=consumers,
        db_connections=connections,
        throughput=throughput,
        cores=cores,
        notes=[
            f"{angka(need_rps)} req/detik (batas atas × {angka(headroom, 1)} cadangan) dengan "
            f"{angka(throughput.pages_per_core)} halaman/detik per core: {angka(page_cores, 1)} core",
            f"{angka(need_orders, 1)} pesanan/detik dengan {angka(throughput.orders_per_core, 1)} checkout/detik per core: "
            f"{angka(order_cores, 1)} core",
            f"{angka(need_orders, 1)} pesanan/detik dengan {angka(throughput.consumer_orders_per_s)} pesanan flash/detik "
            "per konsumen tugas (minimal 2, agar satu bisa menggantikan yang lain)",
            f"max_connections PostgreSQL ≥ {connections} (atau PgBouncer dalam mode transaksi)",
            f"kemampuan per core dari {throughput.source}",
        ],
    )


def chart_svg(fc: Forecast, width: int = 720, height: int = 220) -> str:
    """Peak-hour requests per second of each day of last season, and the forecast with its interval."""
    points = fc.daily
    top = max(max(v for _, v in points), fc.rps[2] / BURST) * 1.1
    n = len(points) + 30
    x = lambda i: 40 + (width - 60) * i / n  # noqa: E731  (a one-line formula, used only here)
    y = lambda v: height - 20 - (height - 40) * v / top  # noqa: E731  (a one-line formula, used only here)
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    lo, mid, hi = (v / BURST for v in fc.rps)  # the hour's average, comparable to the line
    fx = x(n - 5)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="Lalu lintas jam tersibuk per hari dan perkiraan 11.11">'
        f'<path d="{path}" fill="none" stroke="#0b9e5a" stroke-width="1.2"/>'
        f'<line x1="{fx:.1f}" x2="{fx:.1f}" y1="{y(hi):.1f}" y2="{y(lo):.1f}" stroke="#f76707" stroke-width="3"/>'
        f'<circle cx="{fx:.1f}" cy="{y(mid):.1f}" r="5" fill="#f76707"/>'
        f'<text x="4" y="14" font-size="11" fill="#666">{angka(top)} req/detik</text>'
        f'<text x="{fx - 70:.1f}" y="{y(hi) - 6:.1f}" font-size="11" fill="#f76707">11.11 {fc.date.year}</text></svg>'
    )
