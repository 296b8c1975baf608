"""The couriers' tracking codes in Bahasa Indonesia, in one place.

Kept in core because shipping (Niaga's pages and messages) and the sandbox's courier page
both show them, and neither may import the other.
"""

from __future__ import annotations

from django.db import models


class Tracking(models.TextChoices):
    """A courier's tracking status (Biteship's words), with what Niaga's pages call it."""

    CONFIRMED = "confirmed", "Menunggu penjemputan"
    ALLOCATED = "allocated", "Kurir ditugaskan"
    PICKING_UP = "picking_up", "Kurir menuju lokasi penjemputan"
    PICKED = "picked", "Diambil kurir"
    IN_TRANSIT = "in_transit", "Dalam perjalanan"
    DROPPING_OFF = "dropping_off", "Sedang diantar"
    ON_HOLD = "on_hold", "Tertunda"
    DELIVERED = "delivered", "Terkirim"
    RETURN_IN_TRANSIT = "return_in_transit", "Diretur"
    RETURNED = "returned", "Kembali ke pengirim"
    REJECTED = "rejected", "Ditolak penerima"
    COURIER_NOT_FOUND = "courier_not_found", "Kurir belum tersedia"
    DISPOSED = "disposed", "Dimusnahkan"
    LOST = "lost", "Hilang"
    CANCELLED = "cancelled", "Dibatalkan"


LABELS = dict(Tracking.choices)
# The parcel's journey is over: nothing more will be reported.
FINAL = frozenset({Tracking.DELIVERED, Tracking.RETURNED, Tracking.LOST, Tracking.CANCELLED})
UNKNOWN = "Info pengiriman"


def label(code: str) -> str:
    """ "in_transit" -> "Dalam perjalanan"; a code we do not know yet never shows raw."""
    return LABELS.get(code, UNKNOWN)
