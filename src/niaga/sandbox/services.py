"""What the simulated Midtrans does: open a charge, find it, move it along the status graph.

Every move is one conditional UPDATE (`WHERE status = <what we read>`), so a payer pressing
"Bayar" while the merchant cancels ends with exactly one winner and one notification.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Q

from niaga.core import clock
from niaga.core.ids import random_digits

from . import notify
from .charges import ORDER_ID, ChargeRequest
from .models import Transaction
from .protocol import ApiError, Channel, Status, can_move

NUMBER_TRIES = 5
# Midtrans answers the charge first and notifies "pending" just after. Sending it a moment
# later keeps that order, so a merchant never hears of a charge before it has the answer.
PENDING_NOTIFICATION_DELAY = 2


def _duplicate_order() -> ApiError:
    return ApiError(406, "Duplicate order ID. Order ID has already been utilized previously.")


def create_charge(req: ChargeRequest, *, notification_urls: list[str]) -> Transaction:
    if Transaction.objects.filter(order_id=req.order_id).exists():
        raise _duplicate_order()
    number = _free_number(req.channel, req.custom_number)
    try:
        with transaction.atomic():
            txn = Transaction.objects.create(
                order_id=req.order_id,
                gross_amount=req.gross_amount,
                payment_type=req.channel.payment_type,
                channel=req.channel.code,
                number=number,
                transaction_time=clock.now(),
                expiry_time=req.expiry_time,
                callback_url=req.callback_url,
                notification_urls=notification_urls,
                charge_body=req.body,
            )
            notify.queue(txn, delay=PENDING_NOTIFICATION_DELAY)
    except IntegrityError:
        # A concurrent charge took the order_id or the number between our check and insert.
        if Transaction.objects.filter(order_id=req.order_id).exists():
            raise _duplicate_order() from None
        raise _number_taken() from None
    return txn


def _free_number(channel: Channel, custom: str) -> str:
    if channel.is_wallet:
        return ""
    if custom:
        candidates = [channel.prefix + custom]
    else:
        candidates = [channel.prefix + random_digits(channel.generated_digits) for _ in range(NUMBER_TRIES)]
    for number in candidates:
        if not Transaction.objects.filter(channel=channel.code, number=number, status=Status.PENDING).exists():
            return number
    raise _number_taken()


def _number_taken() -> ApiError:
    return ApiError(406, "The VA number / bill key is still used by another pending transaction.")


def find(ref: str) -> Transaction:
    """By order_id or transaction_id, as `/v2/{id}/...` accepts either."""
    if not ORDER_ID.fullmatch(ref):  # a transaction_id matches too; anything else cannot exist
        raise _not_found()
    query = Q(order_id=ref)
    try:
        query |= Q(transaction_id=uuid.UUID(ref))
    except ValueError:
        pass
    txn = Transaction.objects.filter(query).first()
    if txn is None:
        raise _not_found()
    return expire_if_due(txn)


def _not_found() -> ApiError:
    return ApiError(404, "Transaction doesn't exist.")


def find_bill(channel: str, number: str) -> Transaction | None:
    """The open bill behind a number, else its latest closed one (to tell the payer why)."""
    bills = Transaction.objects.filter(channel=channel, number=number)
    txn = bills.filter(status=Status.PENDING).first() or bills.first()
    return expire_if_due(txn) if txn else None


def expire_if_due(txn: Transaction) -> Transaction:
    """Time has passed even when the minute sweep has not run yet."""
    now = clock.now()
    if txn.status == Status.PENDING and txn.expiry_time <= now:
        _move(txn, Status.EXPIRE, now=now)
        txn.refresh_from_db()
    return txn


def cancel(ref: str) -> Transaction:
    return _act(find(ref), Status.CANCEL)


def expire(ref: str) -> Transaction:
    return _act(find(ref), Status.EXPIRE)


def settle(txn: Transaction) -> Transaction:
    """The payer paid at the bank or confirmed in the wallet."""
    return _act(expire_if_due(txn), Status.SETTLEMENT)


def expire_overdue() -> int:
    now = clock.now()
    overdue = Transaction.objects.filter(status=Status.PENDING, expiry_time__lte=now)
    return sum(_move(txn, Status.EXPIRE, now=now) for txn in overdue)


def _act(txn: Transaction, new: str) -> Transaction:
    if txn.status == Status.EXPIRE:
        raise ApiError(407, "Transaction is expired.")
    if not _move(txn, new, now=clock.now()):
        txn.refresh_from_db()
        raise ApiError(412, f"Transaction status cannot be updated from {txn.status} to {new}.")
    return txn


def _move(txn: Transaction, new: str, *, now: dt.datetime) -> bool:
    """Move along the status graph unless someone moved it first; notify when moved."""
    if not can_move(txn.status, new):
        return False
    changes = {"status": new, "updated_at": now}
    if new == Status.SETTLEMENT:
        changes["settlement_time"] = now
    with transaction.atomic():
        if not Transaction.objects.filter(pk=txn.pk, status=txn.status).update(**changes):
            return False
        txn.refresh_from_db()
        notify.queue(txn)
    return True
