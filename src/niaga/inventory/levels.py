"""Stock per location: a variant's levels, the first-touch rule for units no level holds
yet, setting a level's sellable units, and the signal after a change. The services in
services.py and warehouse.py build on these; they hold the Stock row's lock when they call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum

from niaga.catalog import selectors as catalog
from niaga.core import generations
from niaga.core.errors import DomainError

from . import locations, movements
from .models import Stock, StockLevel, StockMovement
from .signals import stock_changed

MAX_STOCK = 1_000_000


def _hold_at(stock_id: int, location_id: int, quantity: int) -> bool:
    """The conditional write on the level; the Stock row is locked by the caller already."""
    guarded = StockLevel.objects.filter(
        stock_id=stock_id, location_id=location_id, on_hand__gte=F("reserved") + quantity
    )
    if guarded.update(reserved=F("reserved") + quantity):
        return True
    # Units the Stock counts but no level holds yet (stock from before levels) are placed
    # here on first touch, then the hold is tried once more.
    if _place_unplaced(stock_id, location_id, reserved_pending=quantity):
        return bool(guarded.update(reserved=F("reserved") + quantity))
    return False


def _place_unplaced(stock_id: int, location_id: int, *, on_hand_pending: int = 0, reserved_pending: int = 0) -> bool:
    """The first-touch rule: units on a Stock row that none of its levels holds are at the
    location being touched. `*_pending`: changes already made to the Stock row but not yet to
    a level. Returns whether any units were placed. The caller holds the Stock row's lock."""
    row = (
        Stock.objects.filter(pk=stock_id)
        .annotate(level_on_hand=Sum("levels__on_hand"), level_reserved=Sum("levels__reserved"))
        .values_list("on_hand", "reserved", "level_on_hand", "level_reserved")
        .first()
    )
    if row is None:
        return False
    on_hand, reserved, placed_on_hand, placed_reserved = row
    extra_on_hand = on_hand - on_hand_pending - (placed_on_hand or 0)
    extra_reserved = reserved - reserved_pending - (placed_reserved or 0)
    if extra_on_hand <= 0 and extra_reserved <= 0:
        return False
    level, _ = StockLevel.objects.get_or_create(stock_id=stock_id, location_id=location_id)
    StockLevel.objects.filter(pk=level.pk).update(
        on_hand=F("on_hand") + max(extra_on_hand, 0), reserved=F("reserved") + max(extra_reserved, 0)
    )
    return True


def _move_level(stock_id: int, location_id: int, *, on_hand: int = 0, reserved: int = 0) -> None:
    """Apply a change already made to the Stock row to its level at a location."""
    if on_hand < 0 or reserved < 0:
        _place_unplaced(stock_id, location_id, on_hand_pending=on_hand, reserved_pending=reserved)
    if not StockLevel.objects.filter(stock_id=stock_id, location_id=location_id).update(
        on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved
    ):
        _place_unplaced(stock_id, location_id, on_hand_pending=on_hand, reserved_pending=reserved)
        level, _ = StockLevel.objects.get_or_create(stock_id=stock_id, location_id=location_id)
        StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved)


def _check_units(available: int) -> None:
    if not isinstance(available, int) or available < 0:
        raise DomainError("Stok tidak boleh negatif.", code="invalid_stock", fields={"stock": "Minimal 0."})
    if available > MAX_STOCK:
        raise DomainError("Stok terlalu besar.", code="invalid_stock", fields={"stock": "Maks. 1.000.000."})


def _set_level(
    *,
    stock: Stock,
    level: StockLevel,
    store_id: int,
    available: int,
    actor,
    actor_label: str,
    reason,
    reference,
    note="",
) -> int:
    """Set a level's sellable units (the Stock row is locked by the caller); returns the change."""
    level = StockLevel.objects.select_for_update().get(pk=level.pk)
    change = available - level.available
    if change:
        Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") + change)
        StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + change)
        movements.record(
            stock_id=stock.pk,
            store_id=store_id,
            reason=reason,
            on_hand=change,
            location_id=level.location_id,
            reference=reference,
            actor=actor,
            actor_label=actor_label,
            note=note,
        )
    return change


def set_location_stock(
    *,
    variant,
    location_id: int,
    available: int,
    actor=None,
    reason: str = StockMovement.Reason.ADJUSTED,
    reference: str = "",
    actor_label: str = "",
    note: str = "",
) -> StockLevel:
    """The one way to set a level's sellable units: on hand at the location becomes
    reserved there + `available` (held units stay held); the Stock total moves by the same
    difference, with one movement of `reason` when anything changed."""
    _check_units(available)
    store_id = variant.product.store_id
    if location_id not in store_locations(store_id=store_id):
        raise DomainError("Gudang tidak ditemukan.", code="unknown_location", fields={"location_id": "Tidak dikenal."})
    with transaction.atomic():
        stock, _ = Stock.objects.get_or_create(variant=variant)
        stock = Stock.objects.select_for_update().get(pk=stock.pk)
        _place_unplaced(stock.pk, locations.default_for_store(store_id))
        level, _ = StockLevel.objects.get_or_create(stock=stock, location_id=location_id)
        _set_level(
            stock=stock,
            level=level,
            store_id=store_id,
            available=available,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            reference=reference,
            note=note,
        )
        _changed({variant.pk}, {store_id}, product_ids={variant.product_id})
    level.refresh_from_db()
    return level


def store_locations(*, store_id: int) -> dict[int, str]:
    """The locations a store keeps stock at: its own warehouses and the one it ships from (a
    Niaga fulfillment centre it is assigned to). Read through the level's foreign key, since
    fulfillment ranks above inventory."""
    Location: Any = StockLevel._meta.get_field("location").related_model
    ship_from = locations.default_for_store(store_id)
    rows = Location.objects.filter(Q(store_id=store_id) | Q(pk=ship_from)).order_by("pk").values_list("pk", "name")
    return dict(rows)


def _changed(
    variant_ids: set[int], store_ids: set[int], *, product_ids: frozenset[int] | set[int] = frozenset()
) -> None:
    """After commit: the product pages show new figures; the apps above hear which variants moved."""

    def tell() -> None:
        for product_id in product_ids:
            generations.bump(*catalog.page_slugs(product_id))
        stock_changed.send(sender=Stock, variant_ids=set(variant_ids), store_ids=set(store_ids))

    transaction.on_commit(tell)


@dataclass(frozen=True)
class Opening:
    """A new variant's first units, per location id (a bulk import's new SKUs)."""

    variant_id: int
    store_id: int
    units: dict[int, int]


def open_stock_many(*, openings: list[Opening], actor=None, reference: str = "") -> None:
    """The first stock of many new variants at once (a spreadsheet of 10,000 SKUs): their Stock
    rows, a level per location and one IMPORTED movement per level, in three bulk INSERTs rather
    than ten queries a variant. Only for variants without stock yet: a variant that has one is
    set through set_location_stock. The locations are the caller's to have checked (the store's)."""
    for opening in openings:
        for units in opening.units.values():
            if not isinstance(units, int) or isinstance(units, bool) or not 0 <= units <= MAX_STOCK:
                raise DomainError("Stok tidak valid.", code="invalid_stock", fields={"stock": "0 sampai 1.000.000."})
    if not openings:
        return
    with transaction.atomic():
        stocks = Stock.objects.bulk_create(
            [Stock(variant_id=o.variant_id, on_hand=sum(o.units.values())) for o in openings], batch_size=1000
        )
        levels, moved = [], []
        for opening, stock in zip(openings, stocks, strict=True):
            for location_id, units in opening.units.items():
                levels.append(StockLevel(stock=stock, location_id=location_id, on_hand=units))
                if units:
                    moved.append(
                        StockMovement(
                            stock=stock,
                            store_id=opening.store_id,
                            location_id=location_id,
                            reason=movements.Reason.IMPORTED,
                            on_hand_change=units,
                            reference=reference[:64],
                            actor=actor if getattr(actor, "pk", None) else None,
                            actor_label="" if getattr(actor, "pk", None) else "impor",
                        )
                    )
        StockLevel.objects.bulk_create(levels, batch_size=1000)
        movements.record_many(moved)
        _changed({o.variant_id for o in openings}, {o.store_id for o in openings})
