"""Pemasok, pesanan pembelian, penerimaan barang dan saran pemesanan ulang, in the API.

Reads need the token's `read` scope, writes `products` (accounts/scopes.py)."""

import datetime as dt

from ninja import Header, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from niaga.core.schemas import ERRORS, Day, Input
from niaga.stores import selectors as stores

from . import advice, selectors, services
from .services import MAX_COST, MAX_LEAD_DAYS, MAX_LINES, MAX_QUANTITY

router = Router(tags=["purchasing"])


class SupplierIn(Input):
    name: str = Field(max_length=120)
    contact_name: str = Field("", max_length=80)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=120)
    address: str = Field("", max_length=300)
    lead_time_days: int | None = Field(None, ge=0, le=MAX_LEAD_DAYS)
    notes: str = Field("", max_length=2000)
    is_active: bool = True


class SupplierPatch(Input):
    name: str | None = Field(None, max_length=120)
    contact_name: str | None = Field(None, max_length=80)
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=120)
    address: str | None = Field(None, max_length=300)
    lead_time_days: int | None = Field(None, ge=0, le=MAX_LEAD_DAYS)
    notes: str | None = Field(None, max_length=2000)
    is_active: bool | None = None


class SupplierOut(Schema):
    id: int
    name: str
    contact_name: str
    phone: str
    email: str
    address: str
    lead_time_days: int | None
    notes: str
    is_active: bool


class PurchaseLineIn(Input):
    variant_id: int
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    unit_cost: int = Field(ge=0, le=MAX_COST)


class PurchaseOrderIn(Input):
    supplier_id: int
    location_id: int | None = None
    expected_date: Day | None = None
    notes: str = Field("", max_length=2000)
    lines: list[PurchaseLineIn] = Field(min_length=1, max_length=MAX_LINES)


class PurchaseLineOut(Schema):
    id: int
    variant_id: int
    name: str
    quantity: int
    unit_cost: int
    received: int
    remaining: int


class PurchaseOrderOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    supplier_id: int
    supplier_name: str
    location_id: int
    expected_date: dt.date | None
    notes: str
    total: int
    created_at: dt.datetime
    ordered_at: dt.datetime | None
    lines: list[PurchaseLineOut]


class GoodsReceiptLineIn(Input):
    quantity: int = Field(ge=0, le=MAX_QUANTITY)
    po_line_id: int | None = None
    variant_id: int | None = None
    unit_cost: int | None = Field(None, ge=0, le=MAX_COST)


class GoodsReceiptIn(Input):
    purchase_order_id: int | None = None
    location_id: int | None = None
    allow_over: bool = False
    note: str = Field("", max_length=255)
    lines: list[GoodsReceiptLineIn] = Field(min_length=1, max_length=MAX_LINES)


class GoodsReceiptLineOut(Schema):
    variant_id: int
    po_line_id: int | None
    quantity: int
    unit_cost: int


class GoodsReceiptOut(Schema):
    id: int
    number: str
    purchase_order_id: int | None
    location_id: int
    note: str
    created_at: dt.datetime
    lines: list[GoodsReceiptLineOut]


class ReorderAdviceOut(Schema):
    variant_id: int
    product_id: int
    name: str
    sku: str
    available: int
    on_order: int
    sold_in_window: int
    window_days: int
    average_daily: float
    lead_time_days: int
    safety_stock: int
    reorder_point: int
    suggested_quantity: int
    days_of_cover: float | None
    state: str
    reason: str
    supplier_id: int | None
    last_cost: int


def _supplier(s) -> SupplierOut:
    return SupplierOut.from_orm(s)


def _po(po) -> PurchaseOrderOut:
    lines = [
        PurchaseLineOut(
            id=x.pk,
            variant_id=x.variant_id,
            name=str(x.variant),
            quantity=x.quantity,
            unit_cost=x.unit_cost,
            received=x.received,
            remaining=x.remaining,
        )
        for x in po.lines.all()
    ]
    return PurchaseOrderOut(
        id=po.pk,
        number=po.number,
        status=po.status,
        status_label=po.get_status_display(),
        supplier_id=po.supplier_id,
        supplier_name=po.supplier.name,
        location_id=po.location_id,
        expected_date=po.expected_date,
        notes=po.notes,
        total=sum(x.quantity * x.unit_cost for x in lines),
        created_at=po.created_at,
        ordered_at=po.ordered_at,
        lines=lines,
    )


def _receipt(r) -> GoodsReceiptOut:
    return GoodsReceiptOut(
        id=r.pk,
        number=r.number,
        purchase_order_id=r.purchase_order_id,
        location_id=r.location_id,
        note=r.note,
        created_at=r.created_at,
        lines=[
            GoodsReceiptLineOut(
                variant_id=x.variant_id, po_line_id=x.po_line_id, quantity=x.quantity, unit_cost=x.unit_cost
            )
            for x in r.lines.all()
        ],
    )


# --- suppliers ---


@router.get("/seller/suppliers", response={200: list[SupplierOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_suppliers(request):
    return list(selectors.suppliers(stores.my_store(request.user)))


@router.post("/seller/suppliers", response={201: SupplierOut, **ERRORS})
def create_supplier(request, payload: SupplierIn):
    store = stores.my_store(request.user)
    return Status(201, _supplier(services.create_supplier(store=store, data=payload.dict())))


@router.get("/seller/suppliers/{supplier_id}", response={200: SupplierOut, **ERRORS})
def get_supplier(request, supplier_id: int):
    return _supplier(selectors.supplier(stores.my_store(request.user), supplier_id))


@router.patch("/seller/suppliers/{supplier_id}", response={200: SupplierOut, **ERRORS})
def update_supplier(request, supplier_id: int, payload: SupplierPatch):
    supplier = selectors.supplier(stores.my_store(request.user), supplier_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "lead_time_days"}
    return _supplier(services.update_supplier(supplier=supplier, data=data))


# --- purchase orders ---


@router.get("/seller/purchase-orders", response={200: list[PurchaseOrderOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_purchase_orders(request, status: str = ""):
    store = stores.my_store(request.user)
    return [
        _po(po) for po in selectors.purchase_orders(store, status=status).prefetch_related("lines__variant__product")
    ]


@router.post("/seller/purchase-orders", response={201: PurchaseOrderOut, **ERRORS})
def create_purchase_order(request, payload: PurchaseOrderIn):
    store = stores.my_store(request.user)
    po = services.create_purchase_order(
        store=store,
        supplier_id=payload.supplier_id,
        location_id=payload.location_id,
        expected_date=payload.expected_date,
        notes=payload.notes,
        lines=[services.LineIn(x.variant_id, x.quantity, x.unit_cost) for x in payload.lines],
        actor=request.user,
    )
    return Status(201, _po(selectors.purchase_order(store, po.pk)))


@router.get("/seller/purchase-orders/{po_id}", response={200: PurchaseOrderOut, **ERRORS})
def get_purchase_order(request, po_id: int):
    return _po(selectors.purchase_order(stores.my_store(request.user), po_id))


def _po_move(request, po_id: int, move) -> PurchaseOrderOut:
    store = stores.my_store(request.user)
    move(po=selectors.purchase_order(store, po_id))
    return _po(selectors.purchase_order(store, po_id))


@router.post("/seller/purchase-orders/{po_id}/order", response={200: PurchaseOrderOut, **ERRORS})
def order_purchase_order(request, po_id: int):
    """Draft -> ordered (sent to the supplier)."""
    return _po_move(request, po_id, services.place_order)


@router.post("/seller/purchase-orders/{po_id}/cancel", response={200: PurchaseOrderOut, **ERRORS})
def cancel_purchase_order(request, po_id: int):
    """Draft or ordered -> cancelled; 409 once goods were received (close it instead)."""
    return _po_move(request, po_id, services.cancel)


@router.post("/seller/purchase-orders/{po_id}/close", response={200: PurchaseOrderOut, **ERRORS})
def close_purchase_order(request, po_id: int):
    """Partially received -> closed short."""
    return _po_move(request, po_id, services.close_short)


# --- receipts ---


@router.get("/seller/receipts", response={200: list[GoodsReceiptOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_receipts(request):
    store = stores.my_store(request.user)
    return [_receipt(r) for r in selectors.receipts(store).prefetch_related("lines")]


@router.post("/seller/receipts", response={201: GoodsReceiptOut, 200: GoodsReceiptOut, **ERRORS})
def create_receipt(request, payload: GoodsReceiptIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    """Goods received, against a PO (lines by po_line_id) or ad hoc (variant_id + unit_cost).
    Send an Idempotency-Key: the same key again answers 200 with the first receipt."""
    store = stores.my_store(request.user)
    done = services.receive(
        store=store,
        purchase_order_id=payload.purchase_order_id,
        location_id=payload.location_id,
        allow_over=payload.allow_over,
        note=payload.note,
        idempotency_key=idempotency_key,
        lines=[services.ReceiveLine(x.quantity, x.po_line_id, x.variant_id, x.unit_cost) for x in payload.lines],
        actor=request.user,
    )
    return Status(201 if done.created else 200, _receipt(selectors.receipt(store, done.receipt.pk)))


@router.get("/seller/receipts/{receipt_id}", response={200: GoodsReceiptOut, **ERRORS})
def get_receipt(request, receipt_id: int):
    return _receipt(selectors.receipt(stores.my_store(request.user), receipt_id))


class ReorderSettingIn(Input):
    min_stock: int | None = Field(None, ge=0, le=MAX_QUANTITY, description="null: none")
    lead_time_days: int | None = Field(None, ge=0, le=MAX_LEAD_DAYS, description="null: the supplier's or the default")


class ReorderSettingOut(Schema):
    variant_id: int
    min_stock: int | None
    lead_time_days: int | None


@router.put("/seller/reorder-settings/{variant_id}", response={200: ReorderSettingOut, **ERRORS})
def set_reorder_setting(request, variant_id: int, payload: ReorderSettingIn):
    """A variant's own minimum stock and lead time for reorder advice."""
    row = services.set_overrides(
        store=stores.my_store(request.user),
        variant_id=variant_id,
        min_stock=payload.min_stock,
        lead_time_days=payload.lead_time_days,
    )
    return ReorderSettingOut(variant_id=row.variant_id, min_stock=row.min_stock, lead_time_days=row.lead_time_days)


# --- advice ---


@router.get("/seller/reorder-advice", response={200: list[ReorderAdviceOut], **ERRORS})
def reorder_advice(request, only_to_reorder: bool = True):
    """Per variant: the figures of purchasing/advice.py (its docstring has the formulas)."""
    store = stores.my_store(request.user)
    rows = advice.to_reorder(store_id=store.pk) if only_to_reorder else advice.for_store(store_id=store.pk)
    window = advice.window_days()
    return [
        ReorderAdviceOut(
            variant_id=a.variant_id,
            product_id=a.product_id,
            name=a.name,
            sku=a.sku,
            available=a.available,
            on_order=a.on_order,
            sold_in_window=a.sold,
            window_days=window,
            average_daily=round(float(a.figures.average_daily), 3),
            lead_time_days=a.lead_time,
            safety_stock=a.figures.safety_stock,
            reorder_point=a.figures.reorder_point,
            suggested_quantity=a.figures.suggested,
            days_of_cover=a.figures.days_of_cover,
            state=a.figures.state,
            reason=a.reason,
            supplier_id=a.supplier_id,
            last_cost=a.last_cost,
        )
        for a in rows
    ]
