"""A store's after-sales promise and how to reach it: the return window, returns and exchanges,
the warranty, and the contact details with the hours someone answers.

The rules of each value live here, once: the store's settings (stores.services) and a
product's own override (catalog.services) are checked by the same functions, so a page and
the API refuse the same input with the same words. Which promise holds for a product, the
store's or the product's own, is catalog's (`niaga.catalog.policy.for_product`).

- Return window: whole days after delivery, 0–30. 0 means the store takes nothing back
  (no returns, no exchanges); a store that takes goods back gives at least one day.
- Warranty: a kind (none, the store's own, a distributor's, the maker's official one) and its
  length in months (1–60; none is 0 months), with a free text for the details.
- Contact: an Indonesian phone number (kept as +62...), an e-mail address, and the days and
  hours someone answers (WIB); each optional, but hours come with days and close after they open.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from niaga.accounts.phones import normalize_phone
from niaga.core.errors import DomainError

MAX_RETURN_DAYS = 30
DEFAULT_RETURN_DAYS = 7
MAX_WARRANTY_MONTHS = 60
MAX_NOTE = 5000


class WarrantyKind(models.TextChoices):
    NONE = "none", "Tanpa garansi"
    STORE = "store", "Garansi toko"
    DISTRIBUTOR = "distributor", "Garansi distributor"
    OFFICIAL = "official", "Garansi resmi"


DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday is 0, as in Python


def _whole(raw, field: str, errors: dict, *, label: str, low: int, high: int) -> int | None:
    try:
        if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
            raise ValueError
        value = int(raw)
        if isinstance(raw, float) and raw != value:
            raise ValueError
    except (TypeError, ValueError):
        errors[field] = f"{label} harus berupa angka bulat {low}–{high}."
        return None
    if not low <= value <= high:
        errors[field] = f"{label} harus {low}–{high}."
        return None
    return value


def _flag(raw, field: str, errors: dict) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("1", "true", "on", "ya", "yes"):
        return True
    if isinstance(raw, str) and raw.lower() in ("0", "false", "off", "tidak", "no", ""):
        return False
    errors[field] = "Pilih ya atau tidak."
    return None


def clean_policy(data: dict, errors: dict[str, str], *, inherit: bool = False) -> dict:
    """The policy fields present in `data`, each checked alone; refusals go into `errors` on
    their field. With `inherit` (a product's override), None or "" means "as the store says"
    and is kept as None ("" for the warranty kind). Check the values together with
    `check_policy` once they are merged with what is stored."""
    cleaned: dict = {}
    for field in ("return_window_days", "warranty_months"):
        if field not in data:
            continue
        raw = data[field]
        if inherit and (raw is None or raw == ""):
            cleaned[field] = None
        elif field == "return_window_days":
            cleaned[field] = _whole(raw, field, errors, label="Batas pengembalian (hari)", low=0, high=MAX_RETURN_DAYS)
        else:
            cleaned[field] = _whole(raw, field, errors, label="Lama garansi (bulan)", low=0, high=MAX_WARRANTY_MONTHS)
    for field in ("accepts_returns", "accepts_exchanges"):
        if field in data:
            raw = data[field]
            cleaned[field] = None if inherit and (raw is None or raw == "") else _flag(raw, field, errors)
    if "warranty_kind" in data:
        kind = data["warranty_kind"]
        if inherit and (kind is None or kind == ""):
            cleaned["warranty_kind"] = ""
        elif kind not in WarrantyKind.values:
            errors["warranty_kind"] = "Pilih jenis garansi dari daftar."
        else:
            cleaned["warranty_kind"] = kind
    for field in ("return_policy", "warranty_policy"):
        if field in data:
            value = str(data[field] or "").strip()
            if len(value) > MAX_NOTE:
                errors[field] = "Teks terlalu panjang (maks. 5000 karakter)."
            cleaned[field] = value
    return cleaned


def check_policy(values: dict, errors: dict[str, str]) -> None:
    """The effective values together (what is being set over what is stored, a product's over
    its store's): a window of 0 days takes nothing back; a warranty has a length, none has none."""
    if errors.keys() & {
        "return_window_days",
        "accepts_returns",
        "accepts_exchanges",
        "warranty_kind",
        "warranty_months",
    }:
        return
    takes_back = values.get("accepts_returns") or values.get("accepts_exchanges")
    if values.get("return_window_days") == 0 and takes_back:
        errors["return_window_days"] = (
            "Batas 0 hari berarti tidak menerima pengembalian. Isi 1–30 hari, atau matikan retur dan tukar."
        )
    kind, months = values.get("warranty_kind"), values.get("warranty_months")
    if kind == WarrantyKind.NONE and months:
        errors["warranty_months"] = "Tanpa garansi: lama garansi 0 bulan."
    elif kind and kind != WarrantyKind.NONE and not months:
        errors["warranty_months"] = f"Isi lama garansi 1–{MAX_WARRANTY_MONTHS} bulan."


def _time(raw, field: str, errors: dict) -> dt.time | None:
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    text = str(raw or "").strip().replace(".", ":")
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        errors[field] = "Jam dalam format JJ:MM, mis. 08:00."
        return None


def clean_contact(data: dict, errors: dict[str, str]) -> dict:
    """The contact fields present in `data`, checked (see the module's docstring)."""
    cleaned: dict = {}
    if "contact_phone" in data:
        raw = str(data["contact_phone"] or "").strip()
        if not raw:
            cleaned["contact_phone"] = ""
        elif len(raw) > 30:
            errors["contact_phone"] = "Nomor telepon Indonesia tidak valid."
        else:
            try:
                cleaned["contact_phone"] = normalize_phone(raw)
            except DomainError:
                errors["contact_phone"] = "Nomor telepon Indonesia tidak valid, mis. 0812-3456-7890 atau 022-1234567."
    if "contact_email" in data:
        raw = str(data["contact_email"] or "").strip().lower()
        if raw:
            try:
                if len(raw) > 254:
                    raise ValidationError("too long")
                validate_email(raw)
            except ValidationError:
                errors["contact_email"] = "Alamat email tidak valid."
        cleaned["contact_email"] = raw
    if "open_days" in data:
        days = data["open_days"] or []
        try:
            if isinstance(days, str | bytes) or isinstance(days, dict):
                raise ValueError
            numbers = sorted({int(d) for d in days if not isinstance(d, bool)})
            if len(numbers) != len(set(days)) or any(not 0 <= d <= 6 for d in numbers):
                raise ValueError
            cleaned["open_days"] = numbers
        except (TypeError, ValueError):
            errors["open_days"] = "Pilih hari dari Senin sampai Minggu."
    for field in ("opens_at", "closes_at"):
        if field in data:
            raw = data[field]
            cleaned[field] = None if raw in (None, "") else _time(raw, field, errors)
    return cleaned


def check_contact(values: dict, errors: dict[str, str]) -> None:
    """The hours together: both or neither, closing after opening, and on some days."""
    if errors.keys() & {"open_days", "opens_at", "closes_at"}:
        return
    opens, closes, days = values.get("opens_at"), values.get("closes_at"), values.get("open_days") or []
    if (opens is None) != (closes is None):
        errors["closes_at" if opens is not None else "opens_at"] = (
            "Isi jam buka dan jam tutup, atau kosongkan keduanya."
        )
    elif opens is not None and closes is not None and closes <= opens:
        errors["closes_at"] = "Jam tutup harus setelah jam buka."
    elif opens is not None and not days:
        errors["open_days"] = "Pilih hari operasional."
    elif days and opens is None:
        errors["opens_at"] = "Isi jam buka dan jam tutup untuk hari operasional."


def days_text(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] -> "Senin–Jumat"; [0, 2, 4] -> "Senin, Rabu, Jumat"; [] -> ""."""
    days = sorted(set(days))
    if not days:
        return ""
    if len(days) == 7:
        return "Setiap hari"
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{DAY_NAMES[r[0]]}–{DAY_NAMES[r[-1]]}" if len(r) > 2 else ", ".join(DAY_NAMES[d] for d in r) for r in runs
    ]
    return ", ".join(parts)


def hours_text(days: list[int], opens: dt.time | None, closes: dt.time | None) -> str:
    """ "Senin–Jumat, 08.00–17.00 WIB", or "" when the store has not said."""
    if not days or opens is None or closes is None:
        return ""
    return f"{days_text(days)}, {opens:%H.%M}–{closes:%H.%M} WIB"


def phone_text(e164: str) -> str:
    """+6281234567890 -> 0812-3456-7890 style, as Indonesians write it."""
    import phonenumbers

    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "ID"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164
