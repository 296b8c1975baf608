import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import selectors, services
from .status import Status

router = Router(tags=["orders"])


class OrderLineOut(Schema):
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

    @staticmethod
    def resolve_to_label(event) -> str:
        return Status(event.to_status).label


class OrderOut(Schema):  # an order with its timeline, as its own endpoints answer
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
    lines: list[OrderLineOut]
    events: list[EventOut] = []

    @staticmethod
    def resolve_payment_code(order) -> str:
        return order.group.code

    @staticmethod
    def resolve_store_name(order) -> str:
        return order.store.name

    @staticmethod
    def resolve_buyer_name(order) -> str:
        return order.buyer.full_name


class OrderInList(OrderOut):
    """An order in a list: the same fields, its timeline left to the order's own endpoint."""

    @staticmethod
    def resolve_events(order) -> list:
        return []


class TabQuery(Schema):
    tab: str = Field("", pattern="^(|unpaid|packing|shipping|done|cancelled)$")


class OrderStatusQuery(Schema):
    status: str = Field("", max_length=20)


class ShipIn(Input):
    awb: str = Field(max_length=40, description="nomor resi from the courier")


class OrderReasonIn(Input):
    reason: str = Field("", max_length=255)


@router.get("/orders", response=list[OrderInList], summary="Pesanan Saya (buyer), by tab")
def my_orders(request, q: Query[TabQuery]):
    return selectors.buyer_orders(request.user, q.tab or None).select_related("buyer")[:200]


@router.get("/orders/{order_id}", response={200: OrderOut, **ERRORS})
def my_order(request, order_id: int):
    return selectors.buyer_order(request.user, order_id)


@router.post("/orders/{order_id}/cancel", response={200: OrderOut, **ERRORS}, summary="Cancel before paying")
def cancel(request, order_id: int, payload: OrderReasonIn):
    order = selectors.buyer_order(request.user, order_id)
    services.buyer_cancel(group=order.group, buyer=request.user, reason=payload.reason)
    return selectors.buyer_order(request.user, order_id)


@router.get("/seller/orders", response={200: list[OrderInList], **ERRORS}, summary="My store's orders, by status")
def store_orders(request, q: Query[OrderStatusQuery]):
    store = stores.my_store(request.user)
    return selectors.store_orders(store, q.status or None).select_related("store")[:200]


@router.get("/seller/orders/{order_id}", response={200: OrderOut, **ERRORS})
def store_order(request, order_id: int):
    store = stores.my_store(request.user)
    return selectors.store_order(store, order_id)


@router.post("/orders/{order_id}/confirm", response={200: OrderOut, **ERRORS}, summary="Pesanan Diterima")
def confirm(request, order_id: int):
    services.buyer_confirm(order=selectors.buyer_order(request.user, order_id), buyer=request.user)
    return selectors.buyer_order(request.user, order_id)


@router.post("/seller/orders/{order_id}/pack", response={200: OrderOut, **ERRORS}, summary="Packed: Siap Dikirim")
def pack(request, order_id: int):
    store = stores.my_store(request.user)
    services.seller_pack(order=selectors.store_order(store, order_id), seller=request.user)
    return selectors.store_order(store, order_id)


@router.post(
    "/seller/orders/{order_id}/ship", response={200: OrderOut, **ERRORS}, summary="Handed to the courier with its AWB"
)
def ship(request, order_id: int, payload: ShipIn):
    store = stores.my_store(request.user)
    services.seller_ship(order=selectors.store_order(store, order_id), seller=request.user, awb=payload.awb)
    return selectors.store_order(store, order_id)
