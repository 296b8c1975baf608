"""The flash sale's gauges for /metrics, read at scrape time (registered in PromotionsConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from . import gate


class FlashBacklog:
    """Admitted flash buyers whose order a consumer has not made yet, and how long the oldest
    has waited: `read` gives both (the admissions' one indexed count)."""

    def __init__(self, read: Callable[[], tuple[int, float]]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        placing = GaugeMetricFamily(
            "niaga_flash_admissions_placing", "Admitted flash buyers whose order is still being made"
        )
        oldest = GaugeMetricFamily("niaga_flash_admission_oldest_seconds", "How long the oldest of them has waited")
        n: float
        age: float
        try:
            n, age = self.read()
        except Exception:
            n, age = float("nan"), float("nan")
        placing.add_metric([], n)
        oldest.add_metric([], age)
        yield placing
        yield oldest


class EdgeAnswers:
    """Flash-sale answers nginx's flash location gave by itself (promotions/lua/flash_edge.lua),
    counted in the gate's Redis."""

    def collect(self) -> Iterator[Metric]:
        counter = CounterMetricFamily(
            "niaga_flash_edge_answers", "Flash-sale attempts answered by the proxy, by answer", labels=["answer"]
        )
        try:
            for answer, n in gate.edge_answers().items():
                counter.add_metric([answer], n)
        except Exception:
            pass
        yield counter
