"""HTTP client for the shipping API: Biteship-style orders, pickups and trackings.

By default it talks to the courier simulator served with the marketplace
(`/sandbox/kurir`); set NIAGA_COURIER_BASE_URL and NIAGA_COURIER_API_KEY to use a real
aggregator account. The key goes in the Authorization header, as Biteship expects.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

import requests
from django.conf import settings

from niaga.core.errors import DomainError, GatewayUnavailable
from niaga.core.http import ThreadSessions

if TYPE_CHECKING:
    from .base import Booked, Booking, TrackEvent


class CourierRefused(DomainError):
    status = 502
    code = "courier_refused"


class CourierUnavailable(GatewayUnavailable):
    code = "courier_unavailable"


class CourierClient:
    def __init__(self, *, base_url: str, api_key: str, timeout: float = 15):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._sessions = ThreadSessions(self._configure)

    @classmethod
    def default(cls) -> CourierClient:
        return _default()

    def _configure(self, session: requests.Session) -> None:
        session.headers.update({"Authorization": self.api_key, "Accept": "application/json"})

    @property
    def session(self) -> requests.Session:
        return self._sessions.get()

    def close(self) -> None:
        self._sessions.close()

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        try:
            response = self.session.request(method, f"{self.base_url}{path}", json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise CourierUnavailable("Layanan kurir sedang tidak bisa dihubungi. Coba lagi sebentar.") from exc
        if response.status_code >= 500:
            raise CourierUnavailable("Layanan kurir sedang gangguan. Coba lagi sebentar.")
        try:
            data = response.json()
        except ValueError as exc:
            raise CourierUnavailable("Jawaban layanan kurir tidak bisa dibaca.") from exc
        if response.status_code >= 400 or not data.get("success", False):
            raise CourierRefused(f"Kurir menolak: {data.get('error') or response.status_code}", code=data.get("code") or None)
        return data

    def create_order(self, *, courier: str, booking: Booking) -> Booked:
        from .base import Booked

        parcel = booking.parcel
        body = {
            "reference_id": booking.reference,
            "shipper_contact_name": booking.sender["name"],
            "origin_contact_name": booking.sender["name"],
            "origin_contact_phone": booking.sender["phone"],
            "origin_address": booking.sender["address"],
            "origin_postal_code": booking.sender["postal_code"],
            "origin_area_id": parcel.origin.regency_code or parcel.origin.province_code,
            "origin_area_name": booking.sender.get("area_name", ""),
            "destination_contact_name": booking.recipient["name"],
            "destination_contact_phone": booking.recipient["phone"],
            "destination_address": booking.recipient["address"],
            "destination_postal_code": booking.recipient["postal_code"],
            "destination_area_id": parcel.destination.regency_code or parcel.destination.province_code,
            "destination_area_name": booking.recipient.get("area_name", ""),
            "courier_company": courier,
            "courier_type": booking.service,
            "courier_insurance": parcel.value if booking.insured else 0,
            "delivery_type": "later",
            "order_note": booking.note[:200],
            "items": booking.items,
            "weight": parcel.chargeable_grams,
            "length": parcel.length_cm,
            "width": parcel.width_cm,
            "height": parcel.height_cm,
        }
        data = self._call("POST", "/v1/orders", body)
        return Booked(booking_id=data["id"], awb=data["courier"]["waybill_id"], price=int(data.get("price") or 0))

    def request_pickup(self, booking_ids: list[str]) -> str:
        return self._call("POST", "/v1/pickups", {"order_ids": booking_ids})["id"]

    def tracking(self, booking_id: str) -> list[TrackEvent]:
        from .base import TrackEvent

        data = self._call("GET", f"/v1/trackings/{booking_id}")
        return [
            TrackEvent(status=h["status"], note=h.get("note", ""), at=dt.datetime.fromisoformat(h["updated_at"]))
            for h in data.get("history", [])
        ]

    def cancel_order(self, booking_id: str) -> None:
        self._call("POST", f"/v1/orders/{booking_id}/cancel", {"cancellation_reason": "Dibatalkan penjual"})


@lru_cache(maxsize=1)
def _default() -> CourierClient:
    return CourierClient(
        base_url=settings.NIAGA_COURIER_BASE_URL,
        api_key=settings.NIAGA_COURIER_API_KEY,
        timeout=settings.NIAGA_COURIER_TIMEOUT,
    )


def reset() -> None:
    """Forget the client, e.g. after tests change the courier settings."""
    if _default.cache_info().currsize:
        _default().close()
    _default.cache_clear()
