"""The history of stock: one StockMovement per change, written beside the change itself.

Every service in inventory that changes Stock (or a StockLevel) calls `record` (or
`record_many`) inside the same transaction, so the figures and their history cannot disagree.
"""

from __future__ import annotations

from .models import StockMovement

Reason = StockMovement.Reason


def record(
    *,
    stock_id: int,
    store_id: int,
    reason: str,
    on_hand: int = 0,
    reserved: int = 0,
    location_id: int | None = None,
    reference: str = "",
    actor=None,
    actor_label: str = "",
    unit_cost: int | None = None,
    note: str = "",
) -> StockMovement:
    """Write one movement: `on_hand` and `reserved` are the signed changes it made."""
    return StockMovement.objects.create(
        stock_id=stock_id,
        store_id=store_id,
        reason=reason,
        on_hand_change=on_hand,
        reserved_change=reserved,
        location_id=location_id,
        reference=reference[:64],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label[:40],
        unit_cost=unit_cost,
        note=note[:255],
    )


def record_many(movements: list[StockMovement]) -> None:
    """Write movements built by the caller in one INSERT (a checkout's holds)."""
    if movements:
        StockMovement.objects.bulk_create(movements)
