"""Documents that move stock between and within a store's locations: transfers, and stock
counts (stok opname). Each writes its movements in the same transaction as the change, with
the document's number as their reference."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.core.ids import random_code
from niaga.stores.models import Store

from . import locations, movements
from .levels import MAX_STOCK, _changed, _place_unplaced, store_locations
from .models import Stock, StockCount, StockCountLine, StockLevel, StockMovement, StockTransfer, StockTransferLine

Reason = StockMovement.Reason


def _number(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate(clock.now()):%y%m%d}-{random_code(6)}"


def _store_stocks(store: Store, variant_ids) -> dict[int, Stock]:
    """The store's Stock rows of these variants, locked in stock-id order (the global order)."""
    return {
        s.variant_id: s
        for s in Stock.objects.select_for_update()
        .select_related("variant__product")
        .filter(variant_id__in=set(variant_ids), variant__product__store=store)
        .order_by("pk")
    }


def transfer(
    *, store: Store, source_id: int, destination_id: int, lines: list[tuple[int, int]], actor=None, note: str = ""
) -> StockTransfer:
    """Move units of the store's variants from one of its locations to another: a TRANSFER_OUT
    at the source and a TRANSFER_IN at the destination per line, one document number. No more
    than is available (on hand less held) at the source can move; the Stock totals stay."""
    places = store_locations(store_id=store.pk)
    errors: dict[str, str] = {}
    if source_id not in places:
        errors["source_id"] = "Gudang asal tidak dikenal."
    if destination_id not in places:
        errors["destination_id"] = "Gudang tujuan tidak dikenal."
    if not errors and source_id == destination_id:
        errors["destination_id"] = "Gudang tujuan harus berbeda dari gudang asal."
    wanted: dict[int, int] = {}
    for i, (variant_id, quantity) in enumerate(lines):
        if not isinstance(quantity, int) or quantity <= 0 or quantity > MAX_STOCK:
            errors[f"lines.{i}.quantity"] = "Minimal 1."
        else:
            wanted[variant_id] = wanted.get(variant_id, 0) + quantity
    if not lines:
        errors["lines"] = "Pilih minimal satu barang."
    if errors:
        raise DomainError("Periksa kembali transfer.", code="invalid_transfer", fields=errors)
    ship_from = locations.default_for_store(store.pk)
    with transaction.atomic():
        stocks = _store_stocks(store, wanted)
        unknown = [v for v in wanted if v not in stocks]
        if unknown:
            raise DomainError(
                "Barang tidak ditemukan di toko ini.",
                code="unknown_variant",
                fields={"lines": ", ".join(f"#{v}" for v in unknown)},
            )
        return _move(store, stocks, wanted, source_id, destination_id, ship_from, actor, note)


def _move(store, stocks, wanted, source_id, destination_id, ship_from, actor, note) -> StockTransfer:
    """The transfer document and its movements; the Stock rows are locked by the caller."""
    doc = StockTransfer.objects.create(
        number=_number("TRF"),
        store=store,
        source_id=source_id,
        destination_id=destination_id,
        note=note[:255],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    moves: list[StockMovement] = []
    for stock in stocks.values():  # stock-id order
        quantity = wanted[stock.variant_id]
        _place_unplaced(stock.pk, ship_from)
        taken = StockLevel.objects.filter(
            stock=stock, location_id=source_id, on_hand__gte=F("reserved") + quantity
        ).update(on_hand=F("on_hand") - quantity)
        if not taken:
            have = StockLevel.objects.filter(stock=stock, location_id=source_id).first()
            raise Conflict(
                f"Stok {stock.variant} di gudang asal tinggal {have.available if have else 0}.",
                code="transfer_short",
                fields={f"variant_{stock.variant_id}": f"Maks. {have.available if have else 0}."},
            )
        level, _ = StockLevel.objects.get_or_create(stock=stock, location_id=destination_id)
        StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + quantity)
        StockTransferLine.objects.create(transfer=doc, stock=stock, quantity=quantity)
        for reason, change, where in (
            (Reason.TRANSFER_OUT, -quantity, source_id),
            (Reason.TRANSFER_IN, quantity, destination_id),
        ):
            moves.append(
                StockMovement(
                    stock=stock,
                    store_id=store.pk,
                    location_id=where,
                    reason=reason,
                    on_hand_change=change,
                    reference=doc.number,
                    actor=doc.created_by,
                    note=note[:255],
                )
            )
    movements.record_many(moves)
    _changed(set(stocks), {store.pk})
    return doc


def transfer_all(
    *, store: Store, source_id: int, destination_id: int, actor=None, note: str = ""
) -> StockTransfer | None:
    """Every unit available at `source_id` (the store's ship-from location until now) moved to
    `destination_id` (the one it ships from next), as one transfer; None when there were none.
    Units held for unpaid orders stay where they are held. Both places are the caller's to vouch
    for: the new one is not yet the store's, and an old fulfillment centre no longer will be."""
    with transaction.atomic():
        locked = _all_stocks(store)
        for stock in locked.values():
            _place_unplaced(stock.pk, source_id)
        wanted = {
            variant_id: available
            for variant_id, available in StockLevel.objects.filter(
                stock__in=list(locked.values()), location_id=source_id
            )
            .annotate(left=F("on_hand") - F("reserved"))
            .filter(left__gt=0)
            .values_list("stock__variant_id", "left")
        }
        if not wanted:
            return None
        stocks = {v: s for v, s in locked.items() if v in wanted}
        return _move(store, stocks, wanted, source_id, destination_id, source_id, actor, note)


def leave_at(*, store: Store, location_id: int) -> int:
    """The store's units are staying at `location_id` (its ship-from location until now):
    units no level holds yet are placed there, so they do not follow the store by the
    first-touch rule. Returns the units available there."""
    with transaction.atomic():
        locked = _all_stocks(store)
        for stock in locked.values():
            _place_unplaced(stock.pk, location_id)
        left = StockLevel.objects.filter(stock__in=list(locked.values()), location_id=location_id).aggregate(
            n=Sum(F("on_hand") - F("reserved"))
        )["n"]
    return int(left or 0)


def _all_stocks(store: Store) -> dict[int, Stock]:
    return {
        s.variant_id: s for s in Stock.objects.select_for_update().filter(variant__product__store=store).order_by("pk")
    }


def start_count(*, store: Store, location_id: int, actor=None) -> StockCount:
    """Open a stock count of one location, listing every variant of the store with what the
    books say is on hand there now."""
    if location_id not in store_locations(store_id=store.pk):
        raise DomainError("Gudang tidak ditemukan.", code="unknown_location", fields={"location_id": "Tidak dikenal."})
    with transaction.atomic():
        count = StockCount.objects.create(
            number=_number("OPN"),
            store=store,
            location_id=location_id,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        here = dict(
            StockLevel.objects.filter(location_id=location_id, stock__variant__product__store=store).values_list(
                "stock_id", "on_hand"
            )
        )
        stock_ids = (
            Stock.objects.filter(variant__product__store=store)
            .order_by("variant__product__name", "variant__pk")
            .values_list("pk", flat=True)
        )
        StockCountLine.objects.bulk_create(
            StockCountLine(count=count, stock_id=stock_id, expected=here.get(stock_id, 0)) for stock_id in stock_ids
        )
    return count


def enter_counts(*, count: StockCount, entries: dict[int, dict]) -> StockCount:
    """The seller's figures: {stock id: {"counted": int | None, "why": str, "note": str}}.
    Only a count still open takes figures; every bad figure is refused with its field."""
    if count.status != StockCount.Status.DRAFT:
        raise Conflict("Stok opname ini sudah dikonfirmasi.", code="count_confirmed")
    lines = {line.stock_id: line for line in count.lines.all()}
    errors: dict[str, str] = {}
    for stock_id, entry in entries.items():
        line = lines.get(stock_id)
        if line is None:
            errors[f"stock_{stock_id}"] = "Barang tidak ada di daftar ini."
            continue
        counted = entry.get("counted")
        if counted is not None and (not isinstance(counted, int) or counted < 0 or counted > MAX_STOCK):
            errors[f"counted_{stock_id}"] = "Isi 0 sampai 1.000.000."
            continue
        why = entry.get("why") or ""
        if why and why not in StockCountLine.Why.values:
            errors[f"why_{stock_id}"] = "Pilih alasan."
            continue
        line.counted, line.why, line.note = counted, why, (entry.get("note") or "")[:255]
    if errors:
        raise DomainError("Periksa kembali hasil hitung.", code="invalid_count", fields=errors)
    StockCountLine.objects.bulk_update(list(lines.values()), ["counted", "why", "note"])
    return count


def confirm_count(*, count: StockCount, actor=None) -> StockCount:
    """Each counted line's difference with what is on hand at the location now becomes a
    COUNTED movement with the seller's reason; lines left empty change nothing. Units held for
    unpaid orders stay held: a count below them is refused whole. Confirming twice changes
    nothing the second time."""
    with transaction.atomic():
        if not StockCount.objects.filter(pk=count.pk, status=StockCount.Status.DRAFT).update(
            status=StockCount.Status.CONFIRMED,
            confirmed_at=clock.now(),
            confirmed_by=actor if getattr(actor, "pk", None) else None,
        ):
            count.refresh_from_db()
            return count
        lines = list(
            count.lines.filter(counted__isnull=False).select_related("stock__variant__product").order_by("stock_id")
        )
        errors: dict[str, str] = {}
        moves: list[StockMovement] = []
        ship_from = locations.default_for_store(count.store_id)
        list(
            Stock.objects.select_for_update()
            .filter(pk__in=[line.stock_id for line in lines])
            .order_by("pk")
            .values_list("pk")
        )
        for line in lines:
            _place_unplaced(line.stock_id, ship_from)
            level, _ = StockLevel.objects.get_or_create(stock_id=line.stock_id, location_id=count.location_id)
            level = StockLevel.objects.select_for_update().get(pk=level.pk)
            assert line.counted is not None
            if line.counted < level.reserved:
                errors[f"counted_{line.stock_id}"] = (
                    f"{level.reserved} unit ditahan untuk pesanan belum dibayar: minimal {level.reserved}."
                )
                continue
            change = line.counted - level.on_hand
            line.adjusted = change
            if not change:
                continue
            if not line.why:
                errors[f"why_{line.stock_id}"] = "Pilih alasan selisih."
                continue
            StockLevel.objects.filter(pk=level.pk).update(on_hand=F("on_hand") + change)
            Stock.objects.filter(pk=line.stock_id).update(on_hand=F("on_hand") + change)
            label = StockCountLine.Why(line.why).label
            moves.append(
                StockMovement(
                    stock_id=line.stock_id,
                    store_id=count.store_id,
                    location_id=count.location_id,
                    reason=Reason.COUNTED,
                    on_hand_change=change,
                    reference=count.number,
                    actor=actor if getattr(actor, "pk", None) else None,
                    note=f"{label}: {line.note}"[:255] if line.note else label,
                )
            )
        if errors:
            raise DomainError("Periksa kembali hasil hitung.", code="invalid_count", fields=errors)
        StockCountLine.objects.bulk_update(lines, ["adjusted"])
        movements.record_many(moves)
        if moves:
            _changed(
                {line.stock.variant_id for line in lines},
                {count.store_id},
                product_ids={line.stock.variant.product_id for line in lines},
            )
    count.refresh_from_db()
    return count
