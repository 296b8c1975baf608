"""Laporan stok: per variant of one store, what is on the shelf, its value, how it sells.

- on hand, reserved (held for unpaid orders), available = on hand − reserved;
- value at cost = Stock.average_cost (moving average of goods received) × on hand;
- sold in the period = inventory.selectors.units_sold (sales less paid orders cancelled back);
- sell-through = sold ÷ (sold + on hand at the period's end), the end's stock being today's
  less the movements after the period;
- days of cover = available ÷ (sold ÷ days of the period); none when nothing sold;
- dead stock: units on hand and no sale in the last N days (N = `dead_days`, 60 by default);
- movements of the period summed by reason (inventory.StockMovement).

All figures are SQL aggregates over the store's stock and movements (index
movement_store_time / movement_store_reason_time); only the variants are walked in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from niaga.core import clock
from niaga.inventory.models import Stock, StockMovement
from niaga.inventory.selectors import units_sold

from .periods import Period

DEAD_DAYS = 60


@dataclass
class StockRow:
    variant_id: int
    product: str
    variant: str
    sku: str
    on_hand: int
    reserved: int
    average_cost: int
    sold: int
    on_hand_end: int
    last_sold: dt.datetime | None
    dead: bool
    days: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def value(self) -> int:
        return self.average_cost * self.on_hand

    @property
    def sell_through(self) -> float | None:
        """Percent of the units there were that sold (None when there were none)."""
        base = self.sold + max(self.on_hand_end, 0)
        return round(self.sold * 100 / base, 1) if base else None

    @property
    def days_of_cover(self) -> float | None:
        if self.sold <= 0:
            return None
        return round(self.available / (self.sold / self.days), 1)

    @property
    def name(self) -> str:
        return f"{self.product} — {self.variant}" if self.variant else self.product


@dataclass
class MovementSum:
    reason: str
    label: str
    count: int
    on_hand_change: int
    reserved_change: int


@dataclass
class StockReport:
    period: Period
    dead_days: int
    rows: list[StockRow]
    movements: list[MovementSum]

    @property
    def total_value(self) -> int:
        return sum(r.value for r in self.rows)

    @property
    def total_on_hand(self) -> int:
        return sum(r.on_hand for r in self.rows)

    @property
    def total_reserved(self) -> int:
        return sum(r.reserved for r in self.rows)

    @property
    def total_sold(self) -> int:
        return sum(r.sold for r in self.rows)

    @property
    def dead(self) -> list[StockRow]:
        return [r for r in self.rows if r.dead]


def movements(store_id: int, period: Period) -> list[MovementSum]:
    rows = (
        StockMovement.objects.filter(store_id=store_id, created_at__gte=period.start, created_at__lt=period.end)
        .values("reason")
        .annotate(n=Count("pk"), on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change"))
        .order_by("reason")
    )
    return [
        MovementSum(
            reason=r["reason"],
            label=StockMovement.Reason(r["reason"]).label,
            count=r["n"],
            on_hand_change=r["on_hand"] or 0,
            reserved_change=r["reserved"] or 0,
        )
        for r in rows
    ]


def stock_report(store_id: int, period: Period, *, dead_days: int = DEAD_DAYS) -> StockReport:
    """The page and the API both read this."""
    now = clock.now()
    sold = units_sold(since=period.start, until=period.end, store_id=store_id)
    after = dict(
        StockMovement.objects.filter(store_id=store_id, created_at__gte=period.end)
        .values("stock_id")
        .annotate(change=Sum("on_hand_change"))
        .values_list("stock_id", "change")
    )
    last_sold = dict(
        StockMovement.objects.filter(store_id=store_id, reason=StockMovement.Reason.SOLD)
        .values("stock_id")
        .annotate(last=Max("created_at"))
        .values_list("stock_id", "last")
    )
    dead_since = now - dt.timedelta(days=dead_days)
    stocks = (
        Stock.objects.filter(variant__product__store_id=store_id)
        .values_list(
            "pk",
            "variant_id",
            "variant__product__name",
            "variant__name",
            "variant__sku",
            "on_hand",
            "reserved",
            "average_cost",
        )
        .order_by("variant__product__name", "variant__position", "variant_id")
    )
    rows = []
    for stock_id, variant_id, product, variant, sku, on_hand, reserved, cost in stocks:
        last = last_sold.get(stock_id)
        rows.append(
            StockRow(
                variant_id=variant_id,
                product=product,
                variant=variant,
                sku=sku,
                on_hand=on_hand,
                reserved=reserved,
                average_cost=cost,
                sold=sold.get(variant_id, 0),
                on_hand_end=on_hand - (after.get(stock_id) or 0),
                last_sold=last,
                dead=on_hand > 0 and (last is None or last < dead_since),
                days=period.days,
            )
        )
    return StockReport(period=period, dead_days=dead_days, rows=rows, movements=movements(store_id, period))
