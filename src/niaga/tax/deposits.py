"""Setoran: Niaga pays the tax office the PPh 22 it collected in a month and the operator
records it here, from the payment's proof (kode billing or NTPN). The posting moves the amount
out of tax-payable to the tax office; a month is never paid more than it still owes."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from niaga import audit
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.core.money import rupiah
from niaga.ledger import accounts as acc
from niaga.ledger import services as ledger

from . import selectors
from .models import Deposit

# Kode billing: 15 digits; NTPN (the state's receipt number): 16 letters and digits.
REFERENCE = re.compile(r"\d{15}|[0-9A-Z]{16}")


class DepositExceedsPayable(DomainError):
    code = "deposit_exceeds_payable"


def record_deposit(
    *, period: dt.date, amount: int, deposited_on: dt.date, reference: str, operator, request=None
) -> Deposit:
    """Record one month's deposit, once per month and reference: the same deposit recorded
    again returns the first; the same reference with other figures is refused (409), and so
    is an amount above what the month still owes (400), with nothing changed."""
    reference = re.sub(r"[\s.\-]", "", reference or "").upper()
    today = timezone.localdate(clock.now())
    errors: dict[str, str] = {}
    if period.day != 1 or period > today.replace(day=1):
        errors["period"] = "Pilih masa pajak yang sudah berjalan."
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        errors["amount"] = "Jumlah setoran minimal Rp1."
    if deposited_on > today:
        errors["deposited_on"] = "Tanggal setor tidak boleh di masa depan."
    elif deposited_on < period:
        errors["deposited_on"] = "Tanggal setor tidak boleh sebelum masa pajaknya."
    if not REFERENCE.fullmatch(reference):
        errors["reference"] = "Kode billing 15 digit atau NTPN 16 karakter."
    if errors:
        raise DomainError("Periksa kembali data setoran.", code="invalid_deposit", fields=errors)
    month = f"{period:%Y-%m}"
    with transaction.atomic():
        # Deposits of every month take this lock: two operators cannot both pay the last Rupiah.
        ledger.lock(acc.TAX_PPH22_PAYABLE)
        existing = Deposit.objects.filter(period=period, reference=reference).first()
        if existing is not None:
            if (existing.amount, existing.deposited_on) == (amount, deposited_on):
                return existing
            raise Conflict(
                f"Setoran {reference} untuk masa {month} sudah dicatat dengan data lain.",
                code="deposit_reference_used",
                fields={"reference": "Sudah dipakai untuk setoran lain di masa ini."},
            )
        outstanding = selectors.month_figures(period).outstanding
        if amount > outstanding:
            raise DepositExceedsPayable(
                f"Setoran {rupiah(amount)} melebihi PPh 22 masa {month} yang belum disetor ({rupiah(outstanding)}).",
                fields={"amount": f"Paling banyak {rupiah(max(outstanding, 0))}."},
            )
        key = acc.pph22_deposit_key(month, reference)
        deposit = Deposit.objects.create(
            key=key,
            period=period,
            amount=amount,
            deposited_on=deposited_on,
            reference=reference,
            recorded_by=operator,
        )
        ledger.post(
            key=key,
            kind=selectors.DEPOSIT_KIND,
            reference=selectors.deposit_reference(period),
            memo=f"Setoran PPh 22 masa {month}, {reference}",
            lines=[(acc.TAX_PPH22_PAYABLE, -amount), (acc.WORLD_TAX_OFFICE, amount)],
        )
        audit.record(
            "tax.deposit_recorded",
            actor=operator,
            request=request,
            target=deposit,
            changes={"period": month, "amount": amount, "deposited_on": f"{deposited_on}", "reference": reference},
        )
    return deposit
