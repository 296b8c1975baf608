"""Build and parse QRIS payloads (EMVCo Merchant-Presented Mode, Indonesian profile).

A QRIS string is a flat list of TLV fields -- 2-digit tag, 2-digit decimal length,
value -- some of whose values are TLV lists themselves (templates 26-51 and 62).
The last field is always tag 63: a CRC-16/CCITT-FALSE over everything before it,
including the "6304" header. Wallet apps refuse a QR whose CRC does not match, so
we check it on the way in and compute it on the way out.

No third-party dependency: this is string handling only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Qris", "QrisError", "build", "crc16", "parse", "with_amount"]

QRIS_DOMAIN = "ID.CO.QRIS.WWW"  # reverse domain of the national template (tag 51)
CRITERIA = ("UMI", "UKE", "UME", "UBE", "URE")  # micro, small, medium, large, regular
ACQUIRER_TAGS = tuple(f"{n:02d}" for n in range(26, 46))
_AMOUNT = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")
_PRINTABLE = re.compile(r"[\x20-\x7e]+")


class QrisError(ValueError):
    """The payload (or a value given to build) is not valid QRIS; the message says why."""


@dataclass(frozen=True)
class Qris:
    """The fields of a validated QRIS payload that the shop cares about."""

    payload: str
    dynamic: bool
    merchant_name: str
    merchant_city: str
    postal_code: str
    mcc: str
    currency: str
    country: str
    amount: int | None
    nmid: str
    merchant_criteria: str
    acquirers: list[dict]
    bill_number: str
    reference: str
    terminal: str
    tags: dict[str, str]


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection) as 4 uppercase hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def _split(text: str, where: str = "payload") -> dict[str, str]:
    """Split a TLV string into {tag: value}, keeping order; reject anything malformed.

    Duplicate tags are rejected: a second amount or merchant name would make the
    payload mean two different things depending on who reads it.
    """
    fields: dict[str, str] = {}
    i = 0
    while i < len(text):
        head = text[i : i + 4]
        if len(head) < 4:
            raise QrisError(f"{where}: truncated field header at position {i}")
        tag, length = head[:2], head[2:]
        if not (tag.isascii() and tag.isdigit()):
            raise QrisError(f"{where}: bad tag {tag!r} at position {i}")
        if not (length.isascii() and length.isdigit()):
            raise QrisError(f"{where}: non-numeric length {length!r} for tag {tag}")
        end = i + 4 + int(length)
        if end > len(text):
            raise QrisError(f"{where}: tag {tag} claims length {length} but the payload is truncated")
        if tag in fields:
            raise QrisError(f"{where}: duplicate tag {tag}")
        fields[tag] = text[i + 4 : end]
        i = end
    return fields


def _amount(raw: str) -> int:
    """'5000' or '5000.00' -> 5000. Rupiah have no cents in practice, so '5000.50' is refused."""
    match = _AMOUNT.fullmatch(raw)
    if not match:
        raise QrisError(f"bad amount {raw!r} (tag 54)")
    whole, cents = match.groups()
    if cents and int(cents):
        raise QrisError(f"amount {raw!r} has non-zero cents; IDR amounts must be whole Rupiah")
    if int(whole) <= 0:
        raise QrisError(f"amount {raw!r} must be positive")
    return int(whole)


def parse(payload: str) -> Qris:
    """Validate a QRIS string and return its fields; raise QrisError on anything wrong."""
    payload = payload.strip()
    if not payload:
        raise QrisError("empty payload")
    tags = _split(payload)
    order = list(tags)
    if order[0] != "00" or tags["00"] != "01":
        raise QrisError('payload must start with tag 00 = "01" (payload format indicator)')
    if order[-1] != "63":
        raise QrisError("tag 63 (CRC) must be the last field")
    crc = tags["63"]
    if len(crc) != 4 or not all(c in "0123456789abcdefABCDEF" for c in crc):
        raise QrisError(f"bad CRC field {crc!r}: expected 4 hex digits")
    expected = crc16(payload[:-4])
    if crc.upper() != expected:
        raise QrisError(f"bad CRC: payload says {crc}, computed {expected}")
    if tags.get("01") not in ("11", "12"):
        raise QrisError(f'tag 01 must be "11" (static) or "12" (dynamic), got {tags.get("01")!r}')
    if tags.get("53") != "360":
        raise QrisError(f'tag 53 (currency) must be "360" (IDR), got {tags.get("53")!r}')
    if tags.get("58") != "ID":
        raise QrisError(f'tag 58 (country) must be "ID", got {tags.get("58")!r}')
    for tag, name in (("52", "merchant category code"), ("59", "merchant name"), ("60", "merchant city")):
        if not tags.get(tag, "").strip():
            raise QrisError(f"missing tag {tag} ({name})")

    acquirers = []
    for tag in order:
        if tag in ACQUIRER_TAGS:
            sub = _split(tags[tag], f"tag {tag}")
            acquirers.append(
                {
                    "tag": tag,
                    "domain": sub.get("00", ""),
                    "pan": sub.get("01", ""),
                    "merchant_id": sub.get("02", ""),
                    "criteria": sub.get("03", ""),
                }
            )
    national = _split(tags.get("51", ""), "tag 51")
    extra = _split(tags.get("62", ""), "tag 62")

    return Qris(
        payload=payload,
        dynamic=tags["01"] == "12",
        merchant_name=tags["59"],
        merchant_city=tags["60"],
        postal_code=tags.get("61", ""),
        mcc=tags["52"],
        currency=tags["53"],
        country=tags["58"],
        amount=_amount(tags["54"]) if "54" in tags else None,
        nmid=national.get("02", ""),
        merchant_criteria=national.get("03", ""),
        acquirers=acquirers,
        bill_number=extra.get("01", ""),
        reference=extra.get("05", ""),
        terminal=extra.get("07", ""),
        tags=tags,
    )


def _tlv(tag: str, value: str, what: str) -> str:
    """One field; refuse values a scanner could misread (empty, too long, not printable ASCII)."""
    if not value:
        raise QrisError(f"{what} (tag {tag}) must not be empty")
    if len(value) > 99:
        raise QrisError(f"{what} (tag {tag}) is {len(value)} characters; the maximum is 99")
    if not _PRINTABLE.fullmatch(value):
        raise QrisError(f"{what} (tag {tag}) must be printable ASCII: {value!r}")
    return f"{tag}{len(value):02d}{value}"


def _check_amount(amount: int) -> str:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise QrisError(f"amount must be a positive whole number of Rupiah, got {amount!r}")
    return str(amount)


def _with_crc(body: str) -> str:
    body += "6304"
    return body + crc16(body)


def build(
    *,
    merchant_name: str,
    merchant_city: str,
    nmid: str,
    merchant_pan: str,
    merchant_id: str,
    amount: int | None = None,
    acquirer_domain: str = "ID.CO.NIAGA.WWW",
    mcc: str = "5399",
    criteria: str = "UMI",
    postal_code: str = "",
    bill_number: str = "",
    reference: str = "",
    terminal: str = "",
) -> str:
    """Make a QRIS string: dynamic (01=12, with tag 54) when amount is given, static otherwise.

    Merchant name and city are cut to the EMVCo limits (25 and 15) rather than
    refused, because shop names are often longer and wallets only show the start.
    """
    if criteria not in CRITERIA:
        raise QrisError(f"criteria must be one of {', '.join(CRITERIA)}, got {criteria!r}")
    if not (len(mcc) == 4 and mcc.isascii() and mcc.isdigit()):
        raise QrisError(f"mcc must be 4 digits, got {mcc!r}")
    acquirer = (
        _tlv("00", acquirer_domain, "acquirer domain")
        + _tlv("01", merchant_pan, "merchant PAN")
        + _tlv("02", merchant_id, "merchant id")
        + _tlv("03", criteria, "criteria")
    )
    national = _tlv("00", QRIS_DOMAIN, "QRIS domain") + _tlv("02", nmid, "NMID") + _tlv("03", criteria, "criteria")
    additional = (("01", bill_number, "bill number"), ("05", reference, "reference"), ("07", terminal, "terminal"))
    extra = "".join(_tlv(tag, value, what) for tag, value, what in additional if value)
    parts = [
        "000201",
        "010212" if amount is not None else "010211",
        _tlv("26", acquirer, "acquirer template"),
        _tlv("51", national, "QRIS template"),
        _tlv("52", mcc, "mcc"),
        "5303360",
        _tlv("54", _check_amount(amount), "amount") if amount is not None else "",
        "5802ID",
        _tlv("59", merchant_name[:25], "merchant name"),
        _tlv("60", merchant_city[:15], "merchant city"),
        _tlv("61", postal_code, "postal code") if postal_code else "",
        _tlv("62", extra, "additional data") if extra else "",
    ]
    return _with_crc("".join(parts))


def with_amount(payload: str, amount: int) -> str:
    """Turn a merchant's static QRIS into a dynamic one for this amount, so the buyer need not type it.

    Every other field is kept as it was; 54 replaces any existing amount and goes
    in tag order (before the first tag above 54), and the CRC is recomputed.
    """
    value = _check_amount(amount)
    fields = [(tag, raw) for tag, raw in parse(payload).tags.items() if tag not in ("54", "63")]
    fields = [(tag, "12" if tag == "01" else raw) for tag, raw in fields]
    at = next((i for i, (tag, _) in enumerate(fields) if tag > "54"), len(fields))
    fields.insert(at, ("54", value))
    return _with_crc("".join(f"{tag}{len(raw):02d}{raw}" for tag, raw in fields))
