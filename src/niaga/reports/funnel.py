"""Corong penjualan: product views → added to cart → ordered → paid, per product and in total.

- views and cart adds: the app's own counters (catalog.ProductDailyStats, days in WIB; bots
  not counted; counts still in Redis reach the table within a minute);
- ordered: orders placed in the period (created_at) with the product, whatever became of them;
- paid: orders paid in the period (paid_at) with the product.
An order with two variants of one product counts once for that product.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from niaga.catalog.models import Product, ProductDailyStats
from niaga.orders.models import Order, OrderLine

from .periods import Period


@dataclass
class FunnelRow:
    product_id: int
    name: str
    views: int = 0
    cart_adds: int = 0
    ordered: int = 0
    paid: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(part * 100 / whole, 1) if whole else None

    @property
    def cart_rate(self) -> float | None:
        return self._rate(self.cart_adds, self.views)

    @property
    def order_rate(self) -> float | None:
        return self._rate(self.ordered, self.cart_adds)

    @property
    def paid_rate(self) -> float | None:
        return self._rate(self.paid, self.ordered)

    @property
    def conversion(self) -> float | None:
        """Paid orders per 100 views."""
        return self._rate(self.paid, self.views)


@dataclass
class FunnelReport:
    period: Period
    total: FunnelRow
    rows: list[FunnelRow]


def funnel_report(store_id: int, period: Period) -> FunnelReport:
    """The page and the API both read this."""
    rows: dict[int, FunnelRow] = {}
    names = dict(Product.objects.filter(store_id=store_id).values_list("pk", "name"))

    def row(pk: int) -> FunnelRow:
        if pk not in rows:
            rows[pk] = FunnelRow(pk, names.get(pk, f"#{pk}"))
        return rows[pk]

    stats = (
        ProductDailyStats.objects.filter(product__store_id=store_id, day__gte=period.since, day__lte=period.until)
        .values("product_id")
        .annotate(views=Sum("views"), cart_adds=Sum("cart_adds"))
    )
    for s in stats:
        r = row(s["product_id"])
        r.views, r.cart_adds = s["views"] or 0, s["cart_adds"] or 0
    ordered = (
        OrderLine.objects.filter(
            order__store_id=store_id, order__created_at__gte=period.start, order__created_at__lt=period.end
        )
        .values("variant__product_id")
        .annotate(n=Count("order_id", distinct=True))
    )
    for o in ordered:
        row(o["variant__product_id"]).ordered = o["n"]
    paid = (
        OrderLine.objects.filter(
            order__store_id=store_id, order__paid_at__gte=period.start, order__paid_at__lt=period.end
        )
        .values("variant__product_id")
        .annotate(n=Count("order_id", distinct=True))
    )
    for p in paid:
        row(p["variant__product_id"]).paid = p["n"]
    listed = sorted(rows.values(), key=lambda r: (-r.views, -r.paid, r.name))
    total = FunnelRow(0, "Semua produk")
    # Orders with several products count once in the total.
    total.views = sum(r.views for r in listed)
    total.cart_adds = sum(r.cart_adds for r in listed)
    orders = Order.objects.filter(store_id=store_id)
    total.ordered = orders.filter(created_at__gte=period.start, created_at__lt=period.end).count()
    total.paid = orders.filter(paid_at__gte=period.start, paid_at__lt=period.end).count()
    return FunnelReport(period=period, total=total, rows=listed)
