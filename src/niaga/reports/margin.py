"""Gross margin of a store's period, over the units whose cost is known (the sales report reads it).

Per order line of the period's orders (sales.py says which orders count):

- **its cost**: the moving-average cost written on the line's SOLD stock movement when the order
  was paid. A line sold before the seller recorded any cost has none: it is counted apart
  (units and revenue "belum punya harga pokok"), never at Rp0, so it cannot inflate the margin.
- **units kept** = units sent (quantity − units the seller could not send) − units put back on
  the shelf for the order: RESTOCKED under the order's number (a cancel or a parcel sent back)
  and RETURNED under its complaint's number (a return found sellable). Units put back leave
  the cost at the cost they were sold at; units refunded but not put back (written off, lost,
  kept by the buyer) keep their cost: the goods are gone.
- **revenue** = price paid × units sent (none for a cancelled order), less the complaint's
  refund shared over its lines by their value. Costed and uncosted revenue add up to the net.

Cost of goods sold = Σ kept × cost; laba kotor = costed revenue − cost of goods sold.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from niaga.aftersales.models import Complaint, ComplaintLine
from niaga.inventory.models import StockMovement
from niaga.orders.models import OrderLine
from niaga.orders.status import Status

from .periods import Period

MONEY = BigIntegerField()
Reason = StockMovement.Reason


@dataclass(frozen=True)
class Margin:
    cost_of_goods: int = 0
    units: int = 0  # units kept of costed lines
    revenue: int = 0  # their revenue, refunds shared out
    units_without_cost: int = 0
    revenue_without_cost: int = 0


def _sold(line_order: str, line_variant: str) -> QuerySet[StockMovement]:
    """The SOLD movements of a line, with a cost (OuterRef names of the line's order and variant)."""
    return StockMovement.objects.filter(
        reason=Reason.SOLD,
        reference=OuterRef(line_order),
        stock__variant_id=OuterRef(line_variant),
        unit_cost__isnull=False,
    )


def _put_back() -> Subquery:
    """Units of the line back on the shelf: restocked for the order, returned sellable for its complaint."""
    back = (
        StockMovement.objects.filter(
            Q(reason=Reason.RESTOCKED, reference=OuterRef("order__number"))
            | Q(reason=Reason.RETURNED, reference=OuterRef("order__complaint__number")),
            stock__variant_id=OuterRef("variant_id"),
        )
        .order_by()
        .values("stock__variant_id")
        .annotate(n=Sum("on_hand_change"))
        .values("n")
    )
    return Subquery(back, output_field=BigIntegerField())


def _lines(lines: QuerySet[OrderLine]) -> dict[str, int]:
    cost = Subquery(_sold("order__number", "variant_id").values("unit_cost")[:1], output_field=MONEY)
    annotated = lines.annotate(
        sold_at=cost,
        kept=Greatest(
            Value(0),
            F("quantity") - F("cancelled_quantity") - Coalesce(_put_back(), 0),
            output_field=BigIntegerField(),
        ),
        earned=Case(
            When(order__status=Status.CANCELLED, then=Value(0)),
            default=ExpressionWrapper(F("unit_price") * (F("quantity") - F("cancelled_quantity")), output_field=MONEY),
            output_field=MONEY,
        ),
    )
    costed = Q(sold_at__isnull=False)

    def total(expr, where: Q):
        return Coalesce(Sum(expr, filter=where), 0, output_field=MONEY)

    return annotated.aggregate(
        cost=total(ExpressionWrapper(F("kept") * F("sold_at"), output_field=MONEY), costed),
        units=total("kept", costed),
        revenue=total("earned", costed),
        units_without=total("kept", ~costed),
        revenue_without=total("earned", ~costed),
    )


def _costed_refunds(complaints: QuerySet[Complaint]) -> tuple[int, int]:
    """(refunds of costed units, all refunds): each refund shared over its complaint's lines by value."""
    rows = (
        ComplaintLine.objects.filter(complaint__in=complaints)
        .annotate(costed=Exists(_sold("order_line__order__number", "order_line__variant_id")))
        .values("complaint_id", "complaint__refund_amount", "costed")
        .annotate(worth=Sum(ExpressionWrapper(F("order_line__unit_price") * F("quantity"), output_field=MONEY)))
        .order_by()
    )
    shares: dict[int, list[int]] = {}  # complaint → [refund, costed value, value]
    for row in rows:
        share = shares.setdefault(row["complaint_id"], [row["complaint__refund_amount"], 0, 0])
        share[2] += row["worth"] or 0
        if row["costed"]:
            share[1] += row["worth"] or 0
    costed = sum((refund * part + whole // 2) // whole for refund, part, whole in shares.values() if whole)
    everything = complaints.aggregate(total=Coalesce(Sum("refund_amount"), 0, output_field=MONEY))["total"]
    return costed, everything


def margin(lines: QuerySet[OrderLine], complaints: QuerySet[Complaint]) -> Margin:
    """The margin of these lines (a period's), less these complaints' refunds (the same orders')."""
    figures = _lines(lines)
    costed_refunds, refunds = _costed_refunds(complaints)
    return Margin(
        cost_of_goods=int(figures["cost"]),
        units=int(figures["units"]),
        revenue=int(figures["revenue"]) - costed_refunds,
        units_without_cost=int(figures["units_without"]),
        revenue_without_cost=int(figures["revenue_without"]) - (refunds - costed_refunds),
    )


def for_period(store_id: int, period: Period) -> Margin:
    lines = OrderLine.objects.filter(
        order__store_id=store_id, order__paid_at__gte=period.start, order__paid_at__lt=period.end
    )
    complaints = Complaint.objects.filter(
        store_id=store_id, order__paid_at__gte=period.start, order__paid_at__lt=period.end, refund_amount__gt=0
    )
    return margin(lines, complaints)
