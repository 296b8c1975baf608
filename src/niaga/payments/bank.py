"""The store's saved bank account: set or changed by its owner (after a fresh second factor,
asked by the page), audited with the number masked, and told to the owner by e-mail."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from niaga import audit
from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.notifications.services import notify

from .models import PAYOUT_BANKS, BankAccount


def account_of(store) -> BankAccount | None:
    return BankAccount.objects.filter(store=store).first()


def check_account(*, bank: str, account_number: str, account_name: str) -> dict[str, str]:
    errors = {}
    if bank not in dict(PAYOUT_BANKS):
        errors["bank"] = "Pilih bank."
    if not (account_number.isdigit() and 6 <= len(account_number) <= 20):
        errors["account_number"] = "Nomor rekening 6–20 angka."
    if not account_name.strip():
        errors["account_name"] = "Nama pemilik rekening wajib diisi."
    return errors


def set_bank_account(*, store, bank: str, account_number: str, account_name: str, request=None) -> BankAccount:
    """Save the store's account (the first time, or a change). Saving the same account again
    changes nothing and tells nobody."""
    account_number = (account_number or "").replace(" ", "").replace("-", "")
    account_name = (account_name or "").strip()[:80]
    errors = check_account(bank=bank, account_number=account_number, account_name=account_name)
    if errors:
        raise DomainError("Periksa kembali data rekening.", code="invalid_bank_account", fields=errors)
    now = clock.now()
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().filter(store=store).first()
        before = (account.bank, account.account_number, account.account_name) if account else None
        if before == (bank, account_number, account_name):
            return account  # type: ignore[return-value]
        if account is None:
            account = BankAccount(store=store, created_at=now)
        account.bank, account.account_number, account.account_name = bank, account_number, account_name
        account.changed_at = now
        account.save()
        changes: dict[str, object] = {"bank": bank, "account": account.masked_number, "holder": account_name}
        if before:
            changes["before"] = {"bank": before[0], "account": f"****{before[1][-4:]}"}
        audit.record("bank.changed", actor=store.owner, request=request, target=account, changes=changes)
        _tell_owner(store, account, first=before is None)
    return account


def _tell_owner(store, account: BankAccount, *, first: bool) -> None:
    verb = "disimpan" if first else "diubah"
    notify(
        user=store.owner,
        title=f"Rekening bank {store.name} {verb}",
        body=(
            f"Penarikan saldo {store.name} sekarang dikirim ke {account.get_bank_display()} "
            f"{account.masked_number} a.n. {account.account_name}."
        ),
        url=reverse("seller:bank"),
        email=True,
        next_step=(
            "Bukan Anda? Segera ganti kata sandi dan hubungi tim Niaga. Penarikan setelah rekening "
            "diubah ditinjau dulu sebelum dibayarkan."
        ),
    )
