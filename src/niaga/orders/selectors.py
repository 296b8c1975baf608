"""Reads for orders, always scoped to who is asking."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from niaga.core.errors import NotFound

from .models import Order, OrderEvent, OrderGroup, OrderLine
from .status import BUYER_TABS, Status

_DETAIL = (
    Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
    Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "pk")),
)


def buyer_orders(user, tab: str | None = None):
    qs = Order.objects.filter(buyer=user).select_related("store", "group").prefetch_related("lines")
    if tab in BUYER_TABS:
        qs = qs.filter(status__in=BUYER_TABS[tab][1])
    return qs.order_by("-created_at", "-pk")


def buyer_order(user, order_id: int) -> Order:
    order = (
        Order.objects.filter(buyer=user, pk=order_id)
        .select_related("store", "group")
        .prefetch_related(*_DETAIL)
        .first()
    )
    if order is None:
        raise NotFound("Pesanan tidak ditemukan.", code="order_not_found")
    return order


def buyer_group(user, code: str) -> OrderGroup:
    group = (
        OrderGroup.objects.filter(buyer=user, code=code)
        .prefetch_related(Prefetch("orders", queryset=Order.objects.select_related("store").prefetch_related("lines")))
        .first()
    )
    if group is None:
        raise NotFound("Transaksi tidak ditemukan.", code="group_not_found")
    return group


def store_orders(store, status: str | None = None):
    qs = Order.objects.filter(store=store).select_related("buyer", "group").prefetch_related("lines")
    if status in Status.values:
        qs = qs.filter(status=status)
    if status == Status.TO_PACK:
        qs = qs.filter(held=False)  # a held order is not the seller's to pack yet
    return qs.order_by("-created_at", "-pk")


def store_order(store, order_id: int) -> Order:
    order = (
        Order.objects.filter(store=store, pk=order_id)
        .select_related("buyer", "group")
        .prefetch_related(*_DETAIL)
        .first()
    )
    if order is None:
        raise NotFound("Pesanan tidak ditemukan.", code="order_not_found")
    return order


def status_counts(qs) -> dict[str, int]:
    """Orders per status; paid orders the fraud review holds are counted apart, as "held"."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    held = qs.filter(status=Status.TO_PACK, held=True).count() if counts.get(Status.TO_PACK) else 0
    if held:
        counts[Status.TO_PACK] -= held
        counts["held"] = held
    return counts
