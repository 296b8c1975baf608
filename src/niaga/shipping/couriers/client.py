"""HTTP client for the shipping API: Biteship-style orders, pickups and trackings.

By default it talks to the courier simulator served with the marketplace
(`/sandbox/kurir`); set NIAGA_COURIER_BASE_URL and NIAGA_COURIER_API_KEY to use a real
aggregator account. The key goes in the Authorization header, as Biteship expects.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache

import requests
from django.conf import settings

from niaga.core.errors import DomainError, GatewayUnavailable
from niaga.core.http import ThreadSessions

from .records import Booked, Booking, TrackEvent

log = logging.getLogger(__name__)


class CourierRefused(DomainError):
    """The courier said no to what we sent: a 4xx for the seller to act on, in Indonesian."""

    status = 422
    code = "courier_refused"


# The request fields a courier API names in its refusals, as the seller knows them:
# (our field, its label). Sender fields are the warehouse's, recipient fields the buyer's.
_FIELD_NAMES = {
    "origin_contact_phone": ("phone", "nomor telepon kontak gudang"),
    "origin_contact_name": ("contact_name", "nama kontak gudang"),
    "origin_address": ("street", "alamat jalan gudang"),
    "origin_postal_code": ("postal_code", "kode pos gudang"),
    "origin_area_id": ("regency_code", "kota/kabupaten gudang"),
    "destination_contact_phone": ("shipping_address.phone", "nomor HP penerima"),
    "destination_contact_name": ("shipping_address.recipient_name", "nama penerima"),
    "destination_address": ("shipping_address.street", "alamat penerima"),
    "destination_postal_code": ("shipping_address.postal_code", "kode pos penerima"),
    "destination_area_id": ("shipping_address.regency_code", "kota/kabupaten penerima"),
    "weight": ("weight_grams", "berat paket"),
    "items": ("counts", "isi paket"),
}
_KNOWN = [
    ("is not available", "Kurir menolak pesanan: layanan kurir ini tidak tersedia untuk rute tersebut."),
    ("must be Kemendagri region codes", "Kurir menolak pesanan: wilayah gudang atau penerima tidak dikenal."),
    ("already has this parcel", "Kurir sudah mengambil paket ini; pemesanan tidak bisa dibatalkan lagi."),
    ("not found", "Pesanan kurir tidak ditemukan di layanan kurir."),
    ("is cancelled", "Pemesanan kurir untuk paket ini sudah dibatalkan."),
    ("Invalid API key", "Layanan kurir menolak kunci API Niaga. Hubungi operator."),
]
_REQUIRED = re.compile(r"^(?P<field>[a-z_]+) is required$")
_NOT_VALID = re.compile(r"^(?P<field>[a-z_]+) must be ")


def refusal(error: object) -> CourierRefused:
    """A courier's refusal ("origin_contact_phone is required") said in Indonesian, naming
    the field to fix; anything we cannot read becomes a general message."""
    text = str(error or "").strip()
    for pattern, verb in ((_REQUIRED, "wajib diisi"), (_NOT_VALID, "tidak valid")):
        match = pattern.match(text)
        if match and match["field"] in _FIELD_NAMES:
            field, label = _FIELD_NAMES[match["field"]]
            return CourierRefused(
                f"Kurir menolak pesanan: {label} {verb}.", fields={field: f"{label[0].upper()}{label[1:]} {verb}."}
            )
    for known, message in _KNOWN:
        if known in text:
            return CourierRefused(message)
    log.warning("courier refused: %s", text)
    return CourierRefused(
        "Kurir menolak pesanan ini. Periksa alamat gudang, alamat pembeli dan ukuran paket, lalu coba lagi."
    )


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
        if not isinstance(data, dict):
            raise CourierUnavailable("Jawaban layanan kurir tidak bisa dibaca.")
        if response.status_code >= 400 or not data.get("success", False):
            raise refusal(data.get("error"))
        return data

    def create_order(self, *, courier: str, booking: Booking) -> Booked:
        parcel = booking.parcel
        body = {
            "reference_id": booking.reference,
            "shipper_contact_name": booking.sender["name"],
            "origin_contact_name": booking.sender.get("contact_name") or booking.sender["name"],
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
