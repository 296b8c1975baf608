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
from .charges import ORDER_ID, CaptureRequest, ChargeRequest, RefundRequest
from .models import CardToken, Chargeback, Refund, Transaction, WalletAccount
from .protocol import (
    CHANNELS,
    FULL_REFUND_WALLETS,
    HOLDS_ORDER_ID,
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
# A reversed settlement (fault) or a test card's chargeback is notified a moment after the
# settlement, to stay behind it.
REVERSAL_DELAY = 2
# The part of a payment a "partial chargeback" test card's bank takes back.
PARTIAL_CHARGEBACK_SHARE = 2  # one half
CHARGEBACK_REASON = "Cardholder disputes the transaction (sandbox test card)"
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


def _order_id_held(order_id: str) -> bool:
    """Open or paid under this order_id; a cancelled, expired, denied or failed one frees it."""
    return Transaction.objects.filter(order_id=order_id, status__in=HOLDS_ORDER_ID).exists()


def create_charge(req: ChargeRequest, *, notification_urls: list[str]) -> Transaction:
    for overdue in Transaction.objects.filter(order_id=req.order_id, status=Status.PENDING):
        expire_if_due(overdue)  # past its deadline it is expired, and its order_id free again
    if _order_id_held(req.order_id):
        raise _duplicate_order()
    if req.channel.kind == Kind.CARD and not cards.usable(req.options["token_id"]).exists():
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
            if txn.settle_after is not None:
                _schedule_card_settlement(txn)
    except IntegrityError:
        # A concurrent charge took the order_id or the number between our check and insert.
        if _order_id_held(req.order_id):
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
        if req.options["pre_authorize"]:
            data["pre_authorize"] = True
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
    """The issuing bank's answer, written onto an unsaved or about-to-move transaction.

    Approved, a card is captured (and settles later) or, when the charge asked for a
    pre-authorisation, only authorised until `POST /v2/capture`. A challenge test card is
    captured with `fraud_status: challenge` and settles only once the merchant approves it.
    """
    txn.method_data["eci"] = eci
    outcome = txn.method_data.get("outcome")
    if outcome == CardToken.Outcome.DENY_BANK:
        txn.status = Status.DENY
        txn.method_data.update(channel_response_code="05", channel_response_message="Do not honor")
        return
    if outcome == CardToken.Outcome.FAILURE:
        txn.status = Status.FAILURE
        txn.method_data.update(channel_response_code="96", channel_response_message="System malfunction")
        return
    txn.method_data.update(
        approval_code=cards.approval_code(), channel_response_code="00", channel_response_message="Approved"
    )
    if txn.method_data.get("pre_authorize"):
        txn.status = Status.AUTHORIZE
        return
    txn.status = Status.CAPTURE
    if outcome == CardToken.Outcome.CHALLENGE:
        txn.fraud_status = "challenge"
        return
    txn.settle_after = now + dt.timedelta(seconds=_card_settlement_seconds())


def _card_settlement_seconds() -> float:
    return float(getattr(settings, "NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS", DEFAULT_CARD_SETTLEMENT_SECONDS))


def _schedule_card_settlement(txn: Transaction) -> None:
    assert txn.settle_after is not None  # set for every card payment before it is scheduled
    delay = max(0.0, (txn.settle_after - clock.now()).total_seconds())
    transaction.on_commit(functools.partial(_enqueue_settlement, txn.pk, delay), robust=True)


def _enqueue_settlement(pk: int, delay: float) -> None:
    # In huey's immediate mode a delayed task never fires; the minute sweep settles it then.
    settle_capture_task.schedule((pk,), delay=delay)


@db_task()
def settle_capture_task(pk: int) -> None:
    settle_captured(only_pk=pk)


def settle_captured(*, only_pk: int | None = None) -> int:
    """Captured card payments whose settlement time has come become `settlement`; a
    chargeback test card's bank then takes (part of) the money back."""
    now = clock.now()
    due = Transaction.objects.filter(status=Status.CAPTURE, settle_after__lte=now).exclude(fraud_status="challenge")
    if only_pk is not None:
        due = due.filter(pk=only_pk)
    settled = 0
    for txn in due:
        if _move(txn, Status.SETTLEMENT, now=now):
            settled += 1
            _chargeback_if_disputed(txn, now=now)
    return settled


def _chargeback_if_disputed(txn: Transaction, *, now: dt.datetime) -> None:
    outcome = txn.method_data.get("outcome")
    if outcome == CardToken.Outcome.CHARGEBACK:
        chargeback(txn, amount=txn.gross_amount, reason=CHARGEBACK_REASON, now=now, delay=REVERSAL_DELAY)
    elif outcome == CardToken.Outcome.PARTIAL_CHARGEBACK:
        amount = txn.gross_amount // PARTIAL_CHARGEBACK_SHARE or txn.gross_amount
        chargeback(txn, amount=amount, reason=CHARGEBACK_REASON, now=now, delay=REVERSAL_DELAY)


def chargeback(txn: Transaction, *, amount: int, reason: str, now: dt.datetime, delay: int = 0) -> bool:
    """The card holder's bank takes `amount` of a settled payment back: `chargeback` when
    nothing of it is left with the merchant, else `partial_chargeback`."""
    left = txn.gross_amount - txn.refunded_amount - txn.chargeback_amount
    amount = min(amount, left)
    if amount <= 0:
        return False
    new = Status.CHARGEBACK if amount == left else Status.PARTIAL_CHARGEBACK
    with transaction.atomic():
        if not _move(txn, new, now=now, delay=delay, chargeback_amount=txn.chargeback_amount + amount,
                     before_notify=lambda: Chargeback.objects.create(
                         transaction=txn, amount=amount, reason=reason, created_at=now)):  # fmt: skip
            return False
    return True


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
    """By order_id or transaction_id, as `/v2/{id}/...` accepts either; an order_id charged
    again after a cancel or expiry stands for its latest transaction."""
    if not ORDER_ID.fullmatch(ref):  # a transaction_id matches too; anything else cannot exist
        raise _not_found()
    query = Q(order_id=ref)
    try:
        query |= Q(transaction_id=uuid.UUID(ref))
    except ValueError:
        pass
    txn = Transaction.objects.filter(query).order_by("-pk").first()
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
    """Void an unpaid transaction, an authorised card or a captured one not yet settled."""
    return _act(find(ref), Status.CANCEL)


def expire(ref: str) -> Transaction:
    return _act(find(ref), Status.EXPIRE)


def approve(ref: str) -> Transaction:
    """`/approve`: the merchant accepts a card capture that fraud detection challenged."""
    txn = _challenged(find(ref), "approve")
    now = clock.now()
    with transaction.atomic():
        txn = _act(txn, Status.CAPTURE, fraud_status="accept",
                   settle_after=now + dt.timedelta(seconds=_card_settlement_seconds()))  # fmt: skip
        _schedule_card_settlement(txn)
    return txn


def deny_challenged(ref: str) -> Transaction:
    """`/deny`: the merchant refuses a card capture that fraud detection challenged."""
    return _act(_challenged(find(ref), "deny"), Status.DENY, fraud_status="deny")


def _challenged(txn: Transaction, action: str) -> Transaction:
    if txn.status == Status.EXPIRE:
        raise _already_expired()
    if txn.status != Status.CAPTURE or txn.fraud_status != "challenge":
        raise ApiError(
            412,
            f"Transaction status cannot be updated: only a card capture with fraud_status challenge can be "
            f"{action}d, this one is {txn.status} with fraud_status {txn.fraud_status}.",
        )
    return txn


def capture(req: CaptureRequest) -> Transaction:
    """`POST /v2/capture`: take the money of a pre-authorised card (all of it, or less)."""
    txn = find(req.transaction_id)
    if txn.status != Status.AUTHORIZE:
        if txn.status == Status.EXPIRE:
            raise _already_expired()
        raise ApiError(412, f"Transaction status cannot be updated from {txn.status} to capture: "
                            "only an authorized card transaction can be captured.")  # fmt: skip
    amount = txn.gross_amount if req.gross_amount is None else req.gross_amount
    if amount > txn.gross_amount:
        raise ApiError(400, "One or more parameters in the payload is invalid.",
                       [f"gross_amount must be at most the authorized {txn.gross_amount}.00"])  # fmt: skip
    now = clock.now()
    with transaction.atomic():
        txn = _act(txn, Status.CAPTURE, gross_amount=amount,
                   settle_after=now + dt.timedelta(seconds=_card_settlement_seconds()))  # fmt: skip
        _schedule_card_settlement(txn)
    return txn


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
    answered = Transaction(method_data=dict(txn.method_data), fraud_status=txn.fraud_status)
    _authorize_card(answered, now=now, eci="05")
    changes = {"method_data": answered.method_data, "settle_after": answered.settle_after}
    changes["fraud_status"] = answered.fraud_status
    with transaction.atomic():
        txn = _act(txn, answered.status, **changes)
        if txn.settle_after is not None and txn.status == Status.CAPTURE:
            _schedule_card_settlement(txn)
    return txn


def refund(ref: str, req: RefundRequest) -> dict:
    """`POST /v2/{id}/refund` (and `/refund/online/direct`): the whole answer, replayed for a
    refund_key seen before. Only a settled transaction is refunded; a card still in capture
    (or authorize, pending) is refused with 412 and voided with `/cancel` instead."""
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
        void = " Void it with cancel instead." if txn.status in {Status.CAPTURE, Status.AUTHORIZE} else ""
        raise ApiError(
            412,
            f"Transaction status cannot be updated from {txn.status} to refund: "
            f"only a settled transaction can be refunded.{void}",
        )
    remaining = txn.gross_amount - txn.refunded_amount - txn.chargeback_amount
    amount = remaining if req.amount is None else req.amount
    if not 0 < amount <= remaining:
        raise ApiError(400, "One or more parameters in the payload is invalid.",
                       [f"amount must be more than 0 and at most the {remaining}.00 not yet refunded"])  # fmt: skip
    if _full_refund_only(txn) and amount != txn.gross_amount:
        raise ApiError(412, f"{_refund_wallet_label(txn)} only supports a full refund of {txn.gross_amount}.00.")
    if faults.take_refund_414():
        raise ApiError(414, "Refund is rejected: the merchant's balance is insufficient to process it. "
                            "(sandbox fault refund_414)")  # fmt: skip
    total = txn.refunded_amount + amount
    new = Status.REFUND if amount == remaining else Status.PARTIAL_REFUND
    key = req.refund_key or f"sandbox-{uuid.uuid4().hex[:24]}"
    now = clock.now()
    try:
        with transaction.atomic():
            entry = Refund.objects.create(
                transaction=txn, refund_key=key, amount=amount, reason=req.reason, created_at=now
            )
            if not _move(txn, new, now=now, refunded_amount=total):
                raise ApiError(412, "The transaction changed while it was being refunded. Check its status and retry.")
            if txn.wallet is not None:
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


def _already_expired() -> ApiError:
    return ApiError(407, "Transaction is expired.")


def expire_overdue() -> int:
    now = clock.now()
    overdue = Transaction.objects.filter(status=Status.PENDING, expiry_time__lte=now)
    return sum(_move(txn, Status.EXPIRE, now=now) for txn in overdue)


def _act(txn: Transaction, new: str, **changes) -> Transaction:
    if txn.status == Status.EXPIRE:
        raise _already_expired()
    if not _move(txn, new, now=clock.now(), **changes):
        txn.refresh_from_db()
        raise ApiError(412, f"Transaction status cannot be updated from {txn.status} to {new}.")
    return txn


def _move(txn: Transaction, new: str, *, now: dt.datetime, delay: int = 0, before_notify=None, **changes) -> bool:
    """Move along the status graph unless someone moved it first; notify when moved.

    The guard also compares the refunded and charged-back amounts and the fraud status, so
    two partial refunds cannot both count from the same starting point, nor an approve and
    a deny both decide one challenge. `before_notify` writes what the notification shows.
    """
    if not can_move(txn.status, new) and not (new == txn.status == Status.CAPTURE and "fraud_status" in changes):
        return False
    changes = {**changes, "status": new, "updated_at": now}
    if new == Status.SETTLEMENT:
        changes["settlement_time"] = now
    with transaction.atomic():
        current = Transaction.objects.filter(
            pk=txn.pk, status=txn.status, fraud_status=txn.fraud_status,
            refunded_amount=txn.refunded_amount, chargeback_amount=txn.chargeback_amount,
        )  # fmt: skip
        if not current.update(**changes):
            return False
        if before_notify is not None:
            before_notify()
        txn.refresh_from_db()
        notify.queue(txn, delay=delay)
    return True
