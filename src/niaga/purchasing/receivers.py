"""What purchasing does when stock moves: queue the alert check, off the checkout's path."""

from __future__ import annotations

from django.conf import settings


def on_stock_changed(sender, variant_ids=(), **kwargs) -> None:
    if not getattr(settings, "NIAGA_STOCK_ALERTS", True):
        return
    from .tasks import evaluate_stock

    ids = sorted(set(variant_ids or ()))
    if ids:
        evaluate_stock(ids)
