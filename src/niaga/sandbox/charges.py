"""Reading a `POST /v2/charge` body: every way it can be wrong becomes a Midtrans error.

Syntax problems answer 413 with `validation_messages`; a payment type or bank the sandbox
does not offer answers 402, as Midtrans does for a channel the merchant has not enabled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .protocol import CHANNELS, ApiError, Channel

ORDER_ID = re.compile(r"[A-Za-z0-9\-_.~]{1,50}")
DIGITS = re.compile(r"[0-9]+")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates
MAX_DEPTH = 32
MAX_AMOUNT = 10**12 - 1  # far above any VA limit; keeps sums inside a 64-bit column
MAX_EXPIRY_SECONDS = 366 * 86400
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
NOT_ACTIVATED = "Payment channel is not activated."
BAD_SYNTAX = "One or more parameters in the payload is invalid."
VA_BANKS = {"bca", "bni", "bri", "cimb", "permata"}
OTHER_TYPES = {"echannel": "mandiri", "permata": "permata", "gopay": "gopay", "shopeepay": "shopeepay"}


@dataclass(frozen=True)
class ChargeRequest:
    order_id: str
    gross_amount: int
    channel: Channel
    custom_number: str  # the merchant's customer part of the VA / bill key, or ""
    expiry_time: dt.datetime
    callback_url: str
    body: dict


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
        raise ApiError(413, BAD_SYNTAX, errors)

    channel = _channel(body, payment_type)
    custom_number = _custom_number(body, channel, errors)
    callback_url = _callback_url(body, channel, errors)
    if errors:
        raise ApiError(413, BAD_SYNTAX, errors)
    return ChargeRequest(
        order_id=order_id,
        gross_amount=amount,
        channel=channel,
        custom_number=custom_number,
        expiry_time=expiry_time or now + channel.default_expiry,
        callback_url=callback_url,
        body=body,
    )


def _json_object(raw: bytes) -> dict:
    try:
        body = json.loads(raw, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(413, "The request cannot be processed due to syntax error in the request body.") from None
    if not isinstance(body, dict) or not _storable(body):
        raise ApiError(413, "The request body must be a JSON object of plain text, nested at most 32 levels.")
    return body


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")


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
    if payment_type == "bank_transfer":
        transfer = body.get("bank_transfer")
        bank = transfer.get("bank") if isinstance(transfer, dict) else None
        if not isinstance(bank, str):
            raise ApiError(413, BAD_SYNTAX, ["bank_transfer.bank is required"])
        if bank not in VA_BANKS:
            raise ApiError(402, NOT_ACTIVATED)
        return CHANNELS[bank]
    if payment_type not in OTHER_TYPES:
        raise ApiError(402, NOT_ACTIVATED)
    return CHANNELS[OTHER_TYPES[payment_type]]


def _custom_number(body: dict, channel: Channel, errors: list[str]) -> str:
    if channel.is_wallet:
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
    if not channel.is_wallet:
        return ""
    url = _object(body, channel.code, errors).get("callback_url")
    if url is None or url == "":
        return ""
    if not isinstance(url, str) or len(url) > 2000:
        errors.append(f"{channel.code}.callback_url must be a URL of at most 2000 characters")
        return ""
    return url
