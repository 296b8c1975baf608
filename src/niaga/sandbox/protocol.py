"""The Midtrans Core API as the sandbox speaks it: channels, codes, shapes, signature.

Every string built here is what a Midtrans client sees on the wire, so names and formats
follow shared/reference/payments.md field for field. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import models

MERCHANT_ID = "G000000000"
MERCHANT_NAME = "Niaga"
CURRENCY = "IDR"
BILLER_CODE = "70012"  # Midtrans' company code at Mandiri
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


class Status(models.TextChoices):
    PENDING = "pending", "Menunggu pembayaran"
    SETTLEMENT = "settlement", "Lunas"
    EXPIRE = "expire", "Kedaluwarsa"
    CANCEL = "cancel", "Dibatalkan"
    DENY = "deny", "Ditolak"


# Inferred from Midtrans samples (payments.md): there is no normative table.
STATUS_CODES = {
    Status.PENDING: "201",
    Status.SETTLEMENT: "200",
    Status.EXPIRE: "202",
    Status.CANCEL: "202",
    Status.DENY: "202",
}

# Only a pending transaction moves; everything else is final for the methods simulated here.
MOVES = {Status.PENDING: frozenset({Status.SETTLEMENT, Status.EXPIRE, Status.CANCEL, Status.DENY})}


def can_move(current: str, new: str) -> bool:
    return new in MOVES.get(current, frozenset())


class ApiError(Exception):
    """A Midtrans answer without a transaction (an error, or "still processing").

    The code goes into both the HTTP status and the body's `status_code`.
    """

    def __init__(self, code: int, message: str, validation_messages: list[str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.validation_messages = validation_messages or []

    def body(self) -> dict:
        body = {"status_code": str(self.code), "status_message": self.message}
        if self.validation_messages:
            body["validation_messages"] = self.validation_messages
        return body


@dataclass(frozen=True)
class Channel:
    """One bank or wallet: how its numbers look and how Midtrans names it in responses.

    A VA is the bank/company prefix followed by a customer part; a merchant may choose the
    customer part (`custom_digits`), otherwise the sandbox draws `generated_digits` of it.
    """

    code: str
    label: str
    payment_type: str  # as in responses: Permata answers "bank_transfer"
    charge_message: str
    default_expiry: dt.timedelta
    prefix: str = ""
    generated_digits: int = 0
    custom_digits: tuple[int, int] = (0, 0)

    @property
    def is_wallet(self) -> bool:
        """Wallets have no number to type in: the payer confirms in the app instead."""
        return self.generated_digits == 0


_DAY = dt.timedelta(hours=24)
_QUARTER = dt.timedelta(minutes=15)
_VA_MESSAGE = "Success, Bank Transfer transaction is created"
_PERMATA_MESSAGE = "Success, PERMATA VA transaction is successful"
_MANDIRI_MESSAGE = "OK, Mandiri Bill transaction is successful"

# Prefix + generated lengths give the "seen lengths" of payments.md: BCA 15, BNI 16,
# BRI 16 (up to 18 with a custom part), CIMB 16, Permata 15; Mandiri bill keys 12.
CHANNELS: dict[str, Channel] = {
    c.code: c
    for c in (
        Channel("bca", "BCA", "bank_transfer", _VA_MESSAGE, _DAY, "12785", 10, (1, 11)),
        Channel("bni", "BNI", "bank_transfer", _VA_MESSAGE, _DAY, "98812785", 8, (1, 8)),
        Channel("bri", "BRI", "bank_transfer", _VA_MESSAGE, _DAY, "26215", 11, (1, 13)),
        Channel("cimb", "CIMB Niaga", "bank_transfer", _VA_MESSAGE, _DAY, "1899", 12, (1, 12)),
        Channel("permata", "Permata", "bank_transfer", _PERMATA_MESSAGE, _DAY, "87785", 10, (10, 10)),
        Channel("mandiri", "Mandiri", "echannel", _MANDIRI_MESSAGE, _DAY, "", 12, (6, 12)),
        Channel("gopay", "GoPay", "gopay", "GoPay transaction is created", _QUARTER),
        Channel("shopeepay", "ShopeePay", "shopeepay", "ShopeePay transaction is created", _QUARTER),
    )
}
BANKS = [c for c in CHANNELS.values() if not c.is_wallet]

STATUS_FOUND = "Success, transaction is found"
CANCELED = "Success, transaction is canceled"
EXPIRED = "Success, transaction has expired"
NOTIFICATION = "midtrans payment notification"


def amount_text(amount: int) -> str:
    return f"{amount}.00"


def wib_text(moment: dt.datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S")


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and len(url) <= 2000


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def transaction_body(txn, *, status_message: str) -> dict:
    """The fields every charge, status, cancel and notification body shares, plus the method's own."""
    body = {
        "status_code": STATUS_CODES[txn.status],
        "status_message": status_message,
        "transaction_id": str(txn.transaction_id),
        "order_id": txn.order_id,
        "merchant_id": MERCHANT_ID,
        "gross_amount": amount_text(txn.gross_amount),
        "currency": CURRENCY,
        "payment_type": txn.payment_type,
        "transaction_time": wib_text(txn.transaction_time),
        "transaction_status": txn.status,
        "fraud_status": "accept",
        "expiry_time": wib_text(txn.expiry_time),
    }
    if txn.settlement_time:
        body["settlement_time"] = wib_text(txn.settlement_time)
    body.update(_method_fields(txn))
    return body


def signed(body: dict, server_key: str) -> dict:
    """Add `signature_key` over the strings exactly as they appear in the body."""
    key = signature(body["order_id"], body["status_code"], body["gross_amount"], server_key)
    return {**body, "signature_key": key}


def _method_fields(txn) -> dict:
    if txn.channel == "mandiri":
        return {"bill_key": txn.number, "biller_code": BILLER_CODE}
    if txn.channel == "permata":
        return {"permata_va_number": txn.number}
    if CHANNELS[txn.channel].is_wallet:
        return {}
    paid = []
    if txn.settlement_time:
        paid.append({"paid_at": wib_text(txn.settlement_time), "amount": amount_text(txn.gross_amount)})
    return {"va_numbers": [{"bank": txn.channel, "va_number": txn.number}], "payment_amounts": paid}
