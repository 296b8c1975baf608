"""Writes of purchasing: suppliers, purchase orders and their moves, goods received.

Each function is one transaction; a refusal raises a DomainError and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from niaga.catalog.models import Variant
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError, NotFound
from niaga.fulfillment import services as fulfillment
from niaga.fulfillment.models import Location
from niaga.inventory import services as inventory
from niaga.stores.models import Store

from . import advice
from .models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine, StoreReorder, Supplier, VariantReorder
from .status import RECEIVABLE, Status, can_move

MAX_QUANTITY = inventory.MAX_STOCK
MAX_COST = 1_000_000_000
MAX_LEAD_DAYS = 365
MAX_LINES = 200

SUPPLIER_FIELDS = ("name", "contact_name", "phone", "email", "address", "lead_time_days", "notes", "is_active")


# --- suppliers -------------------------------------------------------------------------------


def _check_supplier(data: dict) -> dict:
    errors: dict[str, str] = {}
    clean = {k: data[k] for k in SUPPLIER_FIELDS if k in data}
    if "name" in clean:
        clean["name"] = str(clean["name"] or "").strip()
        if not clean["name"]:
            errors["name"] = "Nama pemasok wajib diisi."
        elif len(clean["name"]) > 120:
            errors["name"] = "Maks. 120 karakter."
    for key, limit in (("contact_name", 80), ("phone", 20), ("email", 120), ("address", 300), ("notes", 2000)):
        if key in clean:
            clean[key] = str(clean[key] or "").strip()
            if len(clean[key]) > limit:
                errors[key] = f"Maks. {limit} karakter."
    if clean.get("email") and ("@" not in clean["email"] or " " in clean["email"]):
        errors["email"] = "Alamat e-mail tidak valid."
    if clean.get("phone") and not all(c.isdigit() or c in "+-() " for c in clean["phone"]):
        errors["phone"] = "Nomor telepon hanya angka."
    lead = clean.get("lead_time_days")
    if lead is not None and (not isinstance(lead, int) or isinstance(lead, bool) or not 0 <= lead <= MAX_LEAD_DAYS):
        errors["lead_time_days"] = f"0 sampai {MAX_LEAD_DAYS} hari."
    if errors:
        raise DomainError("Periksa kembali data pemasok.", code="invalid_supplier", fields=errors)
    return clean


@transaction.atomic
def create_supplier(*, store: Store, data: dict) -> Supplier:
    clean = _check_supplier({"name": "", **data})
    return Supplier.objects.create(store=store, **clean)


@transaction.atomic
def update_supplier(*, supplier: Supplier, data: dict) -> Supplier:
    clean = _check_supplier(data)
    for key, value in clean.items():
        setattr(supplier, key, value)
    supplier.save(update_fields=list(clean) or None)
    if "lead_time_days" in clean:
        _forget_points(supplier.store)
    return supplier


# --- purchase orders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineIn:
    variant_id: int
    quantity: int
    unit_cost: int


def _next_number(store: Store, model, prefix: str) -> str:
    """PO-2026-000123: per store and year; the store row is locked, so two writers queue."""
    Store.objects.select_for_update().filter(pk=store.pk).first()
    year = clock.now().year
    start = f"{prefix}-{year}-"
    last = (
        model.objects.filter(store=store, number__startswith=start).order_by("-number").values_list("number", flat=True)
    ).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{start}{n:06d}"


def _location(store: Store, location_id: int | None) -> Location:
    if location_id is None:
        return fulfillment.store_location(store=store)
    location = Location.objects.filter(pk=location_id, store=store).first()
    if location is None:
        raise DomainError(
            "Gudang tidak ditemukan di toko ini.", code="invalid_location", fields={"location_id": "Pilih gudang toko."}
        )
    return location


def _check_lines(store: Store, lines: list[LineIn]) -> None:
    errors: dict[str, str] = {}
    if not lines:
        errors["lines"] = "Tambahkan minimal satu barang."
    if len(lines) > MAX_LINES:
        errors["lines"] = f"Maks. {MAX_LINES} baris."
    ids = {line.variant_id for line in lines}
    mine = set(Variant.objects.filter(pk__in=ids, product__store=store).values_list("pk", flat=True))
    seen: set[int] = set()
    for i, line in enumerate(lines):
        if line.variant_id not in mine:
            errors[f"lines.{i}.variant_id"] = "Varian tidak ditemukan di toko ini."
        elif line.variant_id in seen:
            errors[f"lines.{i}.variant_id"] = "Varian ini sudah ada di baris lain."
        seen.add(line.variant_id)
        if not isinstance(line.quantity, int) or not 1 <= line.quantity <= MAX_QUANTITY:
            errors[f"lines.{i}.quantity"] = "Jumlah minimal 1."
        if not isinstance(line.unit_cost, int) or not 0 <= line.unit_cost <= MAX_COST:
            errors[f"lines.{i}.unit_cost"] = "Harga per unit minimal Rp0."
    if errors:
        raise DomainError("Periksa kembali barang yang dipesan.", code="invalid_lines", fields=errors)


@transaction.atomic
def create_purchase_order(
    *,
    store: Store,
    supplier_id: int,
    lines: list[LineIn],
    location_id: int | None = None,
    expected_date: dt.date | None = None,
    notes: str = "",
    actor=None,
) -> PurchaseOrder:
    """A draft PO: lines of this store's variants, into one of its locations."""
    supplier = Supplier.objects.filter(pk=supplier_id, store=store).first()
    if supplier is None:
        raise DomainError(
            "Pemasok tidak ditemukan.", code="invalid_supplier", fields={"supplier_id": "Pilih pemasok toko."}
        )
    if len(notes) > 2000:
        raise DomainError("Catatan terlalu panjang.", code="invalid_notes", fields={"notes": "Maks. 2000 karakter."})
    location = _location(store, location_id)
    _check_lines(store, lines)
    po = PurchaseOrder.objects.create(
        store=store,
        number=_next_number(store, PurchaseOrder, "PO"),
        supplier=supplier,
        location=location,
        expected_date=expected_date,
        notes=notes,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    PurchaseOrderLine.objects.bulk_create(
        PurchaseOrderLine(purchase_order=po, variant_id=x.variant_id, quantity=x.quantity, unit_cost=x.unit_cost)
        for x in lines
    )
    return po


def _move(po: PurchaseOrder, target: str, **fields) -> PurchaseOrder:
    """One guarded move: refused (409, nothing changed) unless the graph allows it from the
    status the row has now; the conditional UPDATE settles two concurrent clicks."""
    locked = PurchaseOrder.objects.select_for_update().get(pk=po.pk)
    if not can_move(locked.status, target):
        raise Conflict(
            f"Pesanan pembelian berstatus {locked.get_status_display()} tidak bisa diubah ke {Status(target).label}.",
            code="invalid_transition",
            fields={"status": locked.status},
        )
    PurchaseOrder.objects.filter(pk=po.pk).update(status=target, **fields)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def place_order(*, po: PurchaseOrder) -> PurchaseOrder:
    """Draft -> ordered: sent to the supplier."""
    return _move(po, Status.ORDERED, ordered_at=clock.now())


@transaction.atomic
def cancel(*, po: PurchaseOrder) -> PurchaseOrder:
    """Draft or ordered, nothing received yet."""
    return _move(po, Status.CANCELLED, finished_at=clock.now())


@transaction.atomic
def close_short(*, po: PurchaseOrder) -> PurchaseOrder:
    """A partially received PO whose rest will not come: the units still to come stop counting."""
    return _move(po, Status.CLOSED, finished_at=clock.now())


# --- goods received --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiveLine:
    """Units received now: against a PO line (po_line_id), or ad hoc (variant_id + unit_cost)."""

    quantity: int
    po_line_id: int | None = None
    variant_id: int | None = None
    unit_cost: int | None = None


@dataclass(frozen=True)
class Received:
    receipt: Receipt
    created: bool  # False: the same key was posted before; nothing was received again


def receive(
    *,
    store: Store,
    lines: list[ReceiveLine],
    purchase_order_id: int | None = None,
    location_id: int | None = None,
    idempotency_key: str = "",
    allow_over: bool = False,
    note: str = "",
    actor=None,
) -> Received:
    """Penerimaan Barang: each line's units go on hand at the location (the PO's, unless
    another of the store's is named) through inventory.receive, at the PO line's cost, so
    the movement and the moving-average cost are inventory's. A key posted before answers
    with the first receipt and receives nothing."""
    key = (idempotency_key or "").strip()
    if len(key) > 80:
        raise DomainError(
            "Idempotency-Key terlalu panjang.", code="invalid_key", fields={"idempotency_key": "Maks. 80."}
        )
    if key:
        earlier = Receipt.objects.filter(store=store, idempotency_key=key).first()
        if earlier:
            return Received(earlier, False)
    if len(note) > 255:
        raise DomainError("Catatan terlalu panjang.", code="invalid_note", fields={"note": "Maks. 255 karakter."})
    try:
        with transaction.atomic():
            # The store's row is the queue for its receipts: a second request with the same key
            # waits here for the first to commit, then finds its receipt below.
            Store.objects.select_for_update().filter(pk=store.pk).first()
            earlier = Receipt.objects.filter(store=store, idempotency_key=key).first() if key else None
            if earlier:
                return Received(earlier, False)
            return Received(_receive(store, lines, purchase_order_id, location_id, key, allow_over, note, actor), True)
    except IntegrityError:
        # The same key committed by a concurrent request first: its receipt is the answer.
        earlier = Receipt.objects.filter(store=store, idempotency_key=key).first() if key else None
        if earlier is None:
            raise
        return Received(earlier, False)


def _receive(store, lines, purchase_order_id, location_id, key, allow_over, note, actor) -> Receipt:
    po = None
    if purchase_order_id is not None:
        po = PurchaseOrder.objects.select_for_update().filter(pk=purchase_order_id, store=store).first()
        if po is None:
            raise NotFound("Pesanan pembelian tidak ditemukan.", code="purchase_order_not_found")
        if po.status not in RECEIVABLE:
            raise Conflict(
                f"Pesanan pembelian berstatus {po.get_status_display()} tidak bisa diterima.",
                code="invalid_transition",
                fields={"status": po.status},
            )
    location = _location(store, location_id) if location_id is not None or po is None else po.location
    wanted = [line for line in lines if line.quantity != 0]
    errors: dict[str, str] = {}
    if not wanted:
        errors["lines"] = "Isi jumlah diterima minimal satu barang."
    po_lines = {pl.pk: pl for pl in po.lines.select_for_update()} if po else {}
    mine = set(
        Variant.objects.filter(pk__in={x.variant_id for x in wanted}, product__store=store).values_list("pk", flat=True)
    )
    resolved: list[tuple[PurchaseOrderLine | None, int, int, int]] = []
    for i, line in enumerate(lines):
        if line.quantity == 0:
            continue
        if not isinstance(line.quantity, int) or not 1 <= line.quantity <= MAX_QUANTITY:
            errors[f"lines.{i}.quantity"] = "Jumlah minimal 1."
            continue
        if po is not None:
            pl = po_lines.get(line.po_line_id or 0)
            if pl is None:
                errors[f"lines.{i}.po_line_id"] = "Baris tidak ada di pesanan pembelian ini."
                continue
            if line.quantity > pl.remaining and not allow_over:
                errors[f"lines.{i}.quantity"] = f"Melebihi sisa pesanan ({pl.remaining}); centang 'terima lebih'."
                continue
            resolved.append((pl, pl.variant_id, line.quantity, pl.unit_cost))
        else:
            if line.variant_id not in mine:
                errors[f"lines.{i}.variant_id"] = "Varian tidak ditemukan di toko ini."
                continue
            if not isinstance(line.unit_cost, int) or not 0 <= line.unit_cost <= MAX_COST:
                errors[f"lines.{i}.unit_cost"] = "Harga per unit minimal Rp0."
                continue
            resolved.append((None, line.variant_id, line.quantity, line.unit_cost))
    if errors:
        raise DomainError("Periksa kembali barang yang diterima.", code="invalid_receipt", fields=errors)
    receipt = Receipt.objects.create(
        store=store,
        number=_next_number(store, Receipt, "GR"),
        purchase_order=po,
        location=location,
        idempotency_key=key,
        note=note,
        received_by=actor if getattr(actor, "pk", None) else None,
    )
    for pl, variant_id, quantity, cost in resolved:
        ReceiptLine.objects.create(
            receipt=receipt, po_line=pl, variant_id=variant_id, quantity=quantity, unit_cost=cost
        )
        inventory.receive(
            variant_id=variant_id,
            quantity=quantity,
            unit_cost=cost,
            location_id=location.pk,
            reference=receipt.number,
            actor=actor,
            note=po.number if po else note,
        )
        if pl is not None:
            PurchaseOrderLine.objects.filter(pk=pl.pk).update(received=F("received") + quantity)
    if po is not None:
        done = all(pl.remaining == 0 for pl in po.lines.all())
        _move(po, Status.RECEIVED if done else Status.PARTIAL, **({"finished_at": clock.now()} if done else {}))
    return receipt


# --- reorder settings ---------------------------------------------------------------------------------


@transaction.atomic
def set_overrides(
    *, store: Store, variant_id: int, min_stock: int | None, lead_time_days: int | None
) -> VariantReorder:
    if not Variant.objects.filter(pk=variant_id, product__store=store).exists():
        raise NotFound("Varian tidak ditemukan.", code="variant_not_found")
    errors = {}
    if min_stock is not None and not 0 <= min_stock <= MAX_QUANTITY:
        errors["min_stock"] = "Minimal 0."
    if lead_time_days is not None and not 0 <= lead_time_days <= MAX_LEAD_DAYS:
        errors["lead_time_days"] = f"0 sampai {MAX_LEAD_DAYS} hari."
    if errors:
        raise DomainError("Periksa kembali pengaturan.", code="invalid_reorder", fields=errors)
    row, _ = VariantReorder.objects.get_or_create(variant_id=variant_id)
    row.min_stock, row.lead_time_days = min_stock or None, lead_time_days or None
    row.reorder_point = None  # checked afresh at the next change of its stock
    row.save(update_fields=["min_stock", "lead_time_days", "reorder_point"])
    return row


@transaction.atomic
def set_store_lead_time(*, store: Store, lead_time_days: int | None) -> StoreReorder:
    if lead_time_days is not None and not 0 <= lead_time_days <= MAX_LEAD_DAYS:
        raise DomainError(
            "Periksa kembali pengaturan.", code="invalid_reorder", fields={"lead_time_days": "0 sampai 365 hari."}
        )
    row, _ = StoreReorder.objects.update_or_create(store=store, defaults={"lead_time_days": lead_time_days or None})
    _forget_points(store)
    return row


def _forget_points(store: Store) -> None:
    """A lead time changed: the store's variants are checked afresh at their next change."""
    VariantReorder.objects.filter(variant__product__store=store).update(reorder_point=None)


@transaction.atomic
def draft_from_advice(*, store: Store, variant_ids: list[int], actor=None) -> list[PurchaseOrder]:
    """Stok Menipis -> one draft PO per supplier with the suggested quantities and the last
    known cost. Variants with no supplier yet go to the store's first active supplier."""
    chosen = [a for a in advice.for_store(store_id=store.pk, variant_ids=variant_ids) if a.figures.suggested > 0]
    if not chosen:
        raise DomainError("Tidak ada barang yang perlu dipesan dari pilihan ini.", code="nothing_to_order")
    fallback = Supplier.objects.filter(store=store, is_active=True).values_list("pk", flat=True).first()
    groups: dict[int, list[LineIn]] = {}
    for a in chosen:
        supplier_id = a.supplier_id or fallback
        if supplier_id is None:
            raise DomainError(
                "Tambahkan pemasok dulu.", code="no_supplier", fields={"supplier_id": "Belum ada pemasok aktif."}
            )
        groups.setdefault(supplier_id, []).append(LineIn(a.variant_id, a.figures.suggested, a.last_cost))
    return [
        create_purchase_order(store=store, supplier_id=s, lines=lines, actor=actor)
        for s, lines in sorted(groups.items())
    ]
