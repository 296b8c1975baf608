"""Prometheus metrics: what an operator watches during a peak.

With several gunicorn workers each process counts for itself; set PROMETHEUS_MULTIPROC_DIR
(make run and the production layout do) and /metrics adds them up across processes.
"""

from __future__ import annotations

from django.conf import settings
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

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


class QueueDepth:
    """Jobs waiting in the Huey queue, read at scrape time."""

    def collect(self):
        from huey.contrib.djhuey import HUEY

        gauge = GaugeMetricFamily("niaga_job_queue_depth", "Jobs waiting for a consumer")
        try:
            gauge.add_metric([], HUEY.pending_count())
        except Exception:
            gauge.add_metric([], float("nan"))
        yield gauge


class FlashBacklog:
    """Admitted flash buyers whose order a consumer has not made yet, read at scrape time
    from the database (one indexed count)."""

    def collect(self):
        from niaga.checkout import admissions

        placing = GaugeMetricFamily(
            "niaga_flash_admissions_placing", "Admitted flash buyers whose order is still being made"
        )
        oldest = GaugeMetricFamily("niaga_flash_admission_oldest_seconds", "How long the oldest of them has waited")
        try:
            n, age = admissions.backlog()
        except Exception:
            n, age = float("nan"), float("nan")
        placing.add_metric([], n)
        oldest.add_metric([], age)
        yield placing
        yield oldest


class EdgeAnswers:
    """Flash-sale answers nginx's flash location gave by itself (promotions/lua/flash_edge.lua),
    counted in the gate's Redis, read at scrape time."""

    def collect(self):
        from niaga.promotions import gate

        counter = CounterMetricFamily(
            "niaga_flash_edge_answers", "Flash-sale attempts answered by the proxy, by answer", labels=["answer"]
        )
        try:
            for answer, n in gate.edge_answers().items():
                counter.add_metric([answer], n)
        except Exception:
            pass
        yield counter


def exposition() -> bytes:
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    extra = CollectorRegistry()
    extra.register(QueueDepth())
    extra.register(FlashBacklog())
    extra.register(EdgeAnswers())
    return generate_latest(registry) + generate_latest(extra)
