"""What purchasing does when stock moves: queue the alert check, off the checkout's path, and
only when an alert could be due.

Most changes (a checkout's hold of 1 of 40 units) leave a variant well above its reorder point:
one indexed read of its stock and of the point its last check stored says so, and nothing is
queued. A variant is checked when it is at or below that point, sold out, not checked yet, or
was alerted already (a receipt may re-arm it); a burst of such changes queues one job
(pending.py)."""

from __future__ import annotations

from django.conf import settings

from niaga.inventory.models import Stock

from . import pending
from .models import VariantReorder
from .tasks import evaluate_stock

Alert = VariantReorder.Alert


def on_stock_changed(sender, variant_ids=(), **kwargs) -> None:
    if not getattr(settings, "NIAGA_STOCK_ALERTS", True):
        return
    ids = pending.claim(due(sorted(set(variant_ids or ()))))
    if ids:
        evaluate_stock(ids)


def due(variant_ids: list[int]) -> list[int]:
    """The variants of these whose stock could have crossed their point, in one query."""
    if not variant_ids:
        return []
    rows = Stock.objects.filter(variant_id__in=variant_ids).values_list(
        "variant_id", "on_hand", "reserved", "variant__reorder__reorder_point", "variant__reorder__alert_state"
    )
    out = []
    for variant_id, on_hand, reserved, point, state in rows:
        available = on_hand - reserved
        if point is None or available <= max(point, 0) or (state or Alert.OK) != Alert.OK:
            out.append(variant_id)
    return sorted(out)
