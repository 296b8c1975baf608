"""Tracking for the buyer and the seller, and the seller's packing and pickup by API."""

import datetime as dt

from ninja import Router, Schema

from niaga.core import tracking
from niaga.core.schemas import ERRORS, Error
from niaga.orders import selectors as orders
from niaga.stores import selectors as stores

from . import selectors, services

router = Router(tags=["shipping"])


class TrackingEventOut(Schema):
    status: str
    label: str
    note: str
    occurred_at: dt.datetime


class TrackingOut(Schema):  # reads a booked Shipment; its courier's events oldest first
    order_id: int
    courier: str
    service: str
    awb: str
    status: str
    status_label: str
    chargeable_grams: int
    events: list[TrackingEventOut]

    @staticmethod
    def resolve_status_label(shipment) -> str:
        return tracking.label(shipment.status)


@router.get("/orders/{order_id}/tracking", response={200: TrackingOut, **ERRORS}, summary="Lacak paket (buyer)")
def buyer_tracking(request, order_id: int):
    return selectors.booked_shipment(orders.buyer_order(request.user, order_id))


@router.post(
    "/orders/{order_id}/tracking/refresh",
    response={200: TrackingOut, 429: Error, **ERRORS},
    summary="Perbarui lacak (buyer)",
)
def buyer_refresh_tracking(request, order_id: int):
    """Ask the courier now for fresh tracking: once a minute per order, else 429 with Retry-After."""
    order = orders.buyer_order(request.user, order_id)
    services.refresh_for_buyer(order=order)
    return selectors.booked_shipment(order)


@router.get("/seller/orders/{order_id}/tracking", response={200: TrackingOut, **ERRORS}, summary="Lacak paket (seller)")
def seller_tracking(request, order_id: int):
    return selectors.booked_shipment(orders.store_order(stores.my_store(request.user), order_id))
