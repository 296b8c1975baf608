"""What Niaga asks a courier and what a courier answers: rates for a parcel, a booking and
its AWB, tracking events. Plain records, shared by the couriers (base.py) and the HTTP
client (client.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import tariffs


@dataclass(frozen=True)
class Parcel:
    """What is sent, from where to where, as rates and bookings need it."""

    origin: tariffs.Region
    destination: tariffs.Region
    weight_grams: int
    length_cm: int = 0
    width_cm: int = 0
    height_cm: int = 0
    value: int = 0  # goods value in Rupiah, for insurance

    @property
    def chargeable_grams(self) -> int:
        return tariffs.chargeable_grams(self.weight_grams, self.length_cm, self.width_cm, self.height_cm)


@dataclass(frozen=True)
class Rate:
    code: str  # "jne_reg": courier and service, how orders and the API name it
    courier: str
    service: str
    name: str
    cost: int
    eta: str
    eta_days: tuple[int, int]
    chargeable_kg: int
    insurance_fee: int


@dataclass(frozen=True)
class Unavailable:
    code: str
    name: str
    reason: str


@dataclass
class Booking:
    reference: str  # our order number
    service: str
    sender: dict
    recipient: dict
    parcel: Parcel
    items: list[dict] = field(default_factory=list)
    insured: bool = False
    note: str = ""


@dataclass(frozen=True)
class Booked:
    booking_id: str
    awb: str
    price: int


@dataclass(frozen=True)
class TrackEvent:
    status: str
    note: str
    at: dt.datetime
