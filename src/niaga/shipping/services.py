"""Writes for shipping: book a packed order with its courier, hand parcels over at a
pickup, follow their tracking, and move the order when the courier says so.

Tracking is polled (tasks.py) and each event is stored once (a unique key), so a poll
that repeats or overlaps another changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from niaga.core import clock, throttle, tracking
from niaga.core.errors import Conflict, DomainError
from niaga.core.ids import random_digits
from niaga.core.tracking import Tracking as T
from niaga.notifications.services import notify
from niaga.orders import services as orders
from niaga.orders.models import Order
from niaga.orders.status import Status

from . import couriers
from .models import Manifest, Shipment, TrackingEvent

log = logging.getLogger(__name__)

FINAL = tracking.FINAL
# What a courier's event does to the order: (status it moves to, reason on the timeline).
ORDER_MOVES: dict[str, tuple[Status, str]] = {
    T.PICKED: (Status.SHIPPED, "Paket diambil kurir"),
    T.DELIVERED: (Status.DELIVERED, "Paket diterima di alamat pembeli"),
    T.RETURNED: (Status.RETURNED, "Paket kembali ke penjual setelah gagal diantar; dana dikembalikan ke pembeli"),
    T.LOST: (Status.CANCELLED, "Paket hilang di perjalanan; dana dikembalikan ke pembeli"),
}


# What a courier needs of the sender to come for a parcel, as field errors when missing.
SENDER_FIELDS = {
    "address": "Alamat jalan gudang wajib diisi.",
    "postal_code": "Kode pos gudang wajib diisi.",
    "phone": "Nomor telepon kontak gudang wajib diisi.",
}


def book(*, order: Order, parcel: couriers.Parcel, sender: dict, insured: bool, note: str = "") -> Shipment:
    """Ask the order's courier for an AWB. Booked once: a second call returns the first booking."""
    existing = Shipment.objects.filter(order=order).first()
    if existing:
        return existing
    courier = couriers.get(order.courier_code)
    _, service = couriers.split(order.courier_code)
    if courier is None or courier.service(service) is None:
        raise DomainError(f"Kurir {order.courier_name} tidak dikenal.", code="unknown_courier")
    missing = {key: SENDER_FIELDS[key] for key in SENDER_FIELDS if not str(sender.get(key) or "").strip()}
    if missing:  # the courier would refuse it; say what to fill in before asking
        raise Conflict(
            "Alamat penjemputan belum lengkap: isi alamat, kode pos dan telepon kontak gudang sebelum memesan kurir.",
            code="pickup_address_incomplete",
            fields=missing,
        )
    address = order.shipping_address
    booking = couriers.Booking(
        reference=order.number,
        service=service,
        sender=sender,
        recipient={
            "name": address.get("recipient_name", ""),
            "phone": address.get("phone", ""),
            "address": ", ".join(
                filter(None, [address.get("street"), address.get("village"), address.get("district")])
            ),
            "postal_code": address.get("postal_code", ""),
            "area_name": address.get("regency", ""),
        },
        parcel=parcel,
        items=[
            {
                "name": line.product_name[:100],
                "value": line.unit_price,
                "quantity": line.to_send,
                "weight": line.weight_grams,
            }
            for line in order.lines.all()
            if line.to_send
        ],
        insured=insured,
        note=note,
    )
    booked = courier.book(booking)
    try:
        return Shipment.objects.create(
            order=order,
            courier=courier.code,
            service=service,
            booking_id=booked.booking_id,
            awb=booked.awb,
            price=booked.price,
            chargeable_grams=parcel.chargeable_grams,
            insured_value=parcel.value if insured else 0,
            created_at=clock.now(),
        )
    except IntegrityError:
        courier.cancel(booked.booking_id)  # a parallel packer won; give this AWB back
        raise Conflict("Pesanan ini sudah dipesankan kurir.", code="already_booked") from None


def request_pickup(*, location, courier_code: str, user, store=None) -> Manifest:
    """ "Minta Penjemputan": every booked, packed parcel of this courier at this location
    goes on one manifest, and the courier is asked to come for them.

    A seller asks only for their own store's parcels; at a fulfillment center the staff do.
    """
    if store is not None and location.kind != "store":
        raise Conflict("Paket toko ini dijemput dari pusat fulfillment Niaga oleh stafnya.", code="platform_location")
    courier = couriers.COURIERS.get(courier_code)
    if courier is None:
        raise DomainError("Pilih kurir.", code="unknown_courier", fields={"courier": "Tidak dikenal."})
    waiting = list(
        Shipment.objects.filter(
            courier=courier_code,
            manifest__isnull=True,
            order__status=Status.READY_TO_SHIP,
            order__store__ships_from__location=location,
            **({"order__store": store} if store is not None else {}),
        ).order_by("pk")
    )
    if not waiting:
        raise DomainError(f"Tidak ada paket {courier.name} yang menunggu dijemput.", code="nothing_to_pick_up")
    pickup_id = courier.request_pickup([s.booking_id for s in waiting])
    now = clock.now()
    with transaction.atomic():
        manifest = Manifest.objects.create(
            number=f"MNF/{now:%Y%m%d}/{courier_code.upper()}/{random_digits(6)}",
            location=location,
            courier=courier_code,
            pickup_id=pickup_id,
            created_by=user,
            created_at=now,
        )
        Shipment.objects.filter(pk__in=[s.pk for s in waiting], manifest__isnull=True).update(
            manifest=manifest, next_poll_at=now
        )
    return manifest


def poll(*, shipment: Shipment) -> int:
    """Fetch the parcel's tracking and apply what is new. Returns how many events were new."""
    courier = couriers.COURIERS[shipment.courier]
    events = courier.track(shipment.booking_id)
    new = 0
    for event in events:
        new += _apply(shipment, event)
    now = clock.now()
    latest = events[-1].status if events else shipment.status
    Shipment.objects.filter(pk=shipment.pk).update(
        status=latest,
        done=latest in FINAL,
        next_poll_at=now + dt.timedelta(minutes=settings.NIAGA_COURIER_POLL_MINUTES),
    )
    shipment.status, shipment.done = latest, latest in FINAL
    return new


def _apply(shipment: Shipment, event: couriers.TrackEvent) -> int:
    try:
        with transaction.atomic():
            TrackingEvent.objects.create(
                shipment=shipment, status=event.status, note=event.note[:255], occurred_at=event.at
            )
            order = Order.objects.select_for_update().get(pk=shipment.order_id)
            move = ORDER_MOVES.get(event.status)
            if move and _can_move(order, move[0]):
                orders.courier_update(order=order, to_status=move[0], reason=f"{move[1]} ({event.note})", when=event.at)
            elif event.status in {T.ON_HOLD, T.IN_TRANSIT, T.DROPPING_OFF, T.RETURN_IN_TRANSIT}:
                _tell_buyer(order, shipment, event)
    except IntegrityError:
        return 0  # seen before
    return 1


def _can_move(order: Order, to_status: str) -> bool:
    if to_status == Status.SHIPPED:
        return order.status == Status.READY_TO_SHIP
    return order.status == Status.SHIPPED


def _tell_buyer(order: Order, shipment: Shipment, event: couriers.TrackEvent) -> None:
    title = f"{tracking.label(event.status)}: {order.number}"
    body = f"{event.note} · resi {shipment.awb}"
    # Only a failed delivery is worth an e-mail; the rest is in the app.
    notify(
        user=order.buyer,
        title=title,
        body=body,
        url=reverse("orders:detail", args=[order.pk]),
        email=event.status == T.ON_HOLD,
        next_step="Pastikan ada yang menerima paket di alamat tujuan; kurir akan mencoba mengantar lagi."
        if event.status == T.ON_HOLD
        else "",
    )
    if event.status in {T.ON_HOLD, T.RETURN_IN_TRANSIT}:
        notify(
            user=order.store.owner, title=title, body=body, url=reverse("seller:order", args=[order.pk]), email=False
        )


BUYER_REFRESH_SECONDS = 60


class TooSoon(DomainError):
    status = 429
    code = "rate_limited"


def refresh_for_buyer(*, order: Order) -> int:
    """The buyer's "Perbarui lacak": ask the courier now, at most once a minute per order.
    Returns how many events were new."""
    shipment = Shipment.objects.filter(order=order).first()
    if shipment is None:
        raise DomainError("Paket belum diserahkan ke kurir.", code="not_booked")
    if shipment.done:
        return 0
    wait = throttle.once_per(f"track:{order.pk}", BUYER_REFRESH_SECONDS)
    if wait:
        too_soon = TooSoon(f"Lacak baru saja diperbarui. Coba lagi dalam {wait} detik.")
        too_soon.headers = {"Retry-After": str(wait)}
        raise too_soon
    return poll(shipment=shipment)


def poll_due(*, now=None, limit: int = 200) -> int:
    """Poll parcels whose turn has come. Safe to run in several workers: each poll is idempotent."""
    now = now or clock.now()
    due = Shipment.objects.filter(done=False, next_poll_at__lte=now).order_by("next_poll_at")[:limit]
    polled = 0
    for shipment in due:
        try:
            poll(shipment=shipment)
            polled += 1
        except DomainError as exc:  # the courier is down: try again next round
            log.warning("tracking poll for %s failed: %s", shipment.awb, exc)
    return polled


def cancel_booking(*, shipment: Shipment) -> None:
    """The order was cancelled before pickup: give the AWB back to the courier."""
    if shipment.done:
        return
    couriers.COURIERS[shipment.courier].cancel(shipment.booking_id)
    Shipment.objects.filter(pk=shipment.pk).update(status=T.CANCELLED, done=True)
