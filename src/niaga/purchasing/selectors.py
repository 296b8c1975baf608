"""Reads of purchasing, always scoped to the asking seller's store."""

from __future__ import annotations

from django.db.models import QuerySet

from niaga.core.errors import NotFound
from niaga.fulfillment.models import Location

from .models import PurchaseOrder, Receipt, Supplier


def suppliers(store, *, active_only: bool = False) -> QuerySet[Supplier]:
    qs = Supplier.objects.filter(store=store)
    return qs.filter(is_active=True) if active_only else qs


def supplier(store, supplier_id: int) -> Supplier:
    found = Supplier.objects.filter(store=store, pk=supplier_id).first()
    if found is None:
        raise NotFound("Pemasok tidak ditemukan.", code="supplier_not_found")
    return found


def purchase_orders(store, *, status: str = "") -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.filter(store=store).select_related("supplier", "location")
    return qs.filter(status=status) if status else qs


def purchase_order(store, po_id: int) -> PurchaseOrder:
    found = (
        PurchaseOrder.objects.filter(store=store, pk=po_id)
        .select_related("supplier", "location")
        .prefetch_related("lines__variant__product", "receipts")
        .first()
    )
    if found is None:
        raise NotFound("Pesanan pembelian tidak ditemukan.", code="purchase_order_not_found")
    return found


def receipts(store) -> QuerySet[Receipt]:
    return Receipt.objects.filter(store=store).select_related("purchase_order", "location")


def receipt(store, receipt_id: int) -> Receipt:
    found = (
        Receipt.objects.filter(store=store, pk=receipt_id)
        .select_related("purchase_order", "location")
        .prefetch_related("lines__variant__product")
        .first()
    )
    if found is None:
        raise NotFound("Penerimaan barang tidak ditemukan.", code="receipt_not_found")
    return found


def locations(store) -> QuerySet[Location]:
    return Location.objects.filter(store=store).order_by("pk")
