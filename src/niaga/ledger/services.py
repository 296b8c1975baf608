"""Posting to the ledger: balanced, once per key, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction

from niaga.core import clock
from niaga.core.errors import Conflict, DomainError

from .models import Account, Entry, Transaction
from .selectors import balance


class Unbalanced(DomainError):
    code = "ledger_unbalanced"


class InsufficientBalance(Conflict):
    code = "insufficient_balance"


def post(
    *, key: str, kind: str, reference: str, lines: list[tuple[str, int]], memo: str = "", at: dt.datetime | None = None
) -> Transaction:
    """Record one movement of money. Lines are (account code, amount); they must sum to zero.

    The same key posts once: a repeated webhook or a re-run sweep finds the first posting.
    It is dated `at`, else the clock's now (which a demo's story or a test may have moved).
    """
    merged: dict[str, int] = defaultdict(int)
    for code, amount in lines:
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise Unbalanced(f"Jumlah harus bilangan bulat Rupiah: {amount!r}")
        merged[code] += amount
    merged = {code: amount for code, amount in merged.items() if amount}
    if len(key) > 120 or any(len(code) > 80 for code in merged):
        raise Unbalanced(f"Kunci atau nama akun terlalu panjang: {key!r}")
    if not merged or sum(merged.values()) != 0:
        raise Unbalanced(f"Transaksi {kind} tidak seimbang: {dict(merged)}")
    existing = Transaction.objects.filter(key=key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            txn = Transaction.objects.create(
                key=key, kind=kind, reference=reference[:64], memo=memo[:255], created_at=at or clock.now()
            )
            accounts = {code: _account(code) for code in merged}
            Entry.objects.bulk_create(Entry(transaction=txn, account=accounts[c], amount=a) for c, a in merged.items())
    except IntegrityError:
        return Transaction.objects.get(key=key)
    return txn


def _account(code: str) -> Account:
    account = Account.objects.filter(code=code).first()
    if account is None:
        try:
            with transaction.atomic():
                account = Account.objects.create(code=code)
        except IntegrityError:
            account = Account.objects.get(code=code)
    return account


def lock(code: str) -> Account:
    """Serialise spending from one account (payouts, saldo) so it cannot go below zero."""
    account = _account(code)
    return Account.objects.select_for_update().get(pk=account.pk)


def move(*, key: str, kind: str, reference: str, source: str, target: str, amount: int, memo: str = "") -> Transaction:
    """Move `amount` out of a balance that must not go negative (saldo, available balance)."""
    if amount <= 0:
        raise DomainError("Jumlah harus lebih dari 0.", code="invalid_amount", fields={"amount": "Minimal Rp1."})
    with transaction.atomic():
        lock(source)
        if Transaction.objects.filter(key=key).exists():
            return Transaction.objects.get(key=key)
        if balance(source) < amount:
            raise InsufficientBalance("Saldo tidak cukup.", fields={"amount": "Melebihi saldo."})
        return post(key=key, kind=kind, reference=reference, lines=[(source, -amount), (target, amount)], memo=memo)
