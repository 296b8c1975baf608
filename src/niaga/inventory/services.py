"""Stock: atomic reservations, their release and their commitment; the units a seller sets.

Call the reservation moves inside the caller's transaction (checkout, cancellation,
payment) so the stock change and the order change land together or not at all.

Stock per location: a variant's StockLevel rows are the truth per location and its Stock row
is their total, moved in the same transaction (Stock first, then the level: one global lock
order). Every change writes its StockMovement beside it. Units a Stock row counts but no
level holds (stock from before levels; the migration places them, this rule catches the
rest) are placed at the location first touched, the store's ship-from one for the seller's
own changes (`_place_unplaced`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from niaga.catalog import services as catalog_services
from niaga.catalog.models import Product, Variant
from niaga.core import metrics
from niaga.core.errors import Conflict, DomainError
from niaga.stores.models import Store

from . import locations, movements
from .levels import (  # noqa: F401  (set_location_stock, store_locations, MAX_STOCK: the importer and API call them here)
    MAX_STOCK,
    Opening,
    _changed,
    _check_units,
    _hold_at,
    _move_level,
    _place_unplaced,
    _set_level,
    open_stock_many,
    set_location_stock,
    store_locations,
)
from .models import Reservation, ReturnedStock, Stock, StockLevel, StockMovement


class OutOfStock(Conflict):
    code = "out_of_stock"


@dataclass(frozen=True)
class Hold:
    """Units of a variant to hold for a reference (an order number). `stock_id`: the variant's
    Stock row when the caller read it already (a cart's lines carry it), sparing the lookup;
    `location_id`: where the units are held (the location that ships the store's orders;
    the store's ship-from one when None); `store_id`: the variant's store, when known."""

    variant_id: int
    quantity: int
    reference: str
    stock_id: int | None = None
    location_id: int | None = None
    store_id: int | None = None


def reserve(
    *,
    lines: list[tuple[int, int]],
    reference: str,
    location_id: int | None = None,
    actor=None,
    actor_label: str = "sistem",
) -> list[Reservation]:
    """Hold `quantity` units of each variant for `reference`, or raise OutOfStock and hold none."""
    with transaction.atomic():  # its own all-or-nothing, even inside a caller's transaction
        return reserve_many(
            holds=[Hold(variant_id=v, quantity=q, reference=reference, location_id=location_id) for v, q in lines],
            actor=actor,
            actor_label=actor_label,
        )


def reserve_many(*, holds: list[Hold], actor=None, actor_label: str = "pembeli") -> list[Reservation]:
    """Hold units for several references (the orders of one checkout) — all of them, or none.

    Each hold is one UPDATE ... WHERE on_hand - reserved >= qty on the variant's level at the
    location that ships (with the Stock total moved beside it): two buyers can never both take
    the last unit, and no row is read before it is written. Rows are taken in one global order
    (stock id, then its level), so two checkouts touching the same stocks cannot deadlock.
    Runs in the caller's transaction with no savepoint of its own: an OutOfStock leaves that
    transaction to roll back whole, orders and holds together (see orders.place_orders).
    The reservations and their RESERVED movements are one INSERT each.
    """
    wanted: dict[tuple[int, str], int] = defaultdict(int)
    where: dict[tuple[int, str], int | None] = {}
    stock_ids: dict[int, int] = {}
    store_of: dict[int, int] = {}
    for hold in holds:
        if hold.quantity <= 0:
            raise DomainError("Jumlah harus lebih dari 0.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
        wanted[(hold.variant_id, hold.reference)] += hold.quantity
        where[(hold.variant_id, hold.reference)] = hold.location_id
        if hold.stock_id:
            stock_ids[hold.variant_id] = hold.stock_id
        if hold.store_id:
            store_of[hold.variant_id] = hold.store_id
    variants = {v for v, _ in wanted}
    if not variants <= stock_ids.keys() or not variants <= store_of.keys():
        for vid, sid, owner in Stock.objects.filter(variant_id__in=variants).values_list(
            "variant_id", "pk", "variant__product__store_id"
        ):
            stock_ids[vid], store_of[vid] = sid, owner
    ship_from: dict[int, int] = {}
    held: list[Reservation] = []
    moves: list[StockMovement] = []
    with transaction.atomic(savepoint=False):
        for (variant_id, reference), quantity in sorted(
            wanted.items(), key=lambda kv: (stock_ids.get(kv[0][0], 0), kv[0][1])
        ):
            stock_id = stock_ids.get(variant_id)
            location_id = where[(variant_id, reference)]
            if location_id is None and variant_id in store_of:
                store_id = store_of[variant_id]
                if store_id not in ship_from:
                    ship_from[store_id] = locations.default_for_store(store_id)
                location_id = ship_from[store_id]
            if (
                stock_id is None
                or location_id is None
                or not Stock.objects.filter(pk=stock_id, on_hand__gte=F("reserved") + quantity).update(
                    reserved=F("reserved") + quantity
                )
                or not _hold_at(stock_id, location_id, quantity)
            ):
                stock = Stock.objects.select_related("variant__product").filter(variant_id=variant_id).first()
                metrics.STOCKOUTS.inc()
                raise out_of_stock(
                    name=str(stock.variant) if stock else f"#{variant_id}", variant_id=variant_id, quantity=quantity
                )
            held.append(Reservation(stock_id=stock_id, quantity=quantity, reference=reference, location_id=location_id))
            moves.append(
                StockMovement(
                    stock_id=stock_id,
                    store_id=store_of[variant_id],
                    location_id=location_id,
                    reason=StockMovement.Reason.RESERVED,
                    reserved_change=quantity,
                    reference=reference[:64],
                    actor=actor if getattr(actor, "pk", None) else None,
                    actor_label=actor_label[:40],
                )
            )
        Reservation.objects.bulk_create(held)
        movements.record_many(moves)
        _changed(variants, set(store_of[v] for v in variants))
    return held


@dataclass(frozen=True)
class _Owner:
    variant_id: int
    store_id: int
    product_id: int
    average_cost: int = 0


def _owners(stock_ids) -> dict[int, _Owner]:
    rows = Stock.objects.filter(pk__in=set(stock_ids)).values_list(
        "pk", "variant_id", "variant__product__store_id", "variant__product_id", "average_cost"
    )
    return {pk: _Owner(v, s, p, c) for pk, v, s, p, c in rows}


def out_of_stock(*, name: str, variant_id: int, quantity: int) -> OutOfStock:
    """The refusal for more units than the shelf has, worded the same wherever it is found (a
    hold refused here, or a cart line checkout finds short before holding anything)."""
    return OutOfStock(
        f"Stok habis: {name} tidak cukup untuk {quantity} barang.",
        fields={"variant_id": str(variant_id), "product": name},
    )


def lock_stocks(*, references: list[str]) -> None:
    """Lock every stock row these references touch, in stock-id order, before moving them
    one order at a time (payment, cancellation): the same global order as reserve_many."""
    list(
        Stock.objects.select_for_update()
        .filter(reservations__reference__in=references)
        .order_by("pk")
        .values_list("pk")
    )


_SETTLE: dict[str, tuple[str, str, int, int]] = {
    Reservation.Status.RELEASED: (Reservation.Status.ACTIVE, StockMovement.Reason.RELEASED, 0, -1),
    Reservation.Status.COMMITTED: (Reservation.Status.ACTIVE, StockMovement.Reason.SOLD, -1, -1),
    Reservation.Status.RESTOCKED: (Reservation.Status.COMMITTED, StockMovement.Reason.RESTOCKED, 1, 0),
}


def _settle(reference: str, to_status: str, *, actor=None, actor_label: str = "", note: str = "") -> int:
    """Move each reservation of `reference` exactly once, at the level it was held at, with
    its movement; safe to call twice or concurrently."""
    from_status, reason, on_hand_sign, reserved_sign = _SETTLE[to_status]
    moved = 0
    with transaction.atomic():
        rows = list(Reservation.objects.filter(reference=reference, status=from_status).order_by("stock_id", "pk"))
        if not rows:
            return 0
        owners = _owners(r.stock_id for r in rows)
        # Units put back come back at the cost they were sold at, not at today's average.
        sold_at = (
            dict(
                StockMovement.objects.filter(reference=reference[:64], reason=StockMovement.Reason.SOLD)
                .exclude(unit_cost=None)
                .values_list("stock_id", "unit_cost")
            )
            if reason == StockMovement.Reason.RESTOCKED
            else {}
        )
        moves: list[StockMovement] = []
        for res in rows:
            if not Reservation.objects.filter(pk=res.pk, status=from_status).update(status=to_status):
                continue  # another worker got there first
            on_hand, reserved = on_hand_sign * res.quantity, reserved_sign * res.quantity
            Stock.objects.filter(pk=res.stock_id).update(
                on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved
            )
            owner = owners[res.stock_id]
            location_id = res.location_id or locations.default_for_store(owner.store_id)
            _move_level(res.stock_id, location_id, on_hand=on_hand, reserved=reserved)
            moves.append(
                StockMovement(
                    stock_id=res.stock_id,
                    store_id=owner.store_id,
                    location_id=location_id,
                    reason=reason,
                    on_hand_change=on_hand,
                    reserved_change=reserved,
                    # Units sold at the moving-average cost of the moment (the reports' cost of
                    # goods sold; None before any receipt with a cost), put back at that cost.
                    unit_cost=_unit_cost(reason, on_hand, owner.average_cost, sold_at.get(res.stock_id)),
                    reference=reference[:64],
                    actor=actor if getattr(actor, "pk", None) else None,
                    actor_label=actor_label[:40],
                    note=note[:255],
                )
            )
            moved += res.quantity
        movements.record_many(moves)
        if moves:
            touched = {owners[m.stock_id] for m in moves}
            _changed(
                {o.variant_id for o in touched},
                {o.store_id for o in touched},
                product_ids={o.product_id for o in touched} if on_hand_sign > 0 else set(),
            )
    return moved


def _unit_cost(reason: str, on_hand: int, average: int, sold_at: int | None) -> int | None:
    if not on_hand:
        return None
    if reason == StockMovement.Reason.RESTOCKED:
        return sold_at
    return average or None


def release(*, reference: str, actor=None, actor_label: str = "sistem", note: str = "") -> int:
    """Give held units back to the shelf (order cancelled, or expired: actor_label "kedaluwarsa")."""
    return _settle(reference, Reservation.Status.RELEASED, actor=actor, actor_label=actor_label, note=note)


def commit(*, reference: str, actor=None, actor_label: str = "sistem", note: str = "") -> int:
    """Turn held units into sold ones (order paid)."""
    return _settle(reference, Reservation.Status.COMMITTED, actor=actor, actor_label=actor_label, note=note)


def restock(*, reference: str, actor=None, actor_label: str = "sistem", note: str = "") -> int:
    """Sold units of an order cancelled before shipping go back on the shelf, once."""
    return _settle(reference, Reservation.Status.RESTOCKED, actor=actor, actor_label=actor_label, note=note)


def set_available(
    *,
    variant,
    available: int,
    actor=None,
    actor_label: str = "",
    reason: str = StockMovement.Reason.ADJUSTED,
    reference: str = "",
) -> Stock:
    """The seller says how many can still be sold, over all locations; units held for unpaid
    orders stay held. The difference is made at the store's ship-from location; a cut deeper
    than what is there is refused (the seller changes the other locations per location)."""
    _check_units(available)
    with transaction.atomic():
        stock, _ = Stock.objects.get_or_create(variant=variant)
        stock = Stock.objects.select_for_update().get(pk=stock.pk)
        where = locations.default_for_store(variant.product.store_id)
        _place_unplaced(stock.pk, where)
        level, _ = StockLevel.objects.get_or_create(stock=stock, location_id=where)
        target = level.available + (available - stock.available)
        if target < 0:
            raise DomainError(
                "Sebagian stok ada di gudang lain: ubah stok per gudang.",
                code="stock_elsewhere",
                fields={"stock": f"Minimal {stock.available - level.available}."},
            )
        _set_level(
            stock=stock,
            level=level,
            store_id=variant.product.store_id,
            available=target,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            reference=reference,
        )
        _changed({variant.pk}, {variant.product.store_id}, product_ids={variant.product_id})
    stock.refresh_from_db()
    return stock


def write_off(
    *,
    variant_id: int,
    quantity: int,
    location_id: int | None = None,
    reference: str = "",
    actor=None,
    actor_label: str = "sistem",
    note: str = "",
) -> int:
    """Units the books count but the shelf does not have (found short when picking at a
    location, the ship-from one when None): gone, as far as any are still unsold there.
    Returns how many were written off."""
    with transaction.atomic():
        stock = (
            Stock.objects.select_for_update().select_related("variant__product").filter(variant_id=variant_id).first()
        )
        if stock is None or quantity <= 0:
            return 0
        store_id = stock.variant.product.store_id
        where = location_id or locations.default_for_store(store_id)
        _place_unplaced(stock.pk, where)
        level = StockLevel.objects.select_for_update().filter(stock=stock, location_id=where).first()
        gone = min(quantity, level.available if level else 0, stock.available)
        if level is None or gone <= 0:
            return 0
        Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") - gone)
        StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") - gone)
        movements.record(
            stock_id=stock.pk,
            store_id=store_id,
            reason=StockMovement.Reason.WRITTEN_OFF,
            on_hand=-gone,
            location_id=where,
            reference=reference,
            actor=actor,
            actor_label=actor_label,
            note=note,
        )
        _changed({variant_id}, {store_id}, product_ids={stock.variant.product_id})
        return gone


@dataclass(frozen=True)
class Returned:
    """Units of a variant back from a buyer, and their condition as the seller found them."""

    variant_id: int
    quantity: int
    condition: str  # ReturnedStock.Condition
    reason: str = ""


def receive_returned(
    *, reference: str, units: list[Returned], by=None, location_id: int | None = None
) -> list[ReturnedStock]:
    """Returned goods arrive: sellable units go back on the shelf (on hand, for sale again,
    at `location_id` or the store's ship-from location) with a RETURNED movement; written-off
    ones are only recorded (they left the shelf when they were sold: no movement). Each
    (reference, variant, condition) is recorded once, so a repeated confirmation moves nothing.
    Returns the records this call made."""
    wanted: dict[tuple[int, str], Returned] = {}
    for unit in units:
        if unit.condition not in ReturnedStock.Condition.values:
            raise DomainError("Kondisi barang retur tidak dikenal.", code="invalid_condition")
        if not isinstance(unit.quantity, int) or unit.quantity < 0:
            raise DomainError("Jumlah tidak valid.", code="invalid_quantity", fields={"quantity": "Minimal 0."})
        if unit.quantity == 0:
            continue
        key = (unit.variant_id, unit.condition)
        before = wanted.get(key)
        quantity = unit.quantity + (before.quantity if before else 0)
        wanted[key] = Returned(
            unit.variant_id, quantity, unit.condition, unit.reason or (before.reason if before else "")
        )
    made: list[ReturnedStock] = []
    with transaction.atomic():
        stocks = {
            s.variant_id: s
            for s in Stock.objects.select_for_update()
            .select_related("variant__product")
            .filter(variant_id__in={v for v, _ in wanted})
            .order_by("pk")
        }
        for (variant_id, condition), unit in sorted(wanted.items()):
            stock = stocks.get(variant_id)
            if stock is None:
                raise DomainError("Barang ini tidak punya stok di toko.", code="unknown_variant")
            record, created = ReturnedStock.objects.get_or_create(
                reference=reference,
                stock=stock,
                condition=condition,
                defaults={"quantity": unit.quantity, "reason": unit.reason[:255], "recorded_by": by},
            )
            if not created:
                continue
            if condition == ReturnedStock.Condition.SELLABLE:
                store_id = stock.variant.product.store_id
                where = location_id or locations.default_for_store(store_id)
                Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") + unit.quantity)
                _move_level(stock.pk, where, on_hand=unit.quantity)
                movements.record(
                    stock_id=stock.pk,
                    store_id=store_id,
                    reason=StockMovement.Reason.RETURNED,
                    on_hand=unit.quantity,
                    location_id=where,
                    reference=reference,
                    actor=by,
                    actor_label="" if getattr(by, "pk", None) else "sistem",
                    note=unit.reason,
                )
            made.append(record)
        if made:
            touched = [record.stock for record in made]
            _changed(
                {s.variant_id for s in touched},
                {s.variant.product.store_id for s in touched},
                product_ids={s.variant.product_id for s in touched},
            )
    return made


def returned_for(*, reference: str) -> list[ReturnedStock]:
    """What came back for a reference and how it was recorded."""
    return list(ReturnedStock.objects.filter(reference=reference).select_related("stock__variant__product"))


def _units(data: dict, errors: dict[str, str], *, label: str) -> int:
    """data["stock"] as typed by the seller; a bad figure's message goes in `errors`."""
    qty = catalog_services.whole_number(data, "stock", errors, label=label, minimum=0, maximum=MAX_STOCK)
    return qty if qty is not None else 0


def _opening_stock(stock, variants: list[dict] | None) -> list[int]:
    """The units of each new variant, in order (one figure for a product without variants)."""
    errors: dict[str, str] = {}
    if not variants:
        quantities = [_units({"stock": stock}, errors, label="Stok")]
        message = "Periksa kembali stok."
    else:
        quantities = [_units(raw, errors, label="Stok varian") for raw in variants]
        message = "Periksa kembali varian."
    if errors:
        raise DomainError(message, code="invalid_product", fields=errors)
    return quantities


@transaction.atomic
def create_product_with_stock(
    *,
    store: Store,
    data: dict,
    images: list[UploadedFile] | None = None,
    variants: list[dict] | None = None,
    actor=None,
) -> Product:
    """A seller lists a product with its units: the catalog's product and variants, and each
    variant's stock (data["stock"], or each variant's "stock"), together or not at all."""
    draft = catalog_services.check_product(data=data, variants=variants)
    quantities = _opening_stock(data.get("stock", 0), variants)
    new = catalog_services.create_product(store=store, draft=draft, images=images)
    for variant, quantity in zip(new.variants, quantities, strict=True):
        if quantity:  # the opening stock, at the store's ship-from location
            set_available(
                variant=variant,
                available=quantity,
                actor=actor,
                actor_label="" if actor else "penjual",
                reason=StockMovement.Reason.OPENING,
            )
        else:
            Stock.objects.get_or_create(variant=variant)
    return new.product


@transaction.atomic
def update_product_with_stock(*, product: Product, data: dict, actor=None) -> Product:
    """The seller's edit of a product; data["stock"], when given, sets the units of a product
    without variants (one with variants changes them per variant)."""
    catalog_services.update_product(product=product, data=data)
    if "stock" in data:
        variants = list(product.variants.all())
        if len(variants) != 1:
            raise DomainError(
                "Produk ini punya varian: ubah stok per varian.",
                code="invalid_product",
                fields={"stock": "Ubah per varian."},
            )
        set_variant_stock(variant=variants[0], stock=data["stock"], actor=actor)
    return product


def set_variant_stock(*, variant: Variant, stock, actor=None) -> None:
    """The seller's figure for one variant, as typed: checked, then set as its units left."""
    errors: dict[str, str] = {}
    qty = _units({"stock": stock}, errors, label="Stok")
    if errors:
        raise DomainError("Periksa kembali stok.", code="invalid_stock", fields=errors)
    set_available(variant=variant, available=qty, actor=actor, actor_label="" if actor else "penjual")


def _level_change(*, stock: Stock, location_id: int, on_hand: int = 0, reserved: int = 0) -> None:
    """Apply a change to the stock's level at a location, creating the level the first time."""
    level, _ = StockLevel.objects.get_or_create(stock=stock, location_id=location_id)
    StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved)


def receive(
    *,
    variant_id: int,
    quantity: int,
    unit_cost: int,
    location_id: int | None = None,
    reference: str = "",
    actor=None,
    note: str = "",
) -> StockMovement:
    """Goods received (Penerimaan Barang): `quantity` units at `unit_cost` Rupiah each arrive
    at a location (the store's ship-from one when None). On hand grows, and the moving-average
    cost becomes (old units x old cost + new units x new cost) / all units, where old units with
    no cost yet count at the new units' cost."""
    if not isinstance(quantity, int) or quantity <= 0 or quantity > MAX_STOCK:
        raise DomainError("Jumlah diterima tidak valid.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
    if not isinstance(unit_cost, int) or unit_cost < 0:
        raise DomainError("Harga pokok tidak valid.", code="invalid_cost", fields={"unit_cost": "Minimal Rp0."})
    with transaction.atomic():
        variant = Variant.objects.select_related("product").get(pk=variant_id)
        stock, _ = Stock.objects.get_or_create(variant=variant)
        stock = Stock.objects.select_for_update().get(pk=stock.pk)
        where = location_id or locations.default_for_store(variant.product.store_id)
        _place_unplaced(stock.pk, locations.default_for_store(variant.product.store_id))
        # Units listed without a cost (average 0: unknown) are not free goods: averaging them in at
        # Rp0 would understate the cost of every later sale. They take the known units' average.
        known = max(stock.on_hand, 0) if stock.average_cost else 0
        average = round((known * stock.average_cost + quantity * unit_cost) / (known + quantity))
        Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") + quantity, average_cost=average)
        _level_change(stock=stock, location_id=where, on_hand=quantity)
        moved = movements.record(
            stock_id=stock.pk,
            store_id=variant.product.store_id,
            reason=movements.Reason.RECEIVED,
            on_hand=quantity,
            location_id=where,
            reference=reference,
            actor=actor,
            unit_cost=unit_cost,
            note=note,
        )
        _changed({variant.pk}, {variant.product.store_id}, product_ids={variant.product_id})
    return moved
