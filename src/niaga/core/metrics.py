"""Prometheus metrics: what an operator watches during a peak.

With several gunicorn workers each process counts for itself; set PROMETHEUS_MULTIPROC_DIR
(make run and the production layout do) and /metrics adds them up across processes.

What is read at scrape time rather than counted (a queue's depth, a backlog in the database)
comes from collectors: core registers its own here, and an app registers its own with
`register()` from its AppConfig.ready(), so /metrics shows them without core knowing the app.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from huey.contrib.djhuey import HUEY
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "niaga_http_request_duration_seconds",
    "Time to answer a request, by route",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ORDERS = Counter("niaga_orders_placed_total", "Orders placed (one per store per checkout)")
PAYMENTS = Counter(
    "niaga_payments_total", "Payment status changes from the gateway, by method and outcome", ["method", "outcome"]
)
STOCKOUTS = Counter("niaga_stockouts_total", "Checkouts refused because an item ran out")
GATE = Counter("niaga_flash_gate_total", "Flash-sale admissions and refusals, by answer and path", ["answer", "path"])
CSP_VIOLATIONS = Counter(
    "niaga_csp_violations_total",
    "Content-Security-Policy violations browsers reported, by directive and disposition",
    ["directive", "disposition"],
)


class QueueDepth:
    """Jobs waiting in the Huey queue, read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily("niaga_job_queue_depth", "Jobs waiting for a consumer")
        try:
            gauge.add_metric([], HUEY.pending_count())
        except Exception:
            gauge.add_metric([], float("nan"))
        yield gauge


# Read at every scrape, next to the counters of this process (or of all of them).
_READ_AT_SCRAPE = CollectorRegistry()
_READ_AT_SCRAPE.register(QueueDepth())


def register(collector: Collector) -> None:
    """Add a collector (an object whose `collect()` yields metric families) to /metrics.
    Call it once, from an AppConfig.ready(); a collector that cannot read its source should
    still answer (NaN, or nothing), so one unreachable store never fails the whole scrape."""
    _READ_AT_SCRAPE.register(collector)


def exposition() -> bytes:
    registry = REGISTRY
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry) + generate_latest(_READ_AT_SCRAPE)
