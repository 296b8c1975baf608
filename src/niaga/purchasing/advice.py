"""Reorder advice (saran pemesanan ulang): pure arithmetic, and one selector that reads the figures.

For each variant, over a window of W days (setting NIAGA_REORDER_WINDOW_DAYS, default 30):

- average daily sales  d = units sold in the window / W   (inventory.selectors.units_sold)
- lead time            L = the variant's override, else the lead time of the supplier of its
                           latest PO line, else the store's default, else
                           NIAGA_REORDER_LEAD_DAYS (default 7)
- safety stock         S = ceil(d x K), K = NIAGA_REORDER_SAFETY_DAYS (default 3): K days of
                           average sales kept in reserve against a late delivery or a busy week
- reorder point        R = ceil(d x L) + S, raised to the variant's minimum stock when set
- target               T = max(ceil(d x (L + P)) + S, R), P = NIAGA_REORDER_REVIEW_DAYS
                           (default 7): enough to last until the next order after this one lands
- suggested quantity   Q = max(0, T - available - units still to come on open POs)
- days of cover        C = available / d   (None, shown "—", when nothing sold)

A variant is *habis* when available <= 0 and *menipis* when available <= R (R > 0).
Fractions are exact (no float) until days of cover, which is only shown.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from niaga.catalog.models import Variant
from niaga.core import clock
from niaga.inventory import selectors as inventory

from .models import PurchaseOrderLine, StoreReorder
from .status import OPEN

OK, LOW, OUT = "ok", "low", "out"


def window_days() -> int:
    return int(getattr(settings, "NIAGA_REORDER_WINDOW_DAYS", 30))


def default_lead_days() -> int:
    return int(getattr(settings, "NIAGA_REORDER_LEAD_DAYS", 7))


def safety_days() -> int:
    return int(getattr(settings, "NIAGA_REORDER_SAFETY_DAYS", 3))


def review_days() -> int:
    return int(getattr(settings, "NIAGA_REORDER_REVIEW_DAYS", 7))


@dataclass(frozen=True)
class Figures:
    average_daily: Fraction
    safety_stock: int
    reorder_point: int
    suggested: int
    days_of_cover: float | None
    state: str


def _ceil(x: Fraction) -> int:
    return math.ceil(x)


def figures(
    *,
    sold: int,
    window: int,
    available: int,
    on_order: int,
    lead_time: int,
    safety: int,
    review: int,
    min_stock: int | None = None,
) -> Figures:
    """The module's formulas, for one variant."""
    daily = Fraction(max(sold, 0), max(window, 1))
    safety_stock = _ceil(daily * safety)
    reorder_point = _ceil(daily * lead_time) + safety_stock
    if min_stock:
        reorder_point = max(reorder_point, min_stock)
    target = max(_ceil(daily * (lead_time + review)) + safety_stock, reorder_point)
    suggested = max(0, target - max(available, 0) - max(on_order, 0))
    cover = round(float(Fraction(max(available, 0)) / daily), 1) if daily else None
    return Figures(daily, safety_stock, reorder_point, suggested, cover, state_of(available, reorder_point))


def state_of(available: int, reorder_point: int) -> str:
    if available <= 0:
        return OUT
    if reorder_point > 0 and available <= reorder_point:
        return LOW
    return OK


@dataclass(frozen=True)
class Advice:
    variant_id: int
    product_id: int
    name: str
    sku: str
    available: int
    on_order: int
    sold: int
    lead_time: int
    supplier_id: int | None
    supplier_name: str
    last_cost: int
    figures: Figures

    @property
    def reason(self) -> str:
        f = self.figures
        if f.state == OUT:
            return "Stok habis"
        if f.state == LOW:
            return f"Stok {self.available} ≤ titik pesan ulang {f.reorder_point}"
        return "Aman"


def for_store(*, store_id: int, variant_ids=None, now: dt.datetime | None = None) -> list[Advice]:
    """Advice for the store's variants (of active products, or exactly `variant_ids`):
    three aggregate queries whatever the number of variants or orders."""
    now = now or clock.now()
    window = window_days()
    latest = PurchaseOrderLine.objects.filter(variant=OuterRef("pk")).order_by("-purchase_order__created_at", "-pk")
    on_order = (
        PurchaseOrderLine.objects.filter(variant=OuterRef("pk"), purchase_order__status__in=OPEN)
        .values("variant")
        .annotate(n=Sum(F("quantity") - F("received")))
        .values("n")
    )
    rows = Variant.objects.filter(product__store_id=store_id)
    if variant_ids is None:
        rows = rows.filter(product__is_active=True)
    else:
        rows = rows.filter(pk__in=list(variant_ids))
    rows = rows.annotate(
        on_hand=Coalesce(F("stock__on_hand"), 0),
        held=Coalesce(F("stock__reserved"), 0),
        average_cost=Coalesce(F("stock__average_cost"), Value(0)),
        on_order=Coalesce(Subquery(on_order, output_field=IntegerField()), 0),
        supplier_id=Subquery(latest.values("purchase_order__supplier_id")[:1]),
        supplier_name=Subquery(latest.values("purchase_order__supplier__name")[:1]),
        supplier_lead=Subquery(latest.values("purchase_order__supplier__lead_time_days")[:1]),
        last_cost=Subquery(latest.values("unit_cost")[:1]),
        min_stock=F("reorder__min_stock"),
        own_lead=F("reorder__lead_time_days"),
    ).select_related("product")
    rows_list = list(rows)
    sold = inventory.units_sold(
        since=now - dt.timedelta(days=window),
        until=now,
        store_id=store_id,
        variant_ids=[v.pk for v in rows_list] if variant_ids is not None else None,
    )
    store_lead = StoreReorder.objects.filter(store_id=store_id).values_list("lead_time_days", flat=True).first()
    out = []
    for v in rows_list:
        lead = v.own_lead or v.supplier_lead or store_lead or default_lead_days()
        available = v.on_hand - v.held
        f = figures(
            sold=sold.get(v.pk, 0),
            window=window,
            available=available,
            on_order=v.on_order,
            lead_time=lead,
            safety=safety_days(),
            review=review_days(),
            min_stock=v.min_stock,
        )
        out.append(
            Advice(
                variant_id=v.pk,
                product_id=v.product_id,
                name=str(v),
                sku=v.sku,
                available=available,
                on_order=v.on_order,
                sold=sold.get(v.pk, 0),
                lead_time=lead,
                supplier_id=v.supplier_id,
                supplier_name=v.supplier_name or "",
                last_cost=v.last_cost if v.last_cost is not None else v.average_cost,
                figures=f,
            )
        )
    return out


def to_reorder(*, store_id: int, now: dt.datetime | None = None) -> list[Advice]:
    """What to reorder now, most urgent first: sold out, then fewest days of cover."""
    rows = [a for a in for_store(store_id=store_id, now=now) if a.figures.state != OK]
    return sorted(rows, key=lambda a: (a.figures.state != OUT, _cover(a), a.name))


def _cover(a: Advice) -> float:
    return a.figures.days_of_cover if a.figures.days_of_cover is not None else math.inf
