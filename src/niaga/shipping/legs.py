"""After-sales legs: parcels booked after the first delivery, through the same courier
adapters as an order's parcel (`couriers`): a return from the buyer to the seller, or a
replacement from the seller to the buyer.

The caller (after-sales) says who sends what to whom: shipping knows the order, never the
complaint, and does not import fulfillment for the store's address. A leg is booked and its
pickup asked for in one go (the courier comes to the sender), tracked by the same poll as
outbound parcels (tasks.poll_tracking), and each new event is told to the apps above through
`signals.leg_tracked`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from niaga.core import clock, throttle, tracking
from niaga.core.errors import Conflict, DomainError
from niaga.core.tracking import Tracking as T
from niaga.orders.models import Order

from . import couriers, rates
from .models import Leg, LegEvent
from .services import TooSoon
from .signals import leg_tracked

log = logging.getLogger(__name__)

# What a courier needs of each side of a parcel, as field errors when missing.
PARTY_FIELDS = {
    "name": "Nama wajib diisi.",
    "phone": "Nomor telepon wajib diisi.",
    "address": "Alamat jalan wajib diisi.",
    "postal_code": "Kode pos wajib diisi.",
}
REFRESH_SECONDS = 60
# Before the courier has the parcel in hand, its booking can still be given back.
CANCELLABLE = frozenset({T.CONFIRMED, T.ALLOCATED, T.PICKING_UP, T.COURIER_NOT_FOUND})


@dataclass(frozen=True)
class Party:
    """One end of a leg: who, where (the region for rates), and the address as the courier reads it."""

    name: str
    phone: str
    address: str
    postal_code: str
    province_code: str
    regency_code: str
    area_name: str = ""
    contact_name: str = ""

    @property
    def region(self):
        return rates.region(self.province_code, self.regency_code)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "contact_name": self.contact_name or self.name,
            "phone": self.phone,
            "address": self.address,
            "postal_code": self.postal_code,
            "area_name": self.area_name,
            "province_code": self.province_code,
            "regency_code": self.regency_code,
        }


def parcel_for(*, sender: Party, recipient: Party, weight_grams: int, value: int) -> couriers.Parcel:
    """The parcel to quote and book: the goods' weight (no box measured by a buyer at home)."""
    return couriers.Parcel(
        origin=sender.region, destination=recipient.region, weight_grams=max(weight_grams, 1), value=value
    )


def options(parcel: couriers.Parcel) -> rates.Offer:
    """The couriers that take this parcel, cheapest first: the choice shown before booking."""
    return rates.offer(parcel)


def book_leg(
    *,
    order: Order,
    kind: str,
    reference: str,
    courier_code: str,
    parcel: couriers.Parcel,
    sender: Party,
    recipient: Party,
    items: list[dict],
    payer: str,
    note: str = "",
) -> Leg:
    """Book the leg with the chosen courier ("jne_reg") and ask it to come for the parcel.

    Booked once per reference and kind: a second call returns the live booking. When the
    pickup cannot be asked for, the booking is given back and nothing is stored.
    """
    if kind not in Leg.Kind.values or payer not in Leg.Payer.values:
        raise DomainError("Jenis pengiriman atau penanggung ongkir tidak dikenal.", code="invalid_leg")
    existing = _live(reference, kind)
    if existing:
        return existing
    courier = couriers.get(courier_code)
    _, service = couriers.split(courier_code)
    quote = next((r for r in courier.rates(parcel) if r.code == courier_code), None) if courier else None
    if courier is None or quote is None:
        raise DomainError("Pilih kurir.", code="unknown_courier", fields={"courier": "Kurir tidak dikenal."})
    if not isinstance(quote, couriers.Rate):
        raise DomainError(f"{quote.name}: {quote.reason}", code="courier_unavailable", fields={"courier": quote.reason})
    missing = {
        f"{side}.{key}": message
        for side, party in (("sender", sender), ("recipient", recipient))
        for key, message in PARTY_FIELDS.items()
        if not str(getattr(party, key) or "").strip()
    }
    if missing:
        raise Conflict(
            "Alamat pengirim atau penerima belum lengkap: nama, telepon, alamat dan kode pos wajib ada.",
            code="leg_address_incomplete",
            fields=missing,
        )
    booked = courier.book(
        couriers.Booking(
            reference=reference,
            service=service,
            sender=sender.as_dict(),
            recipient=recipient.as_dict(),
            parcel=parcel,
            items=items,
            note=note,
        )
    )
    try:
        courier.request_pickup([booked.booking_id])
    except DomainError:
        courier.cancel(booked.booking_id)
        raise
    now = clock.now()
    try:
        with transaction.atomic():
            return Leg.objects.create(
                kind=kind,
                order=order,
                reference=reference,
                courier=courier.code,
                service=service,
                booking_id=booked.booking_id,
                awb=booked.awb,
                price=booked.price,
                payer=payer,
                chargeable_grams=parcel.chargeable_grams,
                sender=sender.as_dict(),
                recipient=recipient.as_dict(),
                items=items,
                next_poll_at=now,
                created_at=now,
            )
    except IntegrityError:
        courier.cancel(booked.booking_id)  # a parallel request won; give this AWB back
        winner = _live(reference, kind)
        if winner is None:
            raise
        return winner


def _live(reference: str, kind: str) -> Leg | None:
    return Leg.objects.filter(reference=reference, kind=kind).exclude(status=T.CANCELLED).first()


def poll_leg(*, leg: Leg) -> int:
    """Fetch the leg's tracking and apply what is new. Returns how many events were new."""
    events = couriers.COURIERS[leg.courier].track(leg.booking_id)
    new = sum(_apply(leg, event) for event in events)
    now = clock.now()
    latest = events[-1].status if events else leg.status
    delivered = next((e.at for e in events if e.status == T.DELIVERED), None)
    Leg.objects.filter(pk=leg.pk).update(
        status=latest,
        done=latest in tracking.FINAL,
        delivered_at=delivered,
        next_poll_at=now + dt.timedelta(minutes=settings.NIAGA_COURIER_POLL_MINUTES),
    )
    leg.status, leg.done, leg.delivered_at = latest, latest in tracking.FINAL, delivered
    return new


def _apply(leg: Leg, event: couriers.TrackEvent) -> int:
    try:
        with transaction.atomic():
            stored = LegEvent.objects.create(leg=leg, status=event.status, note=event.note[:255], occurred_at=event.at)
            leg.status = event.status
            leg_tracked.send(sender=Leg, leg=leg, status=event.status, event=stored)
    except IntegrityError:
        return 0  # seen before
    return 1


def refresh_leg(*, leg: Leg) -> int:
    """A person's "Perbarui lacak": ask the courier now, at most once a minute per leg."""
    if leg.done:
        return 0
    wait = throttle.once_per(f"track-leg:{leg.pk}", REFRESH_SECONDS)
    if wait:
        too_soon = TooSoon(f"Lacak baru saja diperbarui. Coba lagi dalam {wait} detik.")
        too_soon.headers = {"Retry-After": str(wait)}
        raise too_soon
    return poll_leg(leg=leg)


def poll_due(*, now=None, limit: int = 200) -> int:
    """Poll legs whose turn has come. Safe in several workers: each poll is idempotent."""
    now = now or clock.now()
    polled = 0
    for leg in Leg.objects.filter(done=False, next_poll_at__lte=now).order_by("next_poll_at")[:limit]:
        try:
            poll_leg(leg=leg)
            polled += 1
        except DomainError as exc:  # the courier is down: try again next round
            log.warning("tracking poll for leg %s failed: %s", leg.awb, exc)
    return polled


def cancel_leg(*, leg: Leg) -> Leg:
    """Give the booking back before the courier took the parcel (the courier refuses after)."""
    if leg.status == T.CANCELLED:
        return leg
    if leg.done or leg.status not in CANCELLABLE:
        raise Conflict("Kurir sudah mengambil paket ini; pemesanan tidak bisa dibatalkan lagi.", code="leg_picked_up")
    couriers.COURIERS[leg.courier].cancel(leg.booking_id)
    with transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(status=T.CANCELLED, done=True)
        leg.status, leg.done = T.CANCELLED, True
        leg_tracked.send(sender=Leg, leg=leg, status=T.CANCELLED, event=None)
    return leg


def events_of(leg: Leg) -> list[LegEvent]:
    """The leg's tracking, newest first."""
    return list(leg.events.all())[::-1]
