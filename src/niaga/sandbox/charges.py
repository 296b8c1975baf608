"""Reading a `POST /v2/charge` (and refund, capture) body: every way it can be wrong becomes
a Midtrans error, with Midtrans' codes.

A missing or invalid field answers 400 with `validation_messages` listing each problem; only
a body that cannot be parsed at all answers 413; a body of JSON `null` answers what Midtrans
answers (500, "unexpected issues"). A payment type or bank the sandbox does not offer answers
402, as Midtrans does for a channel the merchant has not enabled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from niaga.core import jsonbody

from .protocol import CHANNELS, QRIS_ACQUIRERS, UNEXPECTED, ApiError, Channel, Kind

ORDER_ID = re.compile(r"[A-Za-z0-9\-_.~]{1,50}")
DIGITS = re.compile(r"[0-9]+")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates
MAX_DEPTH = 32
MAX_AMOUNT = 10**12 - 1  # far above any VA limit; keeps sums inside a 64-bit column
MAX_EXPIRY_SECONDS = 366 * 86400
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
NOT_ACTIVATED = "Payment channel is not activated."
INVALID = "One or more parameters in the payload is invalid."
UNPARSABLE = "The request cannot be processed due to syntax error in the request body."
CARD_TYPES = {"authorize_capture", "authorize"}  # credit_card.type: "authorize" is a pre-authorisation
VA_BANKS = {"bca", "bni", "bri", "cimb", "permata"}
OTHER_TYPES = {
    "echannel": "mandiri",
    "permata": "permata",
    "gopay": "gopay",
    "shopeepay": "shopeepay",
    "qris": "qris",
    "credit_card": "credit_card",
    "akulaku": "akulaku",
    "kredivo": "kredivo",
}
CSTORE_MESSAGE_MAX = 20
MAX_INSTALLMENT_TERM = 36
REFUND_KEY = ORDER_ID
MAX_REASON = 255


@dataclass(frozen=True)
class ChargeRequest:
    order_id: str
    gross_amount: int
    channel: Channel
    custom_number: str  # the merchant's customer part of the VA / bill key, or ""
    expiry_time: dt.datetime
    callback_url: str
    body: dict
    # What the method's own object asked for: outlet message, QRIS acquirer, card token...
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CaptureRequest:
    transaction_id: str
    gross_amount: int | None  # None: the whole authorised amount


@dataclass(frozen=True)
class RefundRequest:
    refund_key: str  # "" when the merchant sent none
    amount: int | None  # None: whatever is left to refund
    reason: str


def parse_charge(raw: bytes, *, now: dt.datetime) -> ChargeRequest:
    body = _json_object(raw)
    errors: list[str] = []
    details = _object(body, "transaction_details", errors, required=True)
    order_id = details.get("order_id")
    if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
        errors.append("transaction_details.order_id is required: 1-50 characters of letters, digits, - _ . ~")
    amount = whole_number(details.get("gross_amount"))
    if amount is None or not 0 < amount <= MAX_AMOUNT:
        errors.append("transaction_details.gross_amount must be a positive whole number of Rupiah")
    payment_type = body.get("payment_type")
    if not isinstance(payment_type, str) or not payment_type:
        errors.append("payment_type is required")
    _check_items(body, amount, errors)
    _object(body, "customer_details", errors)  # only its shape is checked
    expiry_time = _expiry(body, now, errors)
    if errors:
        raise ApiError(400, INVALID, errors)
    assert isinstance(order_id, str) and isinstance(payment_type, str) and amount is not None  # checked above

    channel = _channel(body, payment_type)
    custom_number = _custom_number(body, channel, errors)
    callback_url = _callback_url(body, channel, errors)
    options = _options(body, channel, errors)
    if errors:
        raise ApiError(400, INVALID, errors)
    if channel.kind == Kind.CARD:
        expiry_time = None  # payments.md: custom_expiry is not for cards
    return ChargeRequest(
        order_id=order_id,
        gross_amount=amount,
        channel=channel,
        custom_number=custom_number,
        expiry_time=expiry_time or now + channel.default_expiry,
        callback_url=callback_url,
        body=body,
        options=options,
    )


def parse_refund(raw: bytes) -> RefundRequest:
    """`{refund_key?, amount?, reason?}`; an empty body asks for a full refund."""
    body = _json_object(raw) if raw.strip() else {}
    errors: list[str] = []
    key = body.get("refund_key")
    if key is not None and (not isinstance(key, str) or not REFUND_KEY.fullmatch(key)):
        errors.append("refund_key must be 1-50 characters of letters, digits, - _ . ~")
    amount = None
    if body.get("amount") is not None:
        amount = whole_number(body["amount"])
        if amount is None:
            errors.append("amount must be a whole number of Rupiah")
    reason = body.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > MAX_REASON):
        errors.append(f"reason must be text of at most {MAX_REASON} characters")
    if errors:
        raise ApiError(400, INVALID, errors)
    return RefundRequest(refund_key=key or "", amount=amount, reason=reason or "")


def parse_capture(raw: bytes) -> CaptureRequest:
    """`POST /v2/capture {transaction_id, gross_amount?}` for a pre-authorised card."""
    body = _json_object(raw)
    errors: list[str] = []
    transaction_id = body.get("transaction_id")
    if not isinstance(transaction_id, str) or not ORDER_ID.fullmatch(transaction_id):
        errors.append("transaction_id is required")
    amount = None
    if body.get("gross_amount") is not None:
        amount = whole_number(body["gross_amount"])
        if amount is None or amount < 1:
            errors.append("gross_amount must be a positive whole number of Rupiah")
    if errors:
        raise ApiError(400, INVALID, errors)
    assert isinstance(transaction_id, str)  # checked above
    return CaptureRequest(transaction_id=transaction_id, gross_amount=amount)


def _json_object(raw: bytes) -> dict:
    try:
        # Bounded in size and depth (NaN refused); read a little deeper than a field may nest,
        # so a body that parses but nests too deep is a bad field (400), as Midtrans answers.
        body = jsonbody.loads(raw, max_depth=2 * jsonbody.MAX_DEPTH)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(413, UNPARSABLE) from None
    if body is None:
        # What Midtrans answers to a body of `null` (the official client's own suite checks it).
        raise ApiError(500, UNEXPECTED)
    if not isinstance(body, dict):
        raise ApiError(413, UNPARSABLE)
    if not _storable(body):
        raise ApiError(400, INVALID, ["text must be valid UTF-8 without NUL, nested at most 32 levels"])
    return body


def _storable(value, depth: int = 0) -> bool:
    """What the database can keep: PostgreSQL refuses NUL in text, both need valid UTF-8."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_storable(k, depth + 1) and _storable(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v, depth + 1) for v in value)
    if isinstance(value, str):
        return not UNSTORABLE.search(value)
    return True


def _object(parent: dict, name: str, errors: list[str], *, required: bool = False) -> dict:
    value = parent.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        errors.append(f"{name} {'is required and ' if required else ''}must be an object")
        return {}
    return value


def whole_number(value) -> int | None:
    """An integer amount, also when a client sends 10000.0 or "10000.00"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, (float, str)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value() or abs(number) > MAX_AMOUNT:
        return None
    return int(number)


def _check_items(body: dict, amount: int | None, errors: list[str]) -> None:
    items = body.get("item_details")
    if items is None:
        return
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        errors.append("item_details must be a list of objects")
        return
    total = 0
    for n, item in enumerate(items):
        price, quantity = whole_number(item.get("price")), whole_number(item.get("quantity"))
        if price is None or quantity is None or quantity < 1:
            errors.append(f"item_details[{n}] needs a whole-number price and a positive quantity")
            return
        if not isinstance(item.get("name"), str) or not item["name"]:
            errors.append(f"item_details[{n}].name is required")
            return
        total += price * quantity
    if amount is not None and total != amount:
        errors.append("transaction_details.gross_amount is not equal to the sum of item_details")


def _expiry(body: dict, now: dt.datetime, errors: list[str]) -> dt.datetime | None:
    custom = _object(body, "custom_expiry", errors)
    if not custom:
        return None
    duration = whole_number(custom.get("expiry_duration"))
    unit = custom.get("unit")
    if duration is None or duration < 1 or not isinstance(unit, str) or unit not in UNITS:
        errors.append("custom_expiry needs a positive expiry_duration and a unit: second, minute, hour or day")
        return None
    seconds = duration * UNITS[unit]
    start = now
    if custom.get("order_time") is not None:
        try:
            start = dt.datetime.strptime(str(custom["order_time"]), "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            errors.append('custom_expiry.order_time must look like "2024-01-31 13:45:00 +0700"')
            return None
    # Bounded so that a far-off date gets an answer instead of a datetime overflow.
    if seconds > MAX_EXPIRY_SECONDS or abs(start - now).total_seconds() > MAX_EXPIRY_SECONDS:
        errors.append("custom_expiry must end within a year of order_time, and order_time be within a year of now")
        return None
    return start + dt.timedelta(seconds=seconds)


def _channel(body: dict, payment_type: str) -> Channel:
    if payment_type == "cstore":
        cstore = body.get("cstore")
        store = cstore.get("store") if isinstance(cstore, dict) else None
        if not isinstance(store, str):
            raise ApiError(400, INVALID, ['cstore.store is required: "indomaret" or "alfamart"'])
        if CHANNELS.get(store.lower()) is None or CHANNELS[store.lower()].kind != Kind.OUTLET:
            raise ApiError(402, NOT_ACTIVATED)
        return CHANNELS[store.lower()]
    if payment_type == "bank_transfer":
        transfer = body.get("bank_transfer")
        bank = transfer.get("bank") if isinstance(transfer, dict) else None
        if not isinstance(bank, str):
            raise ApiError(400, INVALID, ["bank_transfer.bank is required"])
        if bank not in VA_BANKS:
            raise ApiError(402, NOT_ACTIVATED)
        return CHANNELS[bank]
    if payment_type not in OTHER_TYPES:
        raise ApiError(402, NOT_ACTIVATED)
    return CHANNELS[OTHER_TYPES[payment_type]]


def _custom_number(body: dict, channel: Channel, errors: list[str]) -> str:
    if channel.kind not in {Kind.VA, Kind.PERMATA, Kind.BILL}:
        return ""
    if channel.code == "mandiri":
        echannel = _object(body, "echannel", errors, required=True)
        for label in ("bill_info1", "bill_info2"):
            # Longer labels are truncated by Mandiri, not refused; only presence matters.
            if not isinstance(echannel.get(label), str) or not echannel[label]:
                errors.append(f"echannel.{label} is required")
        value, name = echannel.get("bill_key"), "echannel.bill_key"
    else:
        value, name = _object(body, "bank_transfer", errors).get("va_number"), "bank_transfer.va_number"
    if value is None or value == "":
        return ""
    low, high = channel.custom_digits
    if not isinstance(value, str) or not DIGITS.fullmatch(value) or not low <= len(value) <= high:
        length = f"{low}" if low == high else f"{low}-{high}"
        errors.append(f"{name} for {channel.label} must be {length} digits")
        return ""
    return value


def _callback_url(body: dict, channel: Channel, errors: list[str]) -> str:
    """Where the payer returns: `gopay`/`shopeepay.callback_url`, and for cards the sandbox's
    `credit_card.callback_url` (Midtrans itself uses the dashboard's finish URL)."""
    if channel.kind not in {Kind.WALLET, Kind.CARD}:
        return ""
    url = _object(body, channel.code, errors).get("callback_url")
    if url is None or url == "":
        return ""
    if not isinstance(url, str) or len(url) > 2000:
        errors.append(f"{channel.code}.callback_url must be a URL of at most 2000 characters")
        return ""
    return url


def _options(body: dict, channel: Channel, errors: list[str]) -> dict:
    if channel.kind == Kind.OUTLET:
        message = _object(body, "cstore", errors).get("message")
        if message is not None and (not isinstance(message, str) or len(message) > CSTORE_MESSAGE_MAX):
            errors.append(f"cstore.message must be text of at most {CSTORE_MESSAGE_MAX} characters")
            return {}
        return {"store": channel.code, "message": message or ""}
    if channel.kind == Kind.QRIS:
        acquirer = _object(body, "qris", errors).get("acquirer", "gopay")
        if not isinstance(acquirer, str):
            errors.append('qris.acquirer must be "gopay" or "airpay shopee"')
            return {}
        if acquirer not in QRIS_ACQUIRERS:
            raise ApiError(402, NOT_ACTIVATED)
        return {"acquirer": acquirer}
    if channel.kind == Kind.CARD:
        return _card_options(_object(body, "credit_card", errors, required=True), errors)
    if channel.kind == Kind.PAYLATER:
        customer, items = body.get("customer_details"), body.get("item_details")
        if not isinstance(customer, dict) or not customer:
            errors.append(f"customer_details is required for {channel.payment_type}")
        if not isinstance(items, list) or not items:
            errors.append(f"item_details is required for {channel.payment_type}")
    return {}


def _card_options(card: dict, errors: list[str]) -> dict:
    token_id = card.get("token_id")
    if not isinstance(token_id, str) or not token_id:
        errors.append("credit_card.token_id is required")
    authentication = card.get("authentication", False)
    if isinstance(authentication, str) and authentication.lower() in {"true", "false"}:
        authentication = authentication.lower() == "true"  # some clients send "true"
    if not isinstance(authentication, bool):
        errors.append("credit_card.authentication must be true or false")
    term = card.get("installment_term")
    if term is not None:
        term = whole_number(term)
        if term is None or not 1 <= term <= MAX_INSTALLMENT_TERM:
            errors.append(f"credit_card.installment_term must be a whole number of months, 1-{MAX_INSTALLMENT_TERM}")
    bank = card.get("bank")
    if bank is not None and (not isinstance(bank, str) or not re.fullmatch(r"[A-Za-z_]{1,20}", bank)):
        errors.append("credit_card.bank must be a bank code such as bni, bca, mandiri")
    card_type = card.get("type", "authorize_capture")
    if card_type not in CARD_TYPES:
        errors.append('credit_card.type must be "authorize_capture" or "authorize"')
    return {
        "token_id": token_id if isinstance(token_id, str) else "",
        "authentication": authentication is True,
        "pre_authorize": card_type == "authorize",
        "installment_term": term,
        "bank": bank.lower() if isinstance(bank, str) else "",
    }
