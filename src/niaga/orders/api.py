import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import selectors, services
from .status import Status

router = Router(tags=["orders"])


class LineOut(Schema):
    variant_id: int
    product_name: str
    variant_name: str
    unit_price: int
    quantity: int
    line_total: int


class EventOut(Schema):
    from_status: str
    to_status: str
    to_label: str
    actor_role: str
    reason: str
    created_at: dt.datetime


class OrderOut(Schema):
    id: int
    number: str
    payment_code: str
    status: str
    status_label: str
    store_id: int
    store_name: str
    buyer_name: str
    shipping_address: dict
    courier_name: str
    shipping_eta: str
    subtotal: int
    shipping_cost: int
    total: int
    payment_due_at: dt.datetime
    paid_at: dt.datetime | None
    ship_by: dt.datetime | None
    awb: str
    shipped_at: dt.datetime | None
    confirm_by: dt.datetime | None
    created_at: dt.datetime
    lines: list[LineOut]
    events: list[EventOut] = []


class TabQuery(Schema):
    tab: str = Field("", pattern="^(|unpaid|packing|shipping|done|cancelled)$")


class StatusQuery(Schema):
    status: str = Field("", max_length=20)


class ShipIn(Input):
    awb: str = Field(max_length=40, description="nomor resi from the courier")


class ReasonIn(Input):
    reason: str = Field("", max_length=255)


def order_out(order, *, with_events: bool = False) -> dict:
    data = {
        "id": order.pk,
        "number": order.number,
        "payment_code": order.group.code,
        "status": order.status,
        "status_label": order.status_label,
        "store_id": order.store_id,
        "store_name": order.store.name,
        "buyer_name": order.buyer.full_name,
        "shipping_address": order.shipping_address,
        "courier_name": order.courier_name,
        "shipping_eta": order.shipping_eta,
        "subtotal": order.subtotal,
        "shipping_cost": order.shipping_cost,
        "total": order.total,
        "payment_due_at": order.payment_due_at,
        "paid_at": order.paid_at,
        "ship_by": order.ship_by,
        "awb": order.awb,
        "shipped_at": order.shipped_at,
        "confirm_by": order.confirm_by,
        "created_at": order.created_at,
        "lines": [
            {
                "variant_id": line.variant_id,
                "product_name": line.product_name,
                "variant_name": line.variant_name,
                "unit_price": line.unit_price,
                "quantity": line.quantity,
                "line_total": line.line_total,
            }
            for line in order.lines.all()
        ],
    }
    if with_events:
        data["events"] = [
            {
                "from_status": e.from_status,
                "to_status": e.to_status,
                "to_label": Status(e.to_status).label,
                "actor_role": e.actor_role,
                "reason": e.reason,
                "created_at": e.created_at,
            }
            for e in order.events.all()
        ]
    return data


@router.get("/orders", response=list[OrderOut], summary="Pesanan Saya (buyer), by tab")
def my_orders(request, q: Query[TabQuery]):
    return [order_out(o) for o in selectors.buyer_orders(request.user, q.tab or None).select_related("buyer")[:200]]


@router.get("/orders/{order_id}", response={200: OrderOut, **ERRORS})
def my_order(request, order_id: int):
    return order_out(selectors.buyer_order(request.user, order_id), with_events=True)


@router.post("/orders/{order_id}/cancel", response={200: OrderOut, **ERRORS}, summary="Cancel before paying")
def cancel(request, order_id: int, payload: ReasonIn):
    order = selectors.buyer_order(request.user, order_id)
    services.buyer_cancel(group=order.group, buyer=request.user, reason=payload.reason)
    return order_out(selectors.buyer_order(request.user, order_id), with_events=True)


@router.get("/seller/orders", response={200: list[OrderOut], **ERRORS}, summary="My store's orders, by status")
def store_orders(request, q: Query[StatusQuery]):
    store = stores.my_store(request.user)
    return [order_out(o) for o in selectors.store_orders(store, q.status or None).select_related("store")[:200]]


@router.get("/seller/orders/{order_id}", response={200: OrderOut, **ERRORS})
def store_order(request, order_id: int):
    store = stores.my_store(request.user)
    return order_out(selectors.store_order(store, order_id), with_events=True)


@router.post("/orders/{order_id}/confirm", response={200: OrderOut, **ERRORS}, summary="Pesanan Diterima")
def confirm(request, order_id: int):
    services.buyer_confirm(order=selectors.buyer_order(request.user, order_id), buyer=request.user)
    return order_out(selectors.buyer_order(request.user, order_id), with_events=True)


@router.post("/seller/orders/{order_id}/pack", response={200: OrderOut, **ERRORS}, summary="Packed: Siap Dikirim")
def pack(request, order_id: int):
    store = stores.my_store(request.user)
    services.seller_pack(order=selectors.store_order(store, order_id), seller=request.user)
    return order_out(selectors.store_order(store, order_id), with_events=True)


@router.post(
    "/seller/orders/{order_id}/ship", response={200: OrderOut, **ERRORS}, summary="Handed to the courier with its AWB"
)
def ship(request, order_id: int, payload: ShipIn):
    store = stores.my_store(request.user)
    services.seller_ship(order=selectors.store_order(store, order_id), seller=request.user, awb=payload.awb)
    return order_out(selectors.store_order(store, order_id), with_events=True)
