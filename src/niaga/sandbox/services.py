"""What the simulated Midtrans does: open a charge, find it, move it along the status graph.

Every move is one conditional UPDATE (`WHERE status = <what we read>`), so a payer pressing
"Bayar" while the merchant cancels ends with exactly one winner and one notification.
A wallet payment takes the balance in the same database transaction as its move, so a
refused move never costs the payer anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from huey.contrib.djhuey import db_task

from niaga.core import clock, qris
from niaga.core.ids import random_code, random_digits

from . import cards, faults, notify, wallets
from .charges import ORDER_ID, ChargeRequest, RefundRequest
from .models import CardToken, Refund, Transaction, WalletAccount
from .protocol import (
    CHANNELS,
    FULL_REFUND_WALLETS,
    MERCHANT_ID,
    QRIS_ACQUIRERS,
    QRIS_HOME_WALLET,
    REFUNDED,
    REVERSIBLE,
    ApiError,
    Channel,
    Kind,
    Status,
    amount_text,
    can_move,
    transaction_body,
)

NUMBER_TRIES = 5
# Midtrans answers the charge first and notifies "pending" just after. Sending it a moment
# later keeps that order, so a merchant never hears of a charge before it has the answer.
PENDING_NOTIFICATION_DELAY = 2
# A reversed settlement (fault) is notified a moment after the settlement, to stay behind it.
REVERSAL_DELAY = 2
DEFAULT_CARD_SETTLEMENT_SECONDS = 60
QRIS_MERCHANT_NAME = "NIAGA SANDBOX"
QRIS_MERCHANT_CITY = "JAKARTA"
QRIS_NMID = "ID1020000000001"
QRIS_MERCHANT_PAN = "936009140000000001"
QRIS_BILL_MAX = 25  # EMVCo tag 62.01


class WrongOtp(Exception):
    pass


def _duplicate_order() -> ApiError:
    return ApiError(406, "Duplicate order ID. Order ID has already been utilized previously.")


def create_charge(req: ChargeRequest, *, notification_urls: list[str]) -> Transaction:
    if Transaction.objects.filter(order_id=req.order_id).exists():
        raise _duplicate_order()
    if req.channel.kind == Kind.CARD and not CardToken.objects.filter(
        token_id=req.options["token_id"], used_at__isnull=True
    ).exists():
        raise ApiError(411, cards.BAD_TOKEN)
    number = _free_number(req.channel, req.custom_number, order_id=req.order_id)
    now = clock.now()
    try:
        with transaction.atomic():
            txn = Transaction(
                order_id=req.order_id,
                gross_amount=req.gross_amount,
                payment_type=req.channel.payment_type,
                channel=req.channel.code,
                number=number,
                transaction_time=now,
                expiry_time=req.expiry_time,
                callback_url=req.callback_url,
                notification_urls=notification_urls,
                charge_body=req.body,
                method_data=_method_data(req, number),
            )
            if req.channel.kind == Kind.CARD:
                _card_charge(txn, req, now=now)
            txn.save(force_insert=True)
            notify.queue(txn, delay=PENDING_NOTIFICATION_DELAY)
            if txn.status == Status.CAPTURE:
                _schedule_card_settlement(txn)
    except IntegrityError:
        # A concurrent charge took the order_id or the number between our check and insert.
        if Transaction.objects.filter(order_id=req.order_id).exists():
            raise _duplicate_order() from None
        raise _number_taken() from None
    return txn


def _method_data(req: ChargeRequest, number: str) -> dict:
    kind = req.channel.kind
    if kind == Kind.OUTLET:
        return {"message": req.options.get("message", "")}
    if kind == Kind.QRIS:
        acquirer = req.options["acquirer"]
        payload = qris.build(
            merchant_name=QRIS_MERCHANT_NAME,
            merchant_city=QRIS_MERCHANT_CITY,
            nmid=QRIS_NMID,
            merchant_pan=QRIS_MERCHANT_PAN,
            merchant_id=MERCHANT_ID,
            amount=req.gross_amount,
            acquirer_domain=QRIS_ACQUIRERS[acquirer],
            bill_number=number,
        )
        return {"acquirer": acquirer, "qr_string": payload}
    if kind == Kind.CARD:
        data = {"bank": req.options["bank"] or cards.DEFAULT_BANK, "card_type": "credit"}
        if req.options.get("installment_term"):
            data["installment_term"] = req.options["installment_term"]
        return data
    return {}


def _card_charge(txn: Transaction, req: ChargeRequest, *, now: dt.datetime) -> None:
    """Spend the token and decide the first status: 3-D Secure first, or the bank at once.

    Fraud detection runs before 3-D Secure, so a card it denies never reaches the OTP page;
    the issuing bank answers after it (or at once without authentication).
    """
    token = cards.use_token(req.options["token_id"])
    txn.method_data.update(masked_card=token.masked_card, card_type=token.card_type, outcome=token.outcome)
    if token.outcome == CardToken.Outcome.DENY_FRAUD:
        txn.status, txn.fraud_status = Status.DENY, "deny"
        txn.method_data.update(channel_response_code="", channel_response_message=cards.DENIED_BY_FRAUD_TEXT)
    elif not req.options["authentication"]:
        _authorize_card(txn, now=now, eci="07")


def _authorize_card(txn: Transaction, *, now: dt.datetime, eci: str) -> None:
    """The issuing bank's answer, written onto an unsaved or about-to-move transaction."""
    txn.method_data["eci"] = eci
    if txn.method_data.get("outcome") == CardToken.Outcome.DENY_BANK:
        txn.status = Status.DENY
        txn.method_data.update(channel_response_code="05", channel_response_message="Do not honor")
        return
    txn.status = Status.CAPTURE
    txn.settle_after = now + dt.timedelta(seconds=_card_settlement_seconds())
    txn.method_data.update(
        approval_code=cards.approval_code(), channel_response_code="00", channel_response_message="Approved"
    )


def _card_settlement_seconds() -> float:
    return float(getattr(settings, "NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS", DEFAULT_CARD_SETTLEMENT_SECONDS))


def _schedule_card_settlement(txn: Transaction) -> None:
    delay = max(0.0, (txn.settle_after - clock.now()).total_seconds())
    transaction.on_commit(functools.partial(_enqueue_settlement, txn.pk, delay), robust=True)


def _enqueue_settlement(pk: int, delay: float) -> None:
    # In huey's immediate mode a delayed task never fires; the minute sweep settles it then.
    settle_capture_task.schedule((pk,), delay=delay)


@db_task()
def settle_capture_task(pk: int) -> None:
    settle_captured(only_pk=pk)


def settle_captured(*, only_pk: int | None = None) -> int:
    """Captured card payments whose settlement time has come become `settlement`."""
    now = clock.now()
    due = Transaction.objects.filter(status=Status.CAPTURE, settle_after__lte=now)
    if only_pk is not None:
        due = due.filter(pk=only_pk)
    return sum(_move(txn, Status.SETTLEMENT, now=now) for txn in due)


def _free_number(channel: Channel, custom: str, *, order_id: str = "") -> str:
    if channel.kind == Kind.QRIS:
        # The QR's bill number: the order_id when it fits, else a short reference.
        short = order_id if len(order_id) <= QRIS_BILL_MAX else ""
        candidates = ([short] if short else []) + ["NGS" + random_code(10) for _ in range(NUMBER_TRIES)]
    elif not channel.has_number:
        return ""
    elif custom:
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
    """The payer paid at the bank or the outlet, or approved the PayLater bill."""
    txn = _act(expire_if_due(txn), Status.SETTLEMENT)
    if txn.channel in REVERSIBLE and faults.current().reverse_settlement:
        # payments.md: Permata, Mandiri bill and Indomaret may reverse a settlement to deny.
        _move(txn, Status.DENY, now=clock.now(), delay=REVERSAL_DELAY)
    return txn


def deny(txn: Transaction) -> Transaction:
    """The payer (or the lender) refused: the PayLater page's "Tolak"."""
    return _act(expire_if_due(txn), Status.DENY)


def pay_with_wallet(txn: Transaction, account: WalletAccount, *, via_qris: bool = False) -> Transaction:
    """Debit the wallet and settle, both or neither. Raises InsufficientBalance or ApiError."""
    txn = expire_if_due(txn)
    extra: dict = {"wallet": account}
    if via_qris:
        acquirer = txn.method_data.get("acquirer", "")
        on_us = QRIS_HOME_WALLET.get(acquirer) == account.provider
        extra["method_data"] = {
            **txn.method_data,
            "issuer": account.provider,
            "transaction_type": "on-us" if on_us else "off-us",
        }
    with transaction.atomic():
        wallets.debit(account, txn.gross_amount, txn=txn, description=f"Bayar {txn.order_id} ({txn.channel_label})")
        return _act(txn, Status.SETTLEMENT, **extra)


def authenticate_3ds(txn: Transaction, otp: str) -> Transaction:
    """The 3-D Secure page: the right OTP lets the issuing bank answer (capture or deny)."""
    txn = expire_if_due(txn)
    if txn.status != Status.PENDING:
        return _act(txn, Status.CAPTURE)  # raises the usual 407 / 412
    if otp != cards.OTP:
        raise WrongOtp
    now = clock.now()
    answered = Transaction(method_data=dict(txn.method_data))
    _authorize_card(answered, now=now, eci="05")
    changes = {"method_data": answered.method_data, "settle_after": answered.settle_after}
    with transaction.atomic():
        txn = _act(txn, answered.status, **changes)
        if txn.status == Status.CAPTURE:
            _schedule_card_settlement(txn)
    return txn


def refund(ref: str, req: RefundRequest) -> dict:
    """`POST /v2/{id}/refund`: the whole answer, replayed for a refund_key seen before."""
    txn = find(ref)
    if req.refund_key:
        earlier = Refund.objects.filter(transaction=txn, refund_key=req.refund_key).first()
        if earlier is not None:
            return earlier.response
    channel = CHANNELS[txn.channel]
    if not channel.refundable:
        raise ApiError(
            412,
            f"Refund is not supported for payment type {txn.payment_type} ({channel.label}); "
            "only card, GoPay, ShopeePay, DANA, OVO, QRIS, Kredivo and Akulaku can be refunded.",
        )
    if not can_move(txn.status, Status.REFUND):
        raise ApiError(
            412,
            f"Transaction status cannot be updated from {txn.status} to refund: "
            "only a settled or captured transaction can be refunded.",
        )
    remaining = txn.gross_amount - txn.refunded_amount
    amount = remaining if req.amount is None else req.amount
    if not 0 < amount <= remaining:
        raise ApiError(414, f"Refund amount must be more than 0 and at most the {remaining}.00 not yet refunded.")
    if _full_refund_only(txn) and amount != txn.gross_amount:
        raise ApiError(414, f"{_refund_wallet_label(txn)} only supports a full refund of {txn.gross_amount}.00.")
    total = txn.refunded_amount + amount
    new = Status.REFUND if total == txn.gross_amount else Status.PARTIAL_REFUND
    key = req.refund_key or f"sandbox-{uuid.uuid4().hex[:24]}"
    now = clock.now()
    try:
        with transaction.atomic():
            entry = Refund.objects.create(
                transaction=txn, refund_key=key, amount=amount, reason=req.reason, created_at=now
            )
            if not _move(txn, new, now=now, refunded_amount=total):
                raise ApiError(412, "The transaction changed while it was being refunded. Check its status and retry.")
            if txn.wallet_id:
                wallets.credit(txn.wallet, amount, txn=txn, description=f"Pengembalian dana {txn.order_id}")
            entry.response = {
                **transaction_body(txn, status_message=REFUNDED),
                "refund_chargeback_id": entry.pk,
                "refund_amount": amount_text(amount),
                "refund_key": key,
            }
            entry.save(update_fields=["response"])
    except IntegrityError:
        # The same refund_key, sent twice at once: the other request's answer is the answer.
        earlier = Refund.objects.filter(transaction=txn, refund_key=key).first()
        if earlier is None:
            raise
        return earlier.response
    return entry.response


def _full_refund_only(txn: Transaction) -> bool:
    if CHANNELS[txn.channel].full_refund_only:
        return True
    return txn.channel == "qris" and txn.method_data.get("issuer") in FULL_REFUND_WALLETS


def _refund_wallet_label(txn: Transaction) -> str:
    issuer = txn.method_data.get("issuer")
    return {"ovo": "OVO", "shopeepay": "ShopeePay"}.get(issuer, txn.channel_label)


def expire_overdue() -> int:
    now = clock.now()
    overdue = Transaction.objects.filter(status=Status.PENDING, expiry_time__lte=now)
    return sum(_move(txn, Status.EXPIRE, now=now) for txn in overdue)


def _act(txn: Transaction, new: str, **changes) -> Transaction:
    if txn.status == Status.EXPIRE:
        raise ApiError(407, "Transaction is expired.")
    if not _move(txn, new, now=clock.now(), **changes):
        txn.refresh_from_db()
        raise ApiError(412, f"Transaction status cannot be updated from {txn.status} to {new}.")
    return txn


def _move(txn: Transaction, new: str, *, now: dt.datetime, delay: int = 0, **changes) -> bool:
    """Move along the status graph unless someone moved it first; notify when moved.

    The guard also compares the refunded amount, so two partial refunds cannot both
    count from the same starting point.
    """
    if not can_move(txn.status, new):
        return False
    changes = {**changes, "status": new, "updated_at": now}
    if new == Status.SETTLEMENT:
        changes["settlement_time"] = now
    with transaction.atomic():
        current = Transaction.objects.filter(pk=txn.pk, status=txn.status, refunded_amount=txn.refunded_amount)
        if not current.update(**changes):
            return False
        txn.refresh_from_db()
        notify.queue(txn, delay=delay)
    return True
