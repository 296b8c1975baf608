"""Midtrans Core API adapter. Points at the bundled sandbox unless configured otherwise.

Only base URL and keys differ between the sandbox and the real Midtrans; see the README.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from zoneinfo import ZoneInfo

import requests
from django.conf import settings

from niaga.core import clock, paymethods
from niaga.core.errors import GatewayUnavailable
from niaga.core.http import ThreadSessions

from .. import refusals
from ..statuses import OURS, AttemptStatus
from .base import ChargeRequest, GatewayError

log = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")

NOTIFICATION_PATH = "/api/v1/payments/midtrans/notification"
_OK_CODES = {"200", "201"}


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def _custom_expiry(req: ChargeRequest) -> dict:
    """Expire exactly at the checkout's deadline: from now, to the second (not rounded to the
    minute, which made the gateway's deadline a minute earlier than the page's)."""
    if req.expires_at is None:
        return {"expiry_duration": req.expiry_minutes, "unit": "minute"}
    now = clock.now().astimezone(WIB).replace(microsecond=0)
    seconds = max(1, int((req.expires_at - now).total_seconds()))
    return {"order_time": now.strftime("%Y-%m-%d %H:%M:%S +0700"), "expiry_duration": seconds, "unit": "second"}


class MidtransGateway:
    name = "midtrans"

    def __init__(self, *, base_url: str | None = None, server_key: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or settings.NIAGA_MIDTRANS_BASE_URL).rstrip("/")
        self.server_key = server_key or settings.NIAGA_MIDTRANS_SERVER_KEY
        self.timeout = timeout or settings.NIAGA_MIDTRANS_TIMEOUT
        self._sessions = ThreadSessions(self._configure)

    def _configure(self, session: requests.Session) -> None:
        session.auth = (self.server_key, "")
        session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})

    @property
    def session(self) -> requests.Session:
        return self._sessions.get()

    def close(self) -> None:
        self._sessions.close()

    # --- requests -------------------------------------------------------------------
    def charge_body(self, req: ChargeRequest) -> dict:
        method = paymethods.get(req.method)
        if method is None:
            raise GatewayError(f"Metode {req.method} tidak dikenal.", code="invalid_payment_method")
        body: dict = {
            "transaction_details": {"order_id": req.order_id, "gross_amount": req.gross_amount},
            "item_details": req.items,
            "customer_details": req.customer,
            "custom_expiry": _custom_expiry(req),
        }
        if method.family == "bank_transfer" and method.bank in {"bca", "bni", "bri", "cimb"}:
            body.update(payment_type="bank_transfer", bank_transfer={"bank": method.bank})
        elif method.bank == "permata":
            body.update(payment_type="permata")
        elif method.bank == "mandiri":
            body.update(payment_type="echannel", echannel={"bill_info1": "Belanja:", "bill_info2": "Niaga"})
        elif method.code == "gopay":
            body.update(payment_type="gopay", gopay={"enable_callback": True, "callback_url": req.callback_url})
        elif method.code == "shopeepay":
            body.update(payment_type="shopeepay", shopeepay={"callback_url": req.callback_url})
        elif method.family == "qris":
            body.update(payment_type="qris", qris={"acquirer": "gopay"})
        elif method.family == "outlet":
            body.update(payment_type="cstore", cstore={"store": method.bank, "message": "Belanja di Niaga"})
        elif method.family == "card":
            if not req.card_token:
                raise GatewayError("Data kartu belum dimasukkan.", code="card_token_missing")
            card = {"token_id": req.card_token, "authentication": True}
            if req.installment_term:
                card["installment_term"] = req.installment_term
            body.update(payment_type="credit_card", credit_card=card)
            del body["custom_expiry"]  # the reference: not for cards
        elif method.family == "paylater":
            body.update(payment_type=method.bank)
        else:
            raise GatewayError(f"Metode {method.label} belum didukung.", code="invalid_payment_method")
        return body

    def _call(self, verb: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
        url = f"{self.base_url}{path}"
        for tries_left in (1, 0):
            try:
                response = self.session.request(verb, url, json=body, headers=headers, timeout=self.timeout)
                break
            except requests.RequestException as exc:
                # A pooled connection the gateway closed just as we reused it is dropped, not
                # down: send once more. Safe for every call made here: charges and refunds carry
                # an Idempotency-Key, the rest are reads or idempotent at the gateway.
                if tries_left and isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.Timeout):
                    log.info("midtrans %s %s: connection dropped (%s), sending again", verb, path, exc)
                    continue
                log.warning("midtrans %s %s failed: %s", verb, path, exc)
                raise GatewayUnavailable("Layanan pembayaran sedang tidak bisa dihubungi. Coba lagi sebentar.") from exc
        if response.status_code >= 500:
            log.warning("midtrans %s %s answered %s", verb, path, response.status_code)
            raise GatewayUnavailable("Layanan pembayaran sedang sibuk. Coba lagi sebentar.")
        try:
            data = response.json()
        except ValueError as exc:
            raise GatewayUnavailable("Jawaban layanan pembayaran tidak terbaca.") from exc
        # Midtrans may answer HTTP 200 with an error in the body's status_code.
        code = str(data.get("status_code", response.status_code))
        if response.status_code >= 400 or code not in _OK_CODES | {"202", "407"}:
            log.info("midtrans %s %s refused: %s %s", verb, path, code, data.get("status_message"))
            message = refusals.in_indonesian(code, data.get("status_message"), data.get("validation_messages"))
            raise GatewayError(message, code=f"gateway_{code}")
        return data

    def charge(self, req: ChargeRequest) -> dict:
        headers = {"X-Override-Notification": settings.NIAGA_PUBLIC_URL + NOTIFICATION_PATH}
        # The same attempt id retried after a timeout must not create a second charge.
        headers["Idempotency-Key"] = req.order_id[:46]
        return self._call("POST", "/v2/charge", self.charge_body(req), headers)

    def status(self, order_id: str) -> dict:
        return self._call("GET", f"/v2/{order_id}/status")

    def cancel(self, order_id: str) -> dict:
        return self._call("POST", f"/v2/{order_id}/cancel")

    def expire(self, order_id: str) -> dict:
        return self._call("POST", f"/v2/{order_id}/expire")

    def approve(self, transaction_id: str) -> dict:
        """A card capture held for review (fraud_status "challenge") is accepted."""
        return self._call("POST", f"/v2/{transaction_id}/approve")

    def deny(self, transaction_id: str) -> dict:
        """A card capture held for review is refused."""
        return self._call("POST", f"/v2/{transaction_id}/deny")

    def capture(self, transaction_id: str, *, amount: int) -> dict:
        """Capture a pre-authorised card ("authorize") for the amount now due."""
        return self._call("POST", "/v2/capture", {"transaction_id": transaction_id, "gross_amount": amount})

    def refund(self, order_id: str, *, key: str, amount: int, reason: str) -> dict:
        body = {"refund_key": key[:50], "amount": amount, "reason": reason[:255]}
        return self._call("POST", f"/v2/{order_id}/refund", body, {"Idempotency-Key": key[:46]})

    # --- notifications ----------------------------------------------------------------
    def verify_notification(self, body: dict) -> bool:
        given = str(body.get("signature_key") or "")
        expected = signature(
            str(body.get("order_id", "")),
            str(body.get("status_code", "")),
            str(body.get("gross_amount", "")),
            self.server_key,
        )
        return bool(re.fullmatch(r"[0-9a-f]{128}", given)) and hmac.compare_digest(given, expected)


def transaction_status(response: dict) -> AttemptStatus | None:
    """The status a charge/status response or a notification reports, as Niaga's; None for a
    word the gateway's vocabulary does not have (Niaga's own "creating" and "failed" included)."""
    wire = str(response.get("transaction_status"))
    if wire not in AttemptStatus.values or wire in OURS:
        return None
    return AttemptStatus(wire)


def instructions_fields(response: dict) -> dict:
    """Pull the numbers and links a buyer needs out of a charge/status response."""
    out: dict = {}
    if response.get("va_numbers"):
        va = response["va_numbers"][0]
        out.update(bank=va.get("bank", ""), va_number=va.get("va_number", ""))
    if response.get("permata_va_number"):
        out.update(bank="permata", va_number=response["permata_va_number"])
    if response.get("bill_key"):
        out.update(bank="mandiri", biller_code=response.get("biller_code", ""), bill_key=response["bill_key"])
    if response.get("actions"):
        out["actions"] = {a.get("name"): a.get("url") for a in response["actions"] if a.get("name")}
    if response.get("payment_code"):
        out.update(payment_code=str(response["payment_code"])[:20], bank=str(response.get("store", ""))[:20])
    if response.get("qr_string"):
        out["qr_string"] = str(response["qr_string"])[:2000]
    if response.get("redirect_url"):
        out["redirect_url"] = str(response["redirect_url"])[:2000]
    if response.get("masked_card"):
        out["masked_card"] = str(response["masked_card"])[:20]
    return out
