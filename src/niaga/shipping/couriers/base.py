"""One interface for every courier: rates, book (get an AWB), pickup, track, cancel.

Rates come from the courier's tariff card (tariffs.py), so checkout never waits on a
courier's server. Booking, pickup, tracking and cancelling go over HTTP to the shipping
API (client.py): the bundled courier simulator by default, a Biteship-compatible
aggregator in production.
"""

from __future__ import annotations

from .. import tariffs
from .client import CourierClient
from .records import Booked, Booking, Parcel, Rate, TrackEvent, Unavailable


class Courier:
    code = ""
    name = ""
    services: tuple[tariffs.ServiceCard, ...] = ()
    # Insurance premium: basis points of the goods value plus a flat fee.
    insurance_bps = 20
    insurance_flat = 0

    def __init__(self, client: CourierClient | None = None):
        self._client = client

    @property
    def client(self) -> CourierClient:
        return self._client or CourierClient.default()

    def service(self, code: str) -> tariffs.ServiceCard | None:
        return next((s for s in self.services if s.code == code), None)

    def insurance_fee(self, value: int) -> int:
        return self.insurance_flat + (value * self.insurance_bps + 9_999) // 10_000 if value > 0 else 0

    def rates(self, parcel: Parcel) -> list[Rate | Unavailable]:
        zone = tariffs.zone(parcel.origin, parcel.destination)
        grams = parcel.chargeable_grams
        kg = tariffs.chargeable_kg(grams)
        result: list[Rate | Unavailable] = []
        for svc in self.services:
            code = f"{self.code}_{svc.code}"
            if zone is None or zone > svc.max_zone:
                result.append(Unavailable(code, svc.name, "Tidak melayani tujuan ini."))
            elif grams > svc.max_weight_kg * 1000:
                result.append(Unavailable(code, svc.name, f"Berat melebihi batas {svc.max_weight_kg} kg."))
            else:
                days = svc.eta(zone)
                result.append(
                    Rate(
                        code=code,
                        courier=self.code,
                        service=svc.code,
                        name=svc.name,
                        cost=svc.price(zone, kg),
                        eta=tariffs.eta_label(days),
                        eta_days=days,
                        chargeable_kg=kg,
                        insurance_fee=self.insurance_fee(parcel.value),
                    )
                )
        return result

    # --- over HTTP ---------------------------------------------------------------------
    def book(self, booking: Booking) -> Booked:
        return self.client.create_order(courier=self.code, booking=booking)

    def request_pickup(self, booking_ids: list[str]) -> str:
        return self.client.request_pickup(booking_ids)

    def track(self, booking_id: str) -> list[TrackEvent]:
        return self.client.tracking(booking_id)

    def cancel(self, booking_id: str) -> None:
        self.client.cancel_order(booking_id)
