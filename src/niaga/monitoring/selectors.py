"""What the operator's page shows: figures from the database (true across every process)
and from the Prometheus metrics (summed across workers)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMinute
from prometheus_client.parser import text_string_to_metric_families

from niaga.core import clock, db, metrics
from niaga.orders.models import Order
from niaga.payments.models import PaymentAttempt


def orders_per_minute(minutes: int = 60) -> list[dict]:
    now = clock.now().replace(second=0, microsecond=0)
    since = now - dt.timedelta(minutes=minutes - 1)
    counts = dict(
        Order.objects.using(db.reports())
        .filter(created_at__gte=since)
        .annotate(minute=TruncMinute("created_at"))
        .values_list("minute")
        .annotate(n=Count("pk"))
        .values_list("minute", "n")
    )
    counts = {k.replace(second=0, microsecond=0): v for k, v in counts.items()}
    return [
        {
            "minute": (since + dt.timedelta(minutes=i)).isoformat(),
            "orders": counts.get(since + dt.timedelta(minutes=i), 0),
        }
        for i in range(minutes)
    ]


def payments_last_hour() -> list[dict]:
    since = clock.now() - dt.timedelta(hours=1)
    rows = (
        PaymentAttempt.objects.using(db.reports())
        .filter(updated_at__gte=since)
        .values("method", "status")
        .annotate(n=Count("pk"))
        .order_by("method", "status")
    )
    return [dict(row) for row in rows]


def from_metrics() -> dict:
    """Latency p50/p99 per route (from histogram buckets), stock-outs, gate answers, queue depth,
    and flash orders still being made."""
    buckets: dict[str, list[tuple[float, float]]] = defaultdict(list)
    gate: defaultdict[str, float] = defaultdict(float)
    stockouts, queue, flash = 0.0, None, {}
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for sample in family.samples:
            if sample.name == "niaga_http_request_duration_seconds_bucket":
                buckets[sample.labels["route"]].append((float(sample.labels["le"]), sample.value))
            elif sample.name == "niaga_stockouts_total":
                stockouts += sample.value
            elif sample.name == "niaga_flash_gate_total":
                gate[f"{sample.labels['answer']} ({sample.labels['path']})"] += sample.value
            elif sample.name == "niaga_job_queue_depth" and not math.isnan(sample.value):
                queue = sample.value
            elif sample.name in (
                "niaga_flash_admissions_placing",
                "niaga_flash_admission_oldest_seconds",
            ) and not math.isnan(sample.value):
                flash["placing" if sample.name.endswith("placing") else "oldest_seconds"] = sample.value
    routes: list[dict] = []
    for route, points in buckets.items():
        cumulative = _merge(points)
        total = cumulative[-1][1] if cumulative else 0
        if total:
            routes.append(
                {
                    "route": route or "/",
                    "requests": int(total),
                    "p50_ms": _quantile(cumulative, 0.5),
                    "p99_ms": _quantile(cumulative, 0.99),
                }
            )
    routes.sort(key=lambda r: -r["requests"])
    return {
        "routes": routes,
        "stockouts": int(stockouts),
        "gate": dict(gate),
        "queue_depth": queue,
        "flash_placing": flash or None,
    }


def _merge(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Histogram buckets of one route over its methods/statuses, added per upper bound."""
    summed: dict[float, float] = defaultdict(float)
    for le, value in points:
        summed[le] += value
    return sorted(summed.items())


def _quantile(cumulative: list[tuple[float, float]], q: float) -> float | None:
    total = cumulative[-1][1]
    for le, count in cumulative:
        if count >= q * total:
            return None if math.isinf(le) else round(le * 1000, 1)  # the bucket's upper bound
    return None
