"""Stock: atomic reservations, their release and their commitment; the units a seller sets.

Call the reservation moves inside the caller's transaction (checkout, cancellation,
payment) so the stock change and the order change land together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from niaga.catalog import selectors as catalog
from niaga.catalog import services as catalog_services
from niaga.catalog.models import Product, Variant
from niaga.core import generations, metrics
from niaga.core.errors import Conflict, DomainError
from niaga.stores.models import Store

from . import locations, movements
from .models import Reservation, ReturnedStock, Stock, StockLevel, StockMovement
from .signals import stock_changed

MAX_STOCK = 1_000_000


class OutOfStock(Conflict):
    code = "out_of_stock"


@dataclass(frozen=True)
class Hold:
    """Units of a variant to hold for a reference (an order number). `stock_id`: the variant's
    Stock row when the caller read it already (a cart's lines carry it), sparing the lookup."""

    variant_id: int
    quantity: int
    reference: str
    stock_id: int | None = None


def reserve(*, lines: list[tuple[int, int]], reference: str) -> list[Reservation]:
    """Hold `quantity` units of each variant for `reference`, or raise OutOfStock and hold none."""
    with transaction.atomic():  # its own all-or-nothing, even inside a caller's transaction
        return reserve_many(holds=[Hold(variant_id=v, quantity=q, reference=reference) for v, q in lines])


def reserve_many(*, holds: list[Hold]) -> list[Reservation]:
    """Hold units for several references (the orders of one checkout) — all of them, or none.

    Each hold is one UPDATE ... WHERE on_hand - reserved >= qty: two buyers can never both
    take the last unit, and no row is read before it is written. Rows are taken in one
    global order (stock id), so two checkouts touching the same stocks cannot deadlock.
    Runs in the caller's transaction with no savepoint of its own: an OutOfStock leaves that
    transaction to roll back whole, orders and holds together (see orders.place_orders).
    """
    wanted: dict[tuple[int, str], int] = defaultdict(int)
    stock_ids: dict[int, int] = {}
    for hold in holds:
        if hold.quantity <= 0:
            raise DomainError("Jumlah harus lebih dari 0.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
        wanted[(hold.variant_id, hold.reference)] += hold.quantity
        if hold.stock_id:
            stock_ids[hold.variant_id] = hold.stock_id
    variants = {v for v, _ in wanted}
    if not variants <= stock_ids.keys():
        stock_ids = dict(Stock.objects.filter(variant_id__in=variants).values_list("variant_id", "pk"))
    held: list[Reservation] = []
    with transaction.atomic(savepoint=False):
        for (variant_id, reference), quantity in sorted(
            wanted.items(), key=lambda kv: (stock_ids.get(kv[0][0], 0), kv[0][1])
        ):
            stock_id = stock_ids.get(variant_id)
            if stock_id is None or not Stock.objects.filter(pk=stock_id, on_hand__gte=F("reserved") + quantity).update(
                reserved=F("reserved") + quantity
            ):
                stock = Stock.objects.select_related("variant__product").filter(variant_id=variant_id).first()
                metrics.STOCKOUTS.inc()
                raise out_of_stock(
                    name=str(stock.variant) if stock else f"#{variant_id}", variant_id=variant_id, quantity=quantity
                )
            held.append(Reservation(stock_id=stock_id, quantity=quantity, reference=reference))
        Reservation.objects.bulk_create(held)
    return held


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


def _settle(reference: str, to_status: str) -> int:
    """Move each active reservation of `reference` exactly once; safe to call twice or concurrently."""
    moved = 0
    with transaction.atomic():
        for res in Reservation.objects.filter(reference=reference, status=Reservation.Status.ACTIVE):
            if not Reservation.objects.filter(pk=res.pk, status=Reservation.Status.ACTIVE).update(status=to_status):
                continue  # another worker got there first
            change = {"reserved": F("reserved") - res.quantity}
            if to_status == Reservation.Status.COMMITTED:
                change["on_hand"] = F("on_hand") - res.quantity
            Stock.objects.filter(pk=res.stock_id).update(**change)
            moved += res.quantity
    return moved


def release(*, reference: str) -> int:
    """Give held units back to the shelf (order cancelled or expired)."""
    return _settle(reference, Reservation.Status.RELEASED)


def commit(*, reference: str) -> int:
    """Turn held units into sold ones (order paid)."""
    return _settle(reference, Reservation.Status.COMMITTED)


def restock(*, reference: str) -> int:
    """Sold units of an order cancelled before shipping go back on the shelf, once."""
    moved = 0
    with transaction.atomic():
        for res in Reservation.objects.filter(reference=reference, status=Reservation.Status.COMMITTED):
            if Reservation.objects.filter(pk=res.pk, status=Reservation.Status.COMMITTED).update(
                status=Reservation.Status.RESTOCKED
            ):
                Stock.objects.filter(pk=res.stock_id).update(on_hand=F("on_hand") + res.quantity)
                moved += res.quantity
    return moved


def set_available(*, variant, available: int) -> Stock:
    """The seller says how many can still be sold; units held for unpaid orders stay held."""
    if available < 0:
        raise DomainError("Stok tidak boleh negatif.", code="invalid_stock", fields={"stock": "Minimal 0."})
    if available > MAX_STOCK:
        raise DomainError("Stok terlalu besar.", code="invalid_stock", fields={"stock": "Maks. 1.000.000."})
    stock, _ = Stock.objects.get_or_create(variant=variant)
    Stock.objects.filter(pk=stock.pk).update(on_hand=F("reserved") + available)
    transaction.on_commit(partial(generations.bump, *catalog.page_slugs(variant.product_id)))
    stock.refresh_from_db()
    return stock


def write_off(*, variant_id: int, quantity: int) -> int:
    """Units the books count but the shelf does not have (found short when picking): gone,
    as far as any are still unsold. Returns how many were written off."""
    with transaction.atomic():
        stock = Stock.objects.select_for_update().filter(variant_id=variant_id).first()
        if stock is None or quantity <= 0:
            return 0
        gone = min(quantity, stock.on_hand - stock.reserved)
        if gone > 0:
            Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") - gone)
        return max(gone, 0)


@dataclass(frozen=True)
class Returned:
    """Units of a variant back from a buyer, and their condition as the seller found them."""

    variant_id: int
    quantity: int
    condition: str  # ReturnedStock.Condition
    reason: str = ""


def receive_returned(*, reference: str, units: list[Returned], by=None) -> list[ReturnedStock]:
    """Returned goods arrive: sellable units go back on the shelf (on hand, for sale again),
    written-off ones are only recorded (they left the shelf when they were sold). Each
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
            for s in Stock.objects.select_for_update().filter(variant_id__in={v for v, _ in wanted}).order_by("pk")
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
                Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") + unit.quantity)
            made.append(record)
        touched = {record.stock.variant_id for record in made}
        for product_id in set(Variant.objects.filter(pk__in=touched).values_list("product_id", flat=True)):
            transaction.on_commit(partial(generations.bump, *catalog.page_slugs(product_id)))
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
    *, store: Store, data: dict, images: list[UploadedFile] | None = None, variants: list[dict] | None = None
) -> Product:
    """A seller lists a product with its units: the catalog's product and variants, and each
    variant's stock (data["stock"], or each variant's "stock"), together or not at all."""
    draft = catalog_services.check_product(data=data, variants=variants)
    quantities = _opening_stock(data.get("stock", 0), variants)
    new = catalog_services.create_product(store=store, draft=draft, images=images)
    for variant, quantity in zip(new.variants, quantities, strict=True):
        set_available(variant=variant, available=quantity)
    return new.product


@transaction.atomic
def update_product_with_stock(*, product: Product, data: dict) -> Product:
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
        set_variant_stock(variant=variants[0], stock=data["stock"])
    return product


def set_variant_stock(*, variant: Variant, stock) -> None:
    """The seller's figure for one variant, as typed: checked, then set as its units left."""
    errors: dict[str, str] = {}
    qty = _units({"stock": stock}, errors, label="Stok")
    if errors:
        raise DomainError("Periksa kembali stok.", code="invalid_stock", fields=errors)
    set_available(variant=variant, available=qty)


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
    cost becomes (old units x old cost + new units x new cost) / all units."""
    if not isinstance(quantity, int) or quantity <= 0 or quantity > MAX_STOCK:
        raise DomainError("Jumlah diterima tidak valid.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
    if not isinstance(unit_cost, int) or unit_cost < 0:
        raise DomainError("Harga pokok tidak valid.", code="invalid_cost", fields={"unit_cost": "Minimal Rp0."})
    with transaction.atomic():
        variant = Variant.objects.select_related("product").get(pk=variant_id)
        stock, _ = Stock.objects.get_or_create(variant=variant)
        stock = Stock.objects.select_for_update().get(pk=stock.pk)
        where = location_id or locations.default_for_store(variant.product.store_id)
        units_before = max(stock.on_hand, 0)
        total = units_before + quantity
        average = round((units_before * stock.average_cost + quantity * unit_cost) / total) if total else unit_cost
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
