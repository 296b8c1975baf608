"""The Midtrans Core API as the sandbox speaks it: channels, codes, shapes, signature.

Every string built here is what a Midtrans client sees on the wire, so names and formats
follow shared/reference/payments.md field for field. Nothing here touches the database,
except reading a refunded transaction's refunds through its model.
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
    AUTHORIZE = "authorize", "Diotorisasi (kartu, menunggu capture)"
    CAPTURE = "capture", "Berhasil (kartu)"
    SETTLEMENT = "settlement", "Lunas"
    EXPIRE = "expire", "Kedaluwarsa"
    CANCEL = "cancel", "Dibatalkan"
    DENY = "deny", "Ditolak"
    FAILURE = "failure", "Gagal diproses"
    REFUND = "refund", "Dikembalikan"
    PARTIAL_REFUND = "partial_refund", "Dikembalikan sebagian"
    CHARGEBACK = "chargeback", "Chargeback"
    PARTIAL_CHARGEBACK = "partial_chargeback", "Chargeback sebagian"


# Midtrans' published status-code tables (Code 2xx): the `status_code` of a transaction body.
# API answers (charge, status, approve/deny, capture, cancel, expire) and notifications agree
# except for cancel and expire: `/cancel` and a status read answer 200 for a cancelled
# transaction and `/expire` answers 407 ("Success, transaction has expired"; HTTP 200, which
# the official client accepts), while their notifications carry 202.
RESPONSE_CODES = {
    Status.PENDING: "201",
    Status.AUTHORIZE: "200",
    Status.CAPTURE: "200",
    Status.SETTLEMENT: "200",
    Status.EXPIRE: "407",
    Status.CANCEL: "200",
    Status.DENY: "202",
    Status.FAILURE: "202",
    Status.REFUND: "200",
    Status.PARTIAL_REFUND: "200",
    Status.CHARGEBACK: "200",
    Status.PARTIAL_CHARGEBACK: "200",
}
NOTIFICATION_CODES = {**RESPONSE_CODES, Status.EXPIRE: "202", Status.CANCEL: "202"}
# A card capture that fraud detection challenges is answered and notified as 201 until the
# merchant approves or denies it.
CHALLENGE_CODE = "201"

# The reference's status graph. Settlement -> deny is the rare reversal of a Permata / Mandiri
# bill / Indomaret payment (a fault to switch on); capture -> deny is the merchant's `/deny`
# of a challenged card; a partial refund or chargeback may be followed by another.
# Refunds start from settlement only: a card in capture is voided with cancel instead.
MOVES: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset(
        {Status.SETTLEMENT, Status.EXPIRE, Status.CANCEL, Status.DENY, Status.CAPTURE, Status.AUTHORIZE, Status.FAILURE}
    ),
    Status.AUTHORIZE: frozenset({Status.CAPTURE, Status.DENY, Status.CANCEL, Status.EXPIRE}),
    Status.CAPTURE: frozenset({Status.SETTLEMENT, Status.CANCEL, Status.DENY}),
    Status.SETTLEMENT: frozenset(
        {Status.REFUND, Status.PARTIAL_REFUND, Status.CHARGEBACK, Status.PARTIAL_CHARGEBACK, Status.DENY}
    ),
    Status.PARTIAL_REFUND: frozenset(
        {Status.PARTIAL_REFUND, Status.REFUND, Status.CHARGEBACK, Status.PARTIAL_CHARGEBACK}
    ),
    Status.PARTIAL_CHARGEBACK: frozenset({Status.PARTIAL_CHARGEBACK, Status.CHARGEBACK}),
}
# What a payer has paid for (whatever happened to the money afterwards).
PAID = frozenset(
    {
        Status.CAPTURE,
        Status.SETTLEMENT,
        Status.PARTIAL_REFUND,
        Status.REFUND,
        Status.CHARGEBACK,
        Status.PARTIAL_CHARGEBACK,
    }
)
# An order_id is taken while its transaction is open or paid (406 for a second charge);
# after cancel, expire, deny or failure it may be charged again ("call /cancel to re-use
# the Order ID"; "the expired order_id can be reused").
REUSABLE = frozenset({Status.CANCEL, Status.EXPIRE, Status.DENY, Status.FAILURE})
HOLDS_ORDER_ID = frozenset(Status.values) - REUSABLE


def status_code(txn, *, notification: bool = False) -> str:
    if txn.status == Status.CAPTURE and txn.fraud_status == "challenge":
        return CHALLENGE_CODE
    return (NOTIFICATION_CODES if notification else RESPONSE_CODES)[txn.status]


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
        body: dict[str, str | list[str]] = {"status_code": str(self.code), "status_message": self.message}
        if self.validation_messages:
            body["validation_messages"] = self.validation_messages
        return body


class Kind:
    """How a payer pays a channel, which decides its page and its response fields."""

    VA = "va"  # types a VA number in a bank app
    PERMATA = "permata"  # the same, answered as `permata_va_number`
    BILL = "bill"  # Mandiri bill: biller code + bill key
    WALLET = "wallet"  # GoPay / ShopeePay deeplink, PIN in the wallet app
    OUTLET = "outlet"  # Indomaret / Alfamart: a payment code read out at the cashier
    QRIS = "qris"  # any wallet scans a dynamic QRIS
    CARD = "card"  # token + 3-D Secure
    PAYLATER = "paylater"  # Akulaku / Kredivo approval page


@dataclass(frozen=True)
class Channel:
    """One bank, wallet, outlet or lender: how its numbers look and how Midtrans names it.

    A VA is the bank/company prefix followed by a customer part; a merchant may choose the
    customer part (`custom_digits`), otherwise the sandbox draws `generated_digits` of it.
    Outlet payment codes are drawn the same way.
    """

    code: str
    label: str
    payment_type: str  # as in responses: Permata answers "bank_transfer"
    charge_message: str
    default_expiry: dt.timedelta
    prefix: str = ""
    generated_digits: int = 0
    custom_digits: tuple[int, int] = (0, 0)
    kind: str = Kind.VA
    refundable: bool = False
    full_refund_only: bool = False

    @property
    def is_wallet(self) -> bool:
        """GoPay / ShopeePay: the payer confirms in the wallet app (the deeplink page)."""
        return self.kind == Kind.WALLET

    @property
    def has_number(self) -> bool:
        """Whether the payer types a drawn number (VA, bill key, outlet payment code)."""
        return self.generated_digits > 0


_DAY = dt.timedelta(hours=24)
_QUARTER = dt.timedelta(minutes=15)
_VA_MESSAGE = "Success, Bank Transfer transaction is created"
_PERMATA_MESSAGE = "Success, PERMATA VA transaction is successful"
_MANDIRI_MESSAGE = "OK, Mandiri Bill transaction is successful"
_CSTORE_MESSAGE = "Success, cstore transaction is successful"

# Prefix + generated lengths give the "seen lengths" of payments.md: BCA 15, BNI 16,
# BRI 16 (up to 18 with a custom part), CIMB 16, Permata 15; Mandiri bill keys 12.
CHANNELS: dict[str, Channel] = {
    c.code: c
    for c in (
        Channel("bca", "BCA", "bank_transfer", _VA_MESSAGE, _DAY, "12785", 10, (1, 11)),
        Channel("bni", "BNI", "bank_transfer", _VA_MESSAGE, _DAY, "98812785", 8, (1, 8)),
        Channel("bri", "BRI", "bank_transfer", _VA_MESSAGE, _DAY, "26215", 11, (1, 13)),
        Channel("cimb", "CIMB Niaga", "bank_transfer", _VA_MESSAGE, _DAY, "1899", 12, (1, 12)),
        Channel("permata", "Permata", "bank_transfer", _PERMATA_MESSAGE, _DAY, "87785", 10, (10, 10), kind=Kind.PERMATA),
        Channel("mandiri", "Mandiri", "echannel", _MANDIRI_MESSAGE, _DAY, "", 12, (6, 12), kind=Kind.BILL),
        Channel("gopay", "GoPay", "gopay", "GoPay transaction is created", _QUARTER, kind=Kind.WALLET, refundable=True),
        Channel(
            "shopeepay", "ShopeePay", "shopeepay", "ShopeePay transaction is created", _QUARTER,
            kind=Kind.WALLET, refundable=True, full_refund_only=True,
        ),
        # Payment codes: Indomaret 12-14 digits, Alfamart 12-16 (payments.md); drawn at 14 and 16.
        Channel("indomaret", "Indomaret", "cstore", _CSTORE_MESSAGE, _DAY, "2516", 10, kind=Kind.OUTLET),
        Channel("alfamart", "Alfamart", "cstore", _CSTORE_MESSAGE, _DAY, "8853", 12, kind=Kind.OUTLET),
        Channel("qris", "QRIS", "qris", "QRIS transaction is created", _QUARTER, kind=Kind.QRIS, refundable=True),
        # Cards take no custom_expiry (payments.md); an unfinished 3-D Secure expires after this.
        Channel(
            "credit_card", "Kartu kredit/debit", "credit_card", "Success, Credit Card transaction is successful",
            _QUARTER, kind=Kind.CARD, refundable=True,
        ),
        Channel("akulaku", "Akulaku", "akulaku", "Success, Akulaku transaction is created", _DAY,
                kind=Kind.PAYLATER, refundable=True),
        Channel("kredivo", "Kredivo", "kredivo", "Success, Kredivo transaction is created", _DAY,
                kind=Kind.PAYLATER, refundable=True),
    )
}  # fmt: skip
BANKS = [c for c in CHANNELS.values() if c.kind in {Kind.VA, Kind.PERMATA, Kind.BILL}]
STORES = [c for c in CHANNELS.values() if c.kind == Kind.OUTLET]
# QRIS acquirers a charge may name (`qris.acquirer`) and the reverse domain in their QR template.
QRIS_ACQUIRERS = {"gopay": "COM.GO-JEK.WWW", "airpay shopee": "ID.CO.SHOPEE.WWW"}
# The wallet that is "on-us" for each acquirer; any other issuer is "off-us".
QRIS_HOME_WALLET = {"gopay": "gopay", "airpay shopee": "shopeepay"}
# Wallets whose refunds Midtrans takes only in full (payments.md), also as QRIS issuers.
FULL_REFUND_WALLETS = frozenset({"shopeepay", "ovo"})
# The channels whose settlement Midtrans may reverse to deny within minutes (payments.md).
REVERSIBLE = frozenset({"permata", "mandiri", "indomaret"})

STATUS_FOUND = "Success, transaction is found"
CANCELED = "Success, transaction is canceled"
EXPIRED = "Success, transaction has expired"
APPROVED = "Success, transaction is approved"
DENIED = "Success, transaction is denied"
CAPTURED = "Success, Credit Card capture transaction is successful"
REFUNDED = "Success, refund request is approved"
NOTIFICATION = "midtrans payment notification"
CARD_3DS = "OK, 3D Secure authentication is required"
DENIED_BY_FRAUD = "Deny by FDS"
CHALLENGED = "Challenge by FDS"
CARD_FAILURE = "Failure, the bank could not process the card transaction"
UNEXPECTED = "Sorry. Our system is recovering from unexpected issues. Please retry."


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


def transaction_body(txn, *, status_message: str, notification: bool = False, code: str | None = None) -> dict:
    """The fields every charge, status, cancel and notification body shares, plus the method's own.

    `code` overrides the status's own code where Midtrans answers an action differently
    (`/deny` of a challenged card answers 200, while the denied transaction reads 202)."""
    body = {
        "status_code": code or status_code(txn, notification=notification),
        "status_message": status_message,
        "transaction_id": str(txn.transaction_id),
        "order_id": txn.order_id,
        "merchant_id": MERCHANT_ID,
        "gross_amount": amount_text(txn.gross_amount),
        "currency": CURRENCY,
        "payment_type": txn.payment_type,
        "transaction_time": wib_text(txn.transaction_time),
        "transaction_status": txn.status,
        "fraud_status": txn.fraud_status,
        "expiry_time": wib_text(txn.expiry_time),
    }
    if txn.settlement_time:
        body["settlement_time"] = wib_text(txn.settlement_time)
    body.update(_method_fields(txn))
    if txn.refunded_amount:
        # Cumulative here (status, notifications); a refund's own answer shows its own amount.
        body["refund_amount"] = amount_text(txn.refunded_amount)
        body["refunds"] = [refund_entry(r) for r in txn.refund_list()]
    if txn.chargeback_amount:
        body["chargeback_amount"] = amount_text(txn.chargeback_amount)
        body["chargebacks"] = [chargeback_entry(c) for c in txn.chargeback_list()]
    return body


def refund_entry(refund) -> dict:
    return {
        "refund_chargeback_id": refund.pk,
        "refund_amount": amount_text(refund.amount),
        "created_at": wib_text(refund.created_at),
        "reason": refund.reason,
        "refund_key": refund.refund_key,
    }


def chargeback_entry(chargeback) -> dict:
    return {
        "refund_chargeback_id": chargeback.pk,
        "chargeback_amount": amount_text(chargeback.amount),
        "created_at": wib_text(chargeback.created_at),
        "reason": chargeback.reason,
    }


def signed(body: dict, server_key: str) -> dict:
    """Add `signature_key` over the strings exactly as they appear in the body."""
    key = signature(body["order_id"], body["status_code"], body["gross_amount"], server_key)
    return {**body, "signature_key": key}


# What a card transaction shows of what the sandbox knows about it (method_data keys).
CARD_FIELDS = ("masked_card", "bank", "card_type", "eci", "approval_code", "installment_term",
               "channel_response_code", "channel_response_message")  # fmt: skip


def _method_fields(txn) -> dict:
    kind = CHANNELS[txn.channel].kind
    data = txn.method_data or {}
    if kind == Kind.BILL:
        return {"bill_key": txn.number, "biller_code": BILLER_CODE}
    if kind == Kind.PERMATA:
        return {"permata_va_number": txn.number}
    if kind == Kind.OUTLET:
        return {"payment_code": txn.number, "store": txn.channel}
    if kind == Kind.QRIS:
        return {k: data[k] for k in ("acquirer", "issuer", "transaction_type") if data.get(k)}
    if kind == Kind.CARD:
        return {k: data[k] for k in CARD_FIELDS if data.get(k) not in (None, "")}
    if kind == Kind.VA:
        paid = []
        if txn.settlement_time:
            paid.append({"paid_at": wib_text(txn.settlement_time), "amount": amount_text(txn.gross_amount)})
        return {"va_numbers": [{"bank": txn.channel, "va_number": txn.number}], "payment_amounts": paid}
    return {}
