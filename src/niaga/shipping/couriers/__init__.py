"""The couriers Niaga ships with, by code."""

from __future__ import annotations

from .anteraja import AnterAja
from .base import Courier
from .jne import JNE
from .jnt import JNT
from .pos import PosIndonesia
from .records import Booked, Booking, Parcel, Rate, TrackEvent, Unavailable
from .sicepat import SiCepat

COURIERS: dict[str, Courier] = {c.code: c for c in (JNE(), JNT(), SiCepat(), PosIndonesia(), AnterAja())}

__all__ = ["COURIERS", "Booked", "Booking", "Courier", "Parcel", "Rate", "TrackEvent", "Unavailable", "get", "split"]


def split(code: str) -> tuple[str, str]:
    """ "jne_reg" → ("jne", "reg"); "pos_kilat_khusus" → ("pos", "kilat_khusus")."""
    courier, _, service = (code or "").partition("_")
    return courier, service


def get(code: str) -> Courier | None:
    return COURIERS.get(split(code)[0])
