"""Sandbox e-wallet accounts: a phone number at a provider, with a balance in whole Rupiah.

An account appears the first time it is used, with a demo balance. Every change is a
conditional UPDATE plus a movement row, so a payment can never take a balance below zero
even when two payments race.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from niaga.core import clock

from .charges import MAX_AMOUNT
from .models import WALLET_LABELS, Transaction, WalletAccount, WalletMovement

DEMO_PHONE = "081234567890"
DEFAULT_DEMO_BALANCE = 1_000_000
MAX_TOP_UP = 100_000_000
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_MOBILE = re.compile(r"08[0-9]{7,12}")


class InsufficientBalance(Exception):
    def __init__(self, account: WalletAccount):
        super().__init__("Saldo tidak cukup")
        self.account = account


def demo_balance() -> int:
    return int(getattr(settings, "NIAGA_SANDBOX_WALLET_DEMO_BALANCE", DEFAULT_DEMO_BALANCE))


def normalize_phone(value: str) -> str | None:
    """ "+62 812-3456-7890", "62812..." and "0812..." are the same number: 0812..."""
    phone = _PHONE_SEPARATORS.sub("", value or "")
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62"):
        phone = "0" + phone[2:]
    return phone if _MOBILE.fullmatch(phone) else None


def find(provider: str, phone: str) -> WalletAccount | None:
    return WalletAccount.objects.filter(provider=provider, phone=phone).first()


def get_or_open(provider: str, phone: str) -> WalletAccount:
    """The account, opened with the demo balance on first use."""
    if provider not in WALLET_LABELS:
        raise ValueError(f"unknown wallet {provider!r}")
    account = find(provider, phone)
    if account is not None:
        return account
    now = clock.now()
    try:
        with transaction.atomic():
            account = WalletAccount.objects.create(
                provider=provider, phone=phone, balance=demo_balance(), created_at=now, updated_at=now
            )
            WalletMovement.objects.create(
                account=account, amount=account.balance, description="Saldo awal demo", created_at=now
            )
    except IntegrityError:  # opened by a concurrent request a moment ago
        account = WalletAccount.objects.get(provider=provider, phone=phone)
    return account


def top_up(account: WalletAccount, amount: int) -> WalletAccount:
    if not 0 < amount <= MAX_TOP_UP:
        raise ValueError("top-up amount out of range")
    now = clock.now()
    with transaction.atomic():
        updated = WalletAccount.objects.filter(pk=account.pk, balance__lte=MAX_AMOUNT - amount).update(
            balance=F("balance") + amount, updated_at=now
        )
        if not updated:
            raise ValueError("balance would be too large")
        WalletMovement.objects.create(account=account, amount=amount, description="Isi saldo", created_at=now)
    account.refresh_from_db()
    return account


def debit(account: WalletAccount, amount: int, *, txn: Transaction, description: str) -> None:
    """Take a payment; must run inside the transaction that settles `txn`."""
    now = clock.now()
    updated = WalletAccount.objects.filter(pk=account.pk, balance__gte=amount).update(
        balance=F("balance") - amount, updated_at=now
    )
    if not updated:
        account.refresh_from_db()
        raise InsufficientBalance(account)
    WalletMovement.objects.create(
        account=account, amount=-amount, description=description, transaction=txn, created_at=now
    )


def credit(account: WalletAccount, amount: int, *, txn: Transaction, description: str) -> None:
    now = clock.now()
    WalletAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount, updated_at=now)
    WalletMovement.objects.create(
        account=account, amount=amount, description=description, transaction=txn, created_at=now
    )
