"""Tracking for the buyer and the seller, and the seller's packing and pickup by API."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.errors import NotFound
from niaga.core.schemas import ERRORS
from niaga.orders import selectors as orders
from niaga.stores import selectors as stores

from .models import Shipment

router = Router(tags=["shipping"])


class TrackingEventOut(Schema):
    status: str
    label: str
    note: str
    occurred_at: dt.datetime


class TrackingOut(Schema):
    order_id: int
    courier: str
    service: str
    awb: str
    status: str
    chargeable_grams: int
    events: list[TrackingEventOut]


class PackIn(Schema):
    counts: dict[int, int] = Field(description="order line id → units put in the parcel")
    weight_grams: int
    length_cm: int
    width_cm: int
    height_cm: int
    notes: str = Field("", max_length=200)
    insured: bool = False


class PickupIn(Schema):
    courier: str = Field(max_length=20, description="jne, jnt, sicepat, pos or anteraja")


class ManifestOut(Schema):
    number: str
    courier: str
    pickup_id: str
    awbs: list[str]


def tracking_out(order) -> dict:
    shipment = Shipment.objects.filter(order=order).first()
    if shipment is None:
        raise NotFound("Pesanan ini belum dipesankan kurir.", code="not_booked")
    return {
        "order_id": order.pk,
        "courier": shipment.courier,
        "service": shipment.service,
        "awb": shipment.awb,
        "status": shipment.status,
        "chargeable_grams": shipment.chargeable_grams,
        "events": [
            {"status": e.status, "label": e.label, "note": e.note, "occurred_at": e.occurred_at} for e in shipment.events.all()
        ],
    }


@router.get("/orders/{order_id}/tracking", response={200: TrackingOut, **ERRORS}, summary="Lacak paket (buyer)")
def buyer_tracking(request, order_id: int):
    return tracking_out(orders.buyer_order(request.user, order_id))


@router.get("/seller/orders/{order_id}/tracking", response={200: TrackingOut, **ERRORS}, summary="Lacak paket (seller)")
def seller_tracking(request, order_id: int):
    return tracking_out(orders.store_order(stores.my_store(request.user), order_id))


@router.post("/seller/orders/{order_id}/package", response={200: TrackingOut, **ERRORS}, summary="Close the parcel and book its courier")
def pack(request, order_id: int, payload: PackIn):
    from niaga.fulfillment import services as fulfillment

    order = orders.store_order(stores.my_store(request.user), order_id)
    fulfillment.pack(order=order, user=request.user, **payload.model_dump())
    return tracking_out(order)


@router.post("/seller/pickups", response={201: ManifestOut, **ERRORS}, summary="Minta Penjemputan: hand packed parcels to a courier")
def pickup(request, payload: PickupIn):
    from niaga.fulfillment import services as fulfillment

    from . import services

    store = stores.my_store(request.user)
    manifest = services.request_pickup(
        location=fulfillment.store_location(store=store), courier_code=payload.courier, user=request.user, store=store
    )
    return Status(201, {
        "number": manifest.number,
        "courier": manifest.courier,
        "pickup_id": manifest.pickup_id,
        "awbs": list(manifest.shipments.values_list("awb", flat=True)),
    })
