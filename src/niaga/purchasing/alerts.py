"""Low-stock and sold-out alerts: once per crossing, not once per sale.

Each variant keeps what its seller was last told (VariantReorder.alert_state) and the reorder
point of its last check (`reorder_point`, which lets receivers.py skip changes far above it). A variant
moving ok -> low, or anything -> out, tells the seller (in-app and e-mail); moving back to ok
(a receipt, an adjustment) re-arms it. The state moves with a conditional UPDATE, so two
workers evaluating the same variant send one alert between them.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from niaga.catalog.models import Variant
from niaga.core import clock
from niaga.notifications.services import notify

from . import advice
from .models import VariantReorder

Alert = VariantReorder.Alert


def evaluate(variant_ids) -> int:
    """Look at these variants now; returns how many alerts were sent."""
    by_store: dict[int, list[int]] = {}
    for variant_id, store_id in Variant.objects.filter(pk__in=list(variant_ids)).values_list("pk", "product__store_id"):
        by_store.setdefault(store_id, []).append(variant_id)
    sent = 0
    for store_id, ids in by_store.items():
        for item in advice.for_store(store_id=store_id, variant_ids=ids):
            sent += _settle(item)
    return sent


def evaluate_all() -> int:
    """Every active variant of every store with stock (the nightly refresh of the points)."""
    sent = 0
    stores = Variant.objects.filter(product__is_active=True, stock__isnull=False).values_list(
        "product__store_id", flat=True
    )
    for store_id in sorted(set(stores)):
        for item in advice.for_store(store_id=store_id):
            sent += _settle(item)
    return sent


def _settle(item: advice.Advice) -> int:
    new, point = item.figures.state, item.figures.reorder_point
    with transaction.atomic():
        row, _ = VariantReorder.objects.get_or_create(variant_id=item.variant_id)
        old = row.alert_state
        if old == new:
            if row.reorder_point != point:
                VariantReorder.objects.filter(pk=row.pk).update(reorder_point=point)
            return 0
        moved = VariantReorder.objects.filter(pk=row.pk, alert_state=old).update(
            alert_state=new, alerted_at=clock.now() if new != Alert.OK else row.alerted_at, reorder_point=point
        )
        if not moved or new == Alert.OK or (new == Alert.LOW and old == Alert.OUT):
            return 0  # re-armed, or a sold-out variant partly restocked but still low: told already
        _tell(item)
        return 1


def _tell(item: advice.Advice) -> None:
    variant = Variant.objects.select_related("product__store__owner").get(pk=item.variant_id)
    owner = variant.product.store.owner
    if item.figures.state == Alert.OUT:
        title = f"Stok habis: {item.name}"
        body = f"{item.name} habis terjual. Saran pesan ulang: {item.figures.suggested} unit."
    else:
        title = f"Stok menipis: {item.name}"
        body = (
            f"Sisa {item.available} unit, di bawah titik pesan ulang {item.figures.reorder_point}. "
            f"Saran pesan ulang: {item.figures.suggested} unit."
        )
    notify(
        user=owner,
        title=title,
        body=body,
        url=reverse("purchasing:low_stock"),
        next_step="Buka Stok Menipis dan buat pesanan pembelian ke pemasok.",
    )
