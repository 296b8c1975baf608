"""The operator's marketplace report, per day: GMV, orders, take rate, payment methods, courier
on-time rate, top stores and categories, new and returning buyers.

Read from the replica when one is configured (core.db.reports). Every figure is an SQL aggregate
grouped by the local (WIB) day; Python only lays the grouped rows side by side.

Definitions (the page says them too):
- GMV: the totals (goods + shipping) of orders paid that day; orders: their count.
- refunds: what was sent back to buyers for orders paid that day (cancels, complaints,
  chargebacks), whenever it was sent: a late refund changes the day it belongs to.
- take rate: commission + service fees posted in the ledger that day ÷ that day's GMV.
- a payment attempt succeeded when it was ever paid (paid_at set); success = paid ÷ attempts, by
  the day the attempt was made; the mix is each method's share of paid attempts' amounts.
- on time: the order reached "Sampai" by shipped_at + the courier's longest estimate in days
  (the order's shipping_eta, "2-3 hari" → 3; aftersales.services.eta_days reads it the same way).
- a buyer is new on the day of their first paid order ever, returning on any later day.

Closed days are read from the daily rollup, the rest computed live (reports.marketdays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from niaga.catalog.models import Category
from niaga.core import db
from niaga.stores.models import Store

from .marketdays import Day, MethodDay, _share, figures
from .settlement import Period
from .sql import report_queries

__all__ = ["TOP", "Courier", "Day", "MarketReport", "Method", "MethodDay", "Ranked", "report"]

TOP = 5


@dataclass(frozen=True)
class Method:
    method: str
    attempts: int
    paid: int
    amount: int
    success_rate: float
    mix: float  # share of the paid amount, %


@dataclass(frozen=True)
class Courier:
    courier: str
    deliveries: int
    on_time: int
    on_time_rate: float


@dataclass(frozen=True)
class Ranked:
    name: str
    gmv: int
    orders: int


@dataclass
class MarketReport:
    period: Period
    days: list[Day]
    methods: list[Method]
    couriers: list[Courier]
    top_stores: list[Ranked]
    top_categories: list[Ranked]

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    @property
    def date_from(self) -> dt.date:
        return self.period.date_from

    @property
    def date_to(self) -> dt.date:
        return self.period.date_to

    @property
    def gmv(self) -> int:
        return self.total("gmv")

    @property
    def orders(self) -> int:
        return self.total("orders")

    @property
    def refunds(self) -> int:
        return self.total("refunds")

    @property
    def take_rate(self) -> float:
        return _share(self.total("commission") + self.total("fees"), self.total("gmv"))

    @property
    def on_time_rate(self) -> float:
        return _share(self.total("on_time"), self.total("deliveries"))


def report(*, period: Period) -> MarketReport:
    with report_queries(db.reports()):
        return _report(period)


def _top(sums: dict[int | None, list[int]]) -> list[tuple[int | None, int, int]]:
    """The largest by GMV; ties by id, no id last (as PostgreSQL orders NULL)."""
    ranked = sorted(sums.items(), key=lambda kv: (-kv[1][0], kv[0] is None, kv[0] or 0))
    return [(key, gmv, n) for key, (gmv, n) in ranked[:TOP]]


def _report(period: Period) -> MarketReport:
    using = db.reports()
    fig = figures(period.date_from, period.date_to, using=using)
    days = list(fig.days.values())

    method_totals: dict[str, list[int]] = {}
    for day in days:
        for m, v in day.by_method.items():
            total = method_totals.setdefault(m, [0, 0, 0])
            total[0], total[1], total[2] = total[0] + v["attempts"], total[1] + v["paid"], total[2] + v["amount"]
    paid_amount = sum(t[2] for t in method_totals.values())
    methods = [
        Method(m, a, p, amount, _share(p, a), _share(amount, paid_amount))
        for m, (a, p, amount) in sorted(method_totals.items(), key=lambda kv: (-kv[1][2], kv[0]))
    ]

    courier_totals: dict[str, list[int]] = {}
    for (_, courier), (n, ok) in fig.couriers.items():
        total = courier_totals.setdefault(courier, [0, 0])
        total[0], total[1] = total[0] + n, total[1] + ok
    couriers = [Courier(c, n, ok, _share(ok, n)) for c, (n, ok) in sorted(courier_totals.items())]

    def summed(rows: dict) -> dict:
        out: dict = {}
        for (_, key), (gmv, n) in rows.items():
            total = out.setdefault(key, [0, 0])
            total[0], total[1] = total[0] + gmv, total[1] + n
        return out

    stores = _top(summed(fig.stores))
    store_names = dict(Store.objects.using(using).filter(pk__in=[k for k, _, _ in stores]).values_list("pk", "name"))
    top_stores = [Ranked(store_names.get(k or 0, ""), gmv, n) for k, gmv, n in stores]
    cats = _top(summed(fig.categories))
    cat_names = dict(Category.objects.using(using).filter(pk__in=[k for k, _, _ in cats]).values_list("pk", "name"))
    top_categories = [Ranked(cat_names.get(k, "") if k else "", gmv, n) for k, gmv, n in cats]
    return MarketReport(period, days, methods, couriers, top_stores, top_categories)
