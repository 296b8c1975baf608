"""Laporan penjualan: one store's sales over a period, from SQL aggregates only.

Which orders count, and where each figure comes from (the page says the same):

- An order counts in the period in which it was **paid** (`Order.paid_at`, Asia/Jakarta days).
  Unpaid orders never count. Everything that happens to a counted order later (a cancel, a
  short pick, a complaint refund) is charged to that same period, so a period's figures are
  those of the orders paid in it and a past period changes only by later deductions.
- **Penjualan kotor** (gross): the goods at their list price, i.e. what the buyer paid for
  the goods (unit price × quantity, shipping excluded) plus the seller's discounts.
- **Diskon** (discounts): the seller's own flash-sale prices, as recorded by the campaign's
  claims: (variant's list price − campaign price) × units claimed for the order. Niaga's
  campaigns are not the seller's discount and do not count here.
- **Dibatalkan** (cancelled after payment): the value of a cancelled paid order's goods, and
  of units a seller could not send (`OrderLine.cancelled_quantity`) of an order that went on.
- **Pengembalian dana** (refunds): what complaints of counted orders refunded to the buyer
  (`Complaint.refund_amount`).
- **Penjualan bersih** (net) = gross − discounts − cancelled − refunds.
- **Harga pokok penjualan** (cost of goods sold) and **laba kotor** (gross margin) are taken
  over the units whose cost is known only (margin.py): each line's units kept at the
  moving-average cost of its SOLD movement, less units put back on the shelf (a cancel's restock,
  a return found sellable) at that same cost; margin = those units' revenue − their cost. Units
  sold before the seller recorded any cost are counted apart with their revenue
  (`units_without_cost`, `revenue_without_cost`), never at Rp0.
- **Pesanan**: counted orders not cancelled; **unit**: units sent (quantity − cancelled);
  **rata-rata per pesanan** (AOV) = net ÷ pesanan.

Breakdowns (product, category, payment method, courier, city) show orders, units, the goods
at the price paid, the cancelled value and what remains; discounts and refunds are shown in
the totals only. Every query is filtered by store and paid time: it reads the index
`order_store_paid` (orders: store, paid_at) and then the lines by their order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDay, TruncMonth, TruncWeek

from niaga.aftersales.models import Complaint
from niaga.core import paymethods
from niaga.core.money import rupiah
from niaga.orders.models import Order, OrderLine
from niaga.orders.status import Status
from niaga.promotions.models import Claim

from . import margin
from .periods import LOCAL, Period

CANCELLED = Status.CANCELLED
MONEY = BigIntegerField()

GROUPINGS = {"day": "Harian", "week": "Mingguan", "month": "Bulanan"}
_TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}

BREAKDOWNS = {
    "product": ("Produk", "variant__product_id", "variant__product__name"),
    "category": ("Kategori", "variant__product__category_id", "variant__product__category__name"),
    "payment": ("Metode pembayaran", "order__group__payment_method", None),
    "courier": ("Kurir", "order__courier_name", None),
    "city": ("Kota pembeli", "order__buyer_city", None),
}


# --- the figures -------------------------------------------------------------------------


@dataclass
class Totals:
    gross: int = 0
    discounts: int = 0
    cancelled: int = 0
    refunds: int = 0
    orders: int = 0
    cancelled_orders: int = 0
    units: int = 0
    cost_of_goods: int = 0
    costed_units: int = 0
    costed_revenue: int = 0
    units_without_cost: int = 0
    revenue_without_cost: int = 0

    @property
    def net(self) -> int:
        return self.gross - self.discounts - self.cancelled - self.refunds

    @property
    def gross_margin(self) -> int:
        """Over the units whose cost is known only (their revenue − their cost)."""
        return self.costed_revenue - self.cost_of_goods

    @property
    def margin_percent(self) -> float | None:
        return round(self.gross_margin * 100 / self.costed_revenue, 1) if self.costed_revenue else None

    @property
    def average_order(self) -> int:
        return self.net // self.orders if self.orders else 0

    @property
    def without_cost(self) -> str:
        """What the margin leaves out, in one sentence (page, API and exports say it alike)."""
        if not self.units_without_cost and not self.revenue_without_cost:
            return ""
        return (
            f"{self.units_without_cost} unit ({rupiah(self.revenue_without_cost)} pendapatan) "
            "belum punya harga pokok: tidak dihitung dalam laba kotor."
        )


@dataclass
class Change:
    name: str
    label: str
    now: int
    before: int

    @property
    def delta(self) -> int:
        return self.now - self.before

    @property
    def percent(self) -> float | None:
        """Change in percent of the previous figure (None when it was 0)."""
        return round(self.delta * 100 / self.before, 1) if self.before else None


@dataclass
class Point:
    start: dt.date
    orders: int
    units: int
    net: int


@dataclass
class Row:
    key: str
    label: str
    orders: int
    units: int
    sales: int  # goods at the price paid
    cancelled: int

    @property
    def remaining(self) -> int:
        return self.sales - self.cancelled


@dataclass
class SalesReport:
    period: Period
    previous: Period
    totals: Totals
    before: Totals
    grouping: str
    series: list[Point]
    breakdowns: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def changes(self) -> list[Change]:
        pairs = [
            ("gross", "Penjualan kotor"),
            ("discounts", "Diskon"),
            ("cancelled", "Dibatalkan"),
            ("refunds", "Pengembalian dana"),
            ("net", "Penjualan bersih"),
            ("costed_revenue", "Pendapatan unit berharga pokok"),
            ("cost_of_goods", "Harga pokok penjualan"),
            ("gross_margin", "Laba kotor"),
            ("units_without_cost", "Unit belum punya harga pokok"),
            ("revenue_without_cost", "Pendapatan unit tanpa harga pokok"),
            ("orders", "Pesanan"),
            ("units", "Unit terjual"),
            ("average_order", "Rata-rata per pesanan"),
        ]
        return [Change(n, label, getattr(self.totals, n), getattr(self.before, n)) for n, label in pairs]


# --- the queries -------------------------------------------------------------------------


def paid_orders(store_id: int, period: Period) -> QuerySet[Order]:
    return Order.objects.filter(store_id=store_id, paid_at__gte=period.start, paid_at__lt=period.end)


def paid_lines(store_id: int, period: Period) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(
        order__store_id=store_id, order__paid_at__gte=period.start, order__paid_at__lt=period.end
    )


def _line_figures() -> dict:
    price_times = ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY)
    cancelled = Case(
        When(order__status=CANCELLED, then=price_times),
        default=ExpressionWrapper(F("unit_price") * F("cancelled_quantity"), output_field=MONEY),
        output_field=MONEY,
    )
    units = Case(
        When(order__status=CANCELLED, then=Value(0)),
        default=F("quantity") - F("cancelled_quantity"),
        output_field=BigIntegerField(),
    )
    return {
        "sales": Coalesce(Sum(price_times), 0, output_field=MONEY),
        "cancelled": Coalesce(Sum(cancelled), 0, output_field=MONEY),
        "units": Coalesce(Sum(units), 0, output_field=BigIntegerField()),
        "orders": Count("order_id", distinct=True, filter=~Q(order__status=CANCELLED)),
        "cancelled_orders": Count("order_id", distinct=True, filter=Q(order__status=CANCELLED)),
    }


def _discount_claims(store_id: int, period: Period) -> QuerySet[Claim]:
    """The seller's own flash-sale claims of orders paid in the period."""
    numbers = paid_orders(store_id, period).values("number")
    return Claim.objects.filter(item__campaign__store_id=store_id, order_number__in=numbers)


def _claim_discount() -> Greatest:
    list_price = Coalesce(F("item__variant__price"), F("item__variant__product__price"))
    return Greatest(Value(0), ExpressionWrapper((list_price - F("item__price")) * F("quantity"), output_field=MONEY))


def _refunds(store_id: int, period: Period) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        store_id=store_id, order__paid_at__gte=period.start, order__paid_at__lt=period.end, refund_amount__gt=0
    )


def _lines_total(rows: list[dict]) -> dict:
    keys = ("sales", "cancelled", "units", "orders", "cancelled_orders")
    return {k: sum(r[k] for r in rows) for k in keys}


def totals(store_id: int, period: Period, *, cells: list[dict] | None = None) -> Totals:
    """The period's totals; `cells` (from _order_cells) saves the lines' own aggregate."""
    row = _lines_total(cells) if cells is not None else paid_lines(store_id, period).aggregate(**_line_figures())
    discounts = _discount_claims(store_id, period).aggregate(
        total=Coalesce(Sum(_claim_discount()), 0, output_field=MONEY)
    )["total"]
    refunds = _refunds(store_id, period).aggregate(total=Coalesce(Sum("refund_amount"), 0, output_field=MONEY))["total"]
    cost = margin.for_period(store_id, period)
    return Totals(
        gross=row["sales"] + discounts,
        discounts=discounts,
        cancelled=row["cancelled"],
        refunds=refunds,
        orders=row["orders"],
        cancelled_orders=row["cancelled_orders"],
        units=row["units"],
        cost_of_goods=cost.cost_of_goods,
        costed_units=cost.units,
        costed_revenue=cost.revenue,
        units_without_cost=cost.units_without_cost,
        revenue_without_cost=cost.revenue_without_cost,
    )


def _bucket(value) -> dt.date:
    return value.astimezone(LOCAL).date() if isinstance(value, dt.datetime) else value


def series(store_id: int, period: Period, grouping: str = "day") -> list[Point]:
    """Net sales, orders and units per day, week (from Monday) or month of the period."""
    trunc = _TRUNC.get(grouping, TruncDay)
    figures = _line_figures()
    lines = (
        paid_lines(store_id, period)
        .annotate(bucket=trunc("order__paid_at", tzinfo=LOCAL))
        .values("bucket")
        .annotate(
            sales=figures["sales"], cancelled=figures["cancelled"], units=figures["units"], orders=figures["orders"]
        )
        .order_by("bucket")
    )
    points: dict[dt.date, dict] = {}
    for row in lines:
        points[_bucket(row["bucket"])] = {
            "net": row["sales"] - row["cancelled"],
            "orders": row["orders"],
            "units": row["units"],
        }
    # Discounts are in the gross and taken off again: the net does not move with them.
    refunds = (
        _refunds(store_id, period)
        .annotate(bucket=trunc("order__paid_at", tzinfo=LOCAL))
        .values("bucket")
        .annotate(total=Sum("refund_amount"))
    )
    for r in refunds:
        points.setdefault(_bucket(r["bucket"]), {"net": 0, "orders": 0, "units": 0})["net"] -= r["total"]
    return [Point(start=day, **values) for day, values in sorted(points.items())]


# Payment method, courier and city belong to the order, so each order falls in exactly one
# (method, courier, city) cell: one grouped pass over the period's lines gives the three
# breakdowns and the totals by summing cells (distinct orders add up across cells). For the
# biggest store of the benchmark that is one scan of its year instead of four.
ORDER_LEVEL = ("payment", "courier", "city")


def _order_cells(store_id: int, period: Period) -> list[dict]:
    keys = [BREAKDOWNS[by][1] for by in ORDER_LEVEL]
    return list(paid_lines(store_id, period).values(*keys).annotate(**_line_figures()).order_by())


def _from_cells(cells: list[dict], by: str, limit: int | None) -> list[dict]:
    key = BREAKDOWNS[by][1]
    sums: dict = {}
    for cell in cells:
        row = sums.setdefault(cell[key], {key: cell[key], "sales": 0, "cancelled": 0, "units": 0, "orders": 0})
        for figure in ("sales", "cancelled", "units", "orders"):
            row[figure] += cell[figure]
    rows = sorted(sums.values(), key=lambda r: (-r["sales"], str(r[key] or "")))
    return rows[:limit] if limit else rows


def breakdown(
    store_id: int, period: Period, by: str, *, limit: int | None = None, cells: list[dict] | None = None
) -> list[Row]:
    """The period's sales grouped by product, category, payment method, courier or city,
    largest first."""
    _, key, name = BREAKDOWNS[by]
    if cells is not None and by in ORDER_LEVEL:
        rows: list[dict] = _from_cells(cells, by, limit)
    else:
        figures = _line_figures()
        del figures["cancelled_orders"]
        fields = [key] + ([name] if name else [])
        query = paid_lines(store_id, period).values(*fields).annotate(**figures).order_by("-sales", key)
        rows = list(query[:limit] if limit else query)
    result = []
    for row in rows:
        value = row[key]
        label = row[name] if name else str(value or "")
        if by == "payment":
            method = paymethods.get(str(value))
            label = method.label if method else str(value)
        if by == "city" and not value:
            label = "(tidak tercatat)"
        result.append(
            Row(
                key=str(value or ""),
                label=label,
                orders=row["orders"],
                units=row["units"],
                sales=row["sales"],
                cancelled=row["cancelled"],
            )
        )
    return result


def sales_report(store_id: int, period: Period, *, grouping: str = "day", limit: int | None = 50) -> SalesReport:
    """The whole sales report: the page and the API both read this."""
    grouping = grouping if grouping in GROUPINGS else "day"
    previous = period.previous()
    cells = _order_cells(store_id, period)
    return SalesReport(
        period=period,
        previous=previous,
        totals=totals(store_id, period, cells=cells),
        before=totals(store_id, previous),
        grouping=grouping,
        series=series(store_id, period, grouping),
        breakdowns={by: breakdown(store_id, period, by, limit=limit, cells=cells) for by in BREAKDOWNS},
    )
