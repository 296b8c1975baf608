"""Writes of the tax app: the seller's profile, statements and SKBs; PPh 22 collected at payment
and reversed with refunds. Each collection posts to the ledger under the Collection row's key."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.ledger import accounts as acc
from niaga.ledger import services as ledger
from niaga.orders.models import Order

from . import rules
from .models import Collection, Exemption, TaxProfile, TurnoverStatement

MAX_FILE_BYTES = 5 * 1024 * 1024
FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def _valid_nik(number: str) -> bool:
    """16 digits; digits 7–8 are the day of birth (plus 40 for women), 9–10 the month."""
    if not re.fullmatch(r"\d{16}", number):
        return False
    day, month = int(number[6:8]), int(number[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def save_profile(*, store, id_kind: str, id_number: str, name: str, address: str, is_pkp: bool) -> TaxProfile:
    """NPWP (16 digits since 2024, PMK 112/2022) or NIK; the name and address as registered."""
    number = _digits(id_number)
    errors: dict[str, str] = {}
    if id_kind not in TaxProfile.IdKind.values:
        errors["id_kind"] = "Pilih NPWP atau NIK."
    elif id_kind == TaxProfile.IdKind.NIK and not _valid_nik(number):
        errors["id_number"] = "NIK harus 16 digit yang sah (lihat KTP)."
    elif id_kind == TaxProfile.IdKind.NPWP and not re.fullmatch(r"\d{16}", number):
        errors["id_number"] = "NPWP harus 16 digit."
    name, address = (name or "").strip(), (address or "").strip()
    if not 3 <= len(name) <= 120:
        errors["name"] = "Tulis nama sesuai NPWP/NIK (3–120 karakter)."
    if not 10 <= len(address) <= 255:
        errors["address"] = "Tulis alamat pajak lengkap (10–255 karakter)."
    if errors:
        raise DomainError("Periksa kembali profil pajak.", code="invalid_tax_profile", fields=errors)
    with transaction.atomic():
        profile, _ = TaxProfile.objects.update_or_create(
            store=store,
            defaults={"id_kind": id_kind, "id_number": number, "name": name, "address": address, "is_pkp": is_pkp},
        )
    return profile


def _check_file(document, field: str) -> None:
    if document is None:
        return
    if document.size > MAX_FILE_BYTES or not document.name.lower().endswith(FILE_TYPES):
        raise DomainError(
            "Berkas tidak bisa diterima.", code="invalid_file", fields={field: "PDF/JPG/PNG, maks. 5 MB."}
        )


def submit_statement(
    *, store, year: int, declared_turnover: int, signed_on: dt.date, agreed: bool, document=None
) -> TurnoverStatement:
    """The seller states the year's turnover is at most the threshold: no collection while the
    year-to-date turnover stays within it (see collect)."""
    threshold = rules.pph22(dt.date(year, 12, 31)).threshold if 2000 <= year <= 2100 else 0
    errors: dict[str, str] = {}
    today = timezone.localdate(clock.now())
    if year not in (today.year, today.year + 1):
        errors["year"] = f"Pernyataan hanya untuk tahun {today.year} atau {today.year + 1}."
    if not 0 <= declared_turnover <= threshold:
        errors["declared_turnover"] = f"Peredaran bruto yang dinyatakan harus Rp0 sampai Rp{threshold:,}.".replace(
            ",", "."
        )
    if signed_on > today:
        errors["signed_on"] = "Tanggal pernyataan tidak boleh di masa depan."
    if not agreed:
        errors["agreed"] = "Centang pernyataan untuk menyetujuinya."
    if errors:
        raise DomainError("Periksa kembali surat pernyataan.", code="invalid_statement", fields=errors)
    _check_file(document, "document")
    with transaction.atomic():
        statement, _ = TurnoverStatement.objects.update_or_create(
            store=store, year=year, defaults={"declared_turnover": declared_turnover, "signed_on": signed_on}
        )
        if document is not None:
            statement.document.save(document.name, document, save=True)
    return statement


def add_exemption(*, store, number: str, valid_from: dt.date, valid_until: dt.date, document=None) -> Exemption:
    number = (number or "").strip()
    errors: dict[str, str] = {}
    if not 5 <= len(number) <= 60:
        errors["number"] = "Tulis nomor SKB (5–60 karakter)."
    if valid_until < valid_from:
        errors["valid_until"] = "Tanggal akhir harus sesudah tanggal mulai."
    if errors:
        raise DomainError("Periksa kembali SKB.", code="invalid_skb", fields=errors)
    _check_file(document, "document")
    with transaction.atomic():
        skb = Exemption.objects.create(store=store, number=number, valid_from=valid_from, valid_until=valid_until)
        if document is not None:
            skb.document.save(document.name, document, save=True)
    return skb


# --- collection ----------------------------------------------------------------------------


def tax_base(order: Order, rule: rules.Pph22Rule) -> int:
    """The seller's gross turnover on the order, excluding PPN/PPnBM (Niaga's prices carry none
    for a non-PKP seller). "goods" leaves out shipping: the buyer pays it for the courier, it is
    not the seller's turnover (PMK 37/2025 Pasal 8: peredaran bruto on the invoice)."""
    if rule.base == "goods_and_shipping":
        return order.total
    return min(order.subtotal, order.total)


def _period(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment).replace(day=1)


def _turnover_so_far(store_id: int, year: int) -> int:
    rows = Collection.objects.filter(store_id=store_id, period__year=year)
    return rows.aggregate(s=Sum("turnover"))["s"] or 0


def collect(*, order: Order, paid_at: dt.datetime) -> Collection:
    """PPh 22 on a paid order, inside the payment's move (orders EFFECTS "tax.collect").

    Collected unless an SKB is valid on the payment date, or the store's statement for the year
    stands and the year-to-date turnover including this order stays within the threshold.
    Posted once per order: the key is the Collection's and the ledger's.
    """
    key = acc.pph22_collect_key(order.pk)
    with transaction.atomic():
        existing = Collection.objects.filter(key=key).first()
        if existing:
            return existing
        day = timezone.localdate(paid_at)
        rule = rules.pph22(day)
        turnover = tax_base(order, rule)
        row = Collection(
            key=key,
            order=order,
            store_id=order.store_id,
            turnover=turnover,
            rate_bps=rule.bps,
            rule=rule.code,
            occurred_at=paid_at,
            period=_period(paid_at),
        )
        skb = Exemption.objects.filter(store_id=order.store_id, valid_from__lte=day, valid_until__gte=day).first()
        # The row lock orders concurrent payments of one store, so two orders cannot both
        # read the turnover from before each other and both pass under the threshold.
        statement = TurnoverStatement.objects.select_for_update().filter(store_id=order.store_id, year=day.year).first()
        if not rules.in_force_on([{"since": rule.since}], day):
            base, reason = 0, f"Sebelum {rule.code} berlaku"
        elif skb is not None:
            base, reason = 0, f"SKB {skb.number} berlaku s.d. {skb.valid_until:%d-%m-%Y}"
        elif statement is not None:
            before = _turnover_so_far(order.store_id, day.year)
            after = before + turnover
            if after <= rule.threshold:
                base, reason = 0, f"Surat pernyataan omzet {day.year} (≤ Rp{rule.threshold:,})".replace(",", ".")
            elif before < rule.threshold:
                # The switch. The statement holds for the turnover up to the threshold; PMK
                # 37/2025 collects on turnover past it, read as PP 55/2022 Pasal 60(2) reads the
                # individual's untaxed first Rp500 million: the crossing order pays on its part
                # above the threshold, every later order of the year in full.
                base, reason = after - rule.threshold, f"Omzet {day.year} melewati batas: dipungut atas kelebihannya"
            else:
                base, reason = turnover, f"Omzet {day.year} di atas batas pernyataan"
        else:
            base, reason = turnover, "Tanpa surat pernyataan omzet"
        row.base = base
        row.amount = base * rule.bps // 10_000
        row.kind = Collection.Kind.COLLECTED if base else Collection.Kind.EXEMPT
        row.reason = reason[:255]
        if row.amount:
            ledger.post(
                key=key,
                kind="tax_pph22",
                reference=order.number,
                memo=f"PPh 22 {rule.percent} × {base} ({rule.code})",
                lines=[(acc.escrow(order.store_id, order.pk), -row.amount), (acc.TAX_PPH22_PAYABLE, row.amount)],
            )
        row.save()
    return row


def reverse(*, order: Order, amount: int | None, cause: str, reason: str) -> Collection | None:
    """Give back PPh 22 with a refund, before the refund reads escrow (payments.signals.refunding):
    in proportion to the refunded part of the order's turnover, or all that is left when the
    refund takes everything (`amount` None) or at least the turnover still standing."""
    key = acc.pph22_reverse_key(order.pk, cause)
    with transaction.atomic():
        rows = list(Collection.objects.select_for_update().filter(order=order))
        if not rows or any(r.key == key for r in rows):
            return next((r for r in rows if r.key == key), None)
        turnover = sum(r.turnover for r in rows)
        base = sum(r.base for r in rows)
        collected = sum(r.amount for r in rows)
        if turnover <= 0:
            return None
        if amount is None or amount >= turnover:
            share_turnover, share_base, share = turnover, base, collected
        else:
            share_turnover = amount
            share_base = base * amount // turnover
            share = collected * amount // turnover
        now = clock.now()
        row = Collection.objects.create(
            key=key,
            order=order,
            store_id=order.store_id,
            kind=Collection.Kind.REVERSED,
            turnover=-share_turnover,
            base=-share_base,
            rate_bps=rows[0].rate_bps,
            amount=-share,
            rule=rows[0].rule,
            reason=reason[:255] or "Refund",
            occurred_at=now,
            period=_period(now),
        )
        if share:
            ledger.post(
                key=key,
                kind="tax_pph22_reversal",
                reference=order.number,
                memo=f"PPh 22 dikembalikan: {reason}"[:255],
                lines=[(acc.TAX_PPH22_PAYABLE, -share), (acc.escrow(order.store_id, order.pk), share)],
            )
    return row
