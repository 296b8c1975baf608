"""Writes for payments: start a charge, apply what the gateway says, cancel, switch.

Whatever the gateway says — a webhook or a status we polled — goes through
`apply_gateway_status`, which stores it once under a unique key and moves the attempt
only forward along the gateway's status graph. Repeats and stale messages change nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from niaga.core import clock, metrics, paymethods
from niaga.core.errors import Conflict, DomainError, GatewayUnavailable, NotFound
from niaga.orders import services as orders
from niaga.orders.models import Order, OrderGroup, OrderLine
from niaga.orders.status import Actor, Status

# Jobs are queued through jobs.py (tasks.py hands them over), so this module never imports tasks.
from . import jobs, money, refusals, selectors, statuses
from .gateway import get_gateway
from .gateways.base import ChargeRequest, GatewayError
from .gateways.midtrans import instructions_fields, transaction_status
from .models import PaymentAttempt, PaymentNotification, Refund
from .statuses import AttemptStatus, FraudStatus, RefundStatus

Outcome = PaymentNotification.Outcome

log = logging.getLogger(__name__)
# A refund key as the gateway takes it: letters, digits, - _ . ~ (Midtrans' refund_key).
GATEWAY_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.~-]")
WIB = ZoneInfo("Asia/Jakarta")


class BadNotification(DomainError):
    code = "bad_notification"


class InvalidSignature(DomainError):
    status = 401
    code = "invalid_signature"


def _items(group: OrderGroup, with_lines: Iterable[tuple[Order, Iterable[OrderLine]]] | None = None) -> list[dict]:
    """The charge's item list. `with_lines`: each order with its lines, when the caller has them
    (a checkout just placed, see orders.services.Placed); else they are read."""
    if with_lines is None:
        with_lines = ((order, order.lines.all()) for order in group.orders.prefetch_related("lines"))
    items = []
    for order, lines in with_lines:
        for line in lines:
            items.append(
                {
                    "id": str(line.variant_id),
                    "price": line.unit_price,
                    "quantity": line.quantity,
                    "name": line.product_name[:50],
                }
            )
        if order.shipping_cost:
            items.append(
                {"id": f"ship-{order.pk}", "price": order.shipping_cost, "quantity": 1, "name": order.courier_name[:50]}
            )
    if group.service_fee:
        items.append({"id": "fee", "price": group.service_fee, "quantity": 1, "name": "Biaya layanan"})
    return items


def _parse_time(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB) if value else None
    except (TypeError, ValueError):
        return None


def _open_attempt(group: OrderGroup, method: str) -> PaymentAttempt:
    """A new attempt row, not yet charged: while it is "creating" the checkout counts as open."""
    if paymethods.get(method) is None:
        raise DomainError("Metode pembayaran tidak dikenal.", code="invalid_payment_method")
    if group.payment_due_at <= clock.now() + dt.timedelta(minutes=1):
        raise Conflict("Batas waktu pembayaran sudah lewat.", code="payment_expired")
    with transaction.atomic():
        locked = OrderGroup.objects.select_for_update().get(pk=group.pk)
        if locked.paid_at:
            raise Conflict("Transaksi ini sudah dibayar.", code="already_paid")
        if not locked.orders.filter(status=Status.AWAITING_PAYMENT).exists():
            raise Conflict("Pesanan ini tidak lagi menunggu pembayaran.", code="not_awaiting_payment")
        n = locked.payments.count() + 1
        return PaymentAttempt.objects.create(
            group=locked, method=method, gateway_order_id=f"{locked.code}-{n}", gross_amount=locked.total
        )


def _charge(
    group: OrderGroup, attempt: PaymentAttempt, *, card_token: str = "", items: list[dict] | None = None
) -> PaymentAttempt:
    """Ask the gateway for instructions. An outage is recorded (status "failed"), not raised:
    the orders stay, and the buyer can press "Coba lagi" on the payment page."""
    buyer = group.buyer
    request = ChargeRequest(
        order_id=attempt.gateway_order_id,
        method=attempt.method,
        gross_amount=attempt.gross_amount,
        expiry_minutes=max(1, int((group.payment_due_at - clock.now()).total_seconds() // 60)),
        customer={"first_name": buyer.full_name[:50], "email": buyer.email, "phone": buyer.phone},
        items=_items(group) if items is None else items,
        callback_url=settings.NIAGA_PUBLIC_URL + reverse("payments:page", args=[group.code]),
        card_token=card_token,
        installment_term=attempt.installment_term,
        expires_at=group.payment_due_at,
    )
    try:
        response = get_gateway().charge(request)
    except (GatewayUnavailable, GatewayError) as exc:
        # Guarded: a notification may already have moved it (the charge went through and
        # only its answer was lost); never drag such an attempt back to "failed".
        _leave_creating(attempt, AttemptStatus.FAILED, error_message=exc.message[:255])
        attempt.refresh_from_db()
        return attempt
    return _take_charge_answer(group, attempt, response)


def _leave_creating(attempt: PaymentAttempt, to: AttemptStatus, **fields) -> bool:
    """Niaga's own move out of "creating", made only while nothing has moved the attempt: a
    notification that got there first has the gateway's word, which is kept."""
    rows = PaymentAttempt.objects.filter(pk=attempt.pk)
    return bool(statuses.move(rows, frm=AttemptStatus.CREATING, to=to, **fields))


def _take_charge_answer(group: OrderGroup, attempt: PaymentAttempt, response: dict) -> PaymentAttempt:
    """The gateway's answer about a charge (to the charge itself, or to a status query for it):
    the numbers the buyer needs always land; the status only if nothing has moved it meanwhile."""
    if not response.get("transaction_status"):
        # "Still being processed" (202 to a repeated Idempotency-Key): no charge to show yet.
        # It stays "creating", for the buyer's retry or the sweep to ask again.
        log.info("charge %s not answered yet: %s", attempt.gateway_order_id, response.get("status_message"))
        return attempt
    numbers = {
        "expires_at": _parse_time(response.get("expiry_time")) or group.payment_due_at,
        **instructions_fields(response),
    }
    if response.get("transaction_id"):
        numbers["transaction_id"] = str(response["transaction_id"])[:64]
    status = transaction_status(response)
    if status not in {AttemptStatus.PENDING, AttemptStatus.DENY, AttemptStatus.FAILURE}:
        # Paid, authorised or held for review at once: the status goes the one way that books
        # the money and moves the orders.
        PaymentAttempt.objects.filter(pk=attempt.pk).update(**numbers)
        try:
            apply_gateway_status(body=response, source="poll")
        except (BadNotification, NotFound) as exc:
            log.warning("charge answer for %s not applied: %s", attempt.gateway_order_id, exc.message)
        attempt.refresh_from_db()
        return attempt
    error = refused(response) if status in {AttemptStatus.DENY, AttemptStatus.FAILURE} else ""
    expiry = _parse_time(response.get("expiry_time"))
    # The gateway keeps whole seconds: a deadline it matches to the second stays as it is.
    if status == AttemptStatus.PENDING and expiry and expiry != group.payment_due_at.replace(microsecond=0):
        # The gateway's expiry is the one deadline (a card's 3-D Secure sets its own).
        orders.set_payment_deadline(group=group, due_at=numbers["expires_at"])
    # The numbers always land; the status only if no notification has moved it meanwhile.
    if _leave_creating(attempt, status, error_message=error, **numbers):
        for name, value in {**numbers, "status": status, "error_message": error}.items():
            setattr(attempt, name, value)
        return attempt
    PaymentAttempt.objects.filter(pk=attempt.pk).update(**numbers)
    attempt.refresh_from_db()
    return attempt


def refused(answer: dict) -> str:
    """Why the gateway refused, in the buyer's words (refusals.py); its fraud check named apart."""
    if answer.get("fraud_status") == FraudStatus.DENY:
        return refusals.in_indonesian(status_message="fraud")
    return refusals.in_indonesian(answer.get("status_code"), answer.get("status_message"))


# Longer than any charge request can take (NIAGA_MIDTRANS_TIMEOUT, one resend): an attempt
# still "creating" after this lost its worker between the order's commit and the answer.
STUCK_AFTER = dt.timedelta(minutes=2)
NOT_CHARGED = "Pembayaran belum sempat dibuat. Silakan pilih metode atau coba lagi."


def resolve_creating(*, attempt: PaymentAttempt) -> PaymentAttempt:
    """Settle an attempt left in "creating" (its worker died before the gateway answered).

    The gateway is asked by the attempt's order id, since the charge may have reached it: its
    answer is taken with the payment numbers. If it never saw the charge, it is charged now
    (the same order id and Idempotency-Key, so a charge still in flight is not made twice),
    unless the checkout can no longer be paid or the card token is spent. Safe to run twice.
    """
    if attempt.status != AttemptStatus.CREATING:
        return attempt
    group = attempt.group
    try:
        response = get_gateway().status(attempt.gateway_order_id)
    except GatewayUnavailable as exc:
        log.info("resolve %s: gateway unavailable: %s", attempt.gateway_order_id, exc.message)
        return attempt
    except GatewayError as exc:
        if exc.code != "gateway_404":
            log.info("resolve %s: %s", attempt.gateway_order_id, exc.message)
            return attempt
        response = None
    if response is not None:
        return _take_charge_answer(group, attempt, response)
    payable = (
        not group.paid_at
        and group.payment_due_at > clock.now() + dt.timedelta(minutes=1)
        and group.orders.filter(status=Status.AWAITING_PAYMENT).exists()
    )
    if not payable or getattr(paymethods.get(attempt.method), "family", "") == "card":
        # A card token is single-use: the buyer enters the card again on the payment page.
        _leave_creating(attempt, AttemptStatus.FAILED, error_message=NOT_CHARGED)
        attempt.refresh_from_db()
        return attempt
    return _charge(group, attempt)


def resolve_stuck_attempts(*, older_than: dt.timedelta = STUCK_AFTER, limit: int = 200) -> int:
    """The sweep: every attempt stuck in "creating" is resolved. Returns how many moved on."""
    stuck = (
        PaymentAttempt.objects.select_related("group")
        .filter(status=AttemptStatus.CREATING, created_at__lte=clock.now() - older_than)
        .order_by("created_at")[:limit]
    )
    return sum(resolve_creating(attempt=attempt).status != AttemptStatus.CREATING for attempt in stuck)


# A refund's job runs at once after its commit; one still "requested" or "sending" this long
# after lost its job (a consumer killed, retries spent in an outage, no queue at all).
REFUND_LOST_AFTER = dt.timedelta(minutes=10)


def resend_stale_refunds(*, older_than: dt.timedelta = REFUND_LOST_AFTER, limit: int = 200) -> dict[str, int]:
    """The sweep behind `send_refund`: every refund left on the way is sent again with its own
    key, which the gateway answers with the first result, so a refund goes out once however
    often this runs. Returns how many ended how. An outage leaves them for the next run."""
    stale = (
        Refund.objects.filter(
            status__in=[Refund.Status.REQUESTED, Refund.Status.SENDING], updated_at__lte=clock.now() - older_than
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for refund_id in stale:
        try:
            outcome = send_refund(refund_id=refund_id)
        except GatewayUnavailable as exc:
            log.warning("refund sweep stopped, the gateway is unreachable: %s", exc.message)
            break
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def open_first_attempt(*, group: OrderGroup) -> PaymentAttempt | None:
    """The first attempt of a checkout being placed, inside its transaction: nothing can have
    paid or cancelled it yet, so none of `_open_attempt`'s checks apply. None for methods
    charged later (cards wait for the browser's token) or never (saldo)."""
    if getattr(paymethods.get(group.payment_method), "family", "") in {"card", "saldo"}:
        return None
    return PaymentAttempt.objects.create(
        group=group, method=group.payment_method, gateway_order_id=f"{group.code}-1", gross_amount=group.total
    )


def charge(*, placed: orders.Placed, attempt: PaymentAttempt | None) -> PaymentAttempt | None:
    """Charge the attempt `open_first_attempt` opened (None: a card, paid on the payment page),
    once the checkout's transaction has committed, then tell the buyer how and by when to pay.

    Every way a checkout is placed (the cart's "Buat Pesanan", a flash sale's "Beli Sekarang"
    in the request or by a job consumer) ends here exactly once, so each checkout gets its one
    instructions e-mail, with the number and deadline the gateway answered. The e-mail is
    rendered and sent by a job: the request only queues it.
    """
    group = placed.group
    if attempt is not None:
        attempt = _charge(group, attempt, items=_items(group, ((p.order, p.lines) for p in placed.orders)))
    attempt_id = attempt.pk if attempt is not None else None
    transaction.on_commit(partial(jobs.enqueue, "send_instructions", group.pk, attempt_id))
    return attempt


def pay_with_saldo(*, group: OrderGroup) -> None:
    """Saldo Niaga covers the checkout: paid now, inside the caller's transaction."""
    money.pay_with_saldo(group=group)
    orders.mark_group_paid(group=group, reason="Dibayar dengan Saldo Niaga")


def start_payment(*, group: OrderGroup, method: str | None = None) -> PaymentAttempt | None:
    """Charge a checkout's unpaid orders with its (or the given) method.

    Cards wait: the charge needs a token the buyer's browser gets from the gateway, so
    the card number never touches Niaga (see `charge_card`).
    """
    method = method or group.payment_method
    if getattr(paymethods.get(method), "family", "") in {"card", "saldo"}:
        return None
    return _charge(group, _open_attempt(group, method))


def charge_card(*, group: OrderGroup, token_id: str, installment_term: int | None = None) -> PaymentAttempt:
    """Charge a card token (made in the browser); the answer carries the 3-D Secure page."""
    if group.payment_method != "card":
        raise DomainError("Transaksi ini tidak dibayar dengan kartu.", code="invalid_payment_method")
    token_id = (token_id or "").strip()
    if not token_id or len(token_id) > 200:
        raise DomainError("Data kartu belum dimasukkan.", code="card_token_missing", fields={"token_id": "Wajib."})
    if installment_term not in (None, 0, *paymethods.INSTALLMENT_TERMS):
        raise DomainError(
            "Pilih cicilan 3, 6 atau 12 bulan.",
            code="invalid_installment",
            fields={"installment_term": "Tidak tersedia."},
        )
    if installment_term and group.total < paymethods.MIN_INSTALLMENT_TOTAL:
        raise DomainError(
            "Cicilan mulai dari Rp500.000.",
            code="invalid_installment",
            fields={"installment_term": "Total terlalu kecil."},
        )
    attempt = _open_attempt(group, "card")
    if installment_term:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(installment_term=installment_term)
        attempt.installment_term = installment_term
    return _charge(group, attempt, card_token=token_id)


def attempt_for_buyer(*, user, gateway_order_id: str) -> PaymentAttempt:
    attempt = (
        PaymentAttempt.objects.select_related("group")
        .filter(gateway_order_id=gateway_order_id, group__buyer=user)
        .first()
    )
    if attempt is None:
        raise NotFound("Transaksi pembayaran tidak ditemukan.", code="payment_not_found")
    return attempt


def retry_payment(*, group: OrderGroup) -> PaymentAttempt | None:
    """ "Coba lagi": charge again only when the last try never reached the gateway or was refused."""
    latest = group.payments.order_by("-created_at", "-pk").first()
    if latest is not None and latest.status == AttemptStatus.CREATING:
        latest = resolve_creating(attempt=latest)
    if latest is not None and latest.status not in statuses.REFUSED:
        return latest
    return start_payment(group=group)


def check_status(*, attempt: PaymentAttempt) -> PaymentAttempt:
    """The buyer's "Cek Status": ask the gateway; an attempt stuck in "creating" is resolved."""
    if attempt.status == AttemptStatus.CREATING:
        return resolve_creating(attempt=attempt)
    return refresh_status(attempt=attempt)


def switch_method(*, group: OrderGroup, method: str) -> PaymentAttempt:
    """Pay another way: open the new attempt, close the old charge, then charge the new one.

    The new attempt exists before the old one is cancelled, so the cancellation does not
    read as "nothing left to pay with" and cancel the orders.
    """
    if method not in {m.code for m in selectors.accepted_methods(group)}:
        raise DomainError(
            "Metode ini tidak diterima toko.", code="invalid_payment_method", fields={"method": "Tidak tersedia."}
        )
    attempt = _open_attempt(group, method)
    for old in group.payments.filter(status__in=statuses.OPEN).exclude(pk=attempt.pk):
        cancel_attempt(attempt=old)
        old.refresh_from_db()
        if old.status in statuses.OPEN or old.is_paid:
            # Still payable (gateway unreachable) or already paid: do not open a second bill.
            message = (
                "Pembayaran sebelumnya sudah masuk."
                if old.is_paid
                else "Layanan pembayaran sedang sibuk. Coba lagi sebentar."
            )
            _leave_creating(attempt, AttemptStatus.FAILED, error_message=message)
            raise (Conflict if old.is_paid else GatewayUnavailable)(
                message, code="already_paid" if old.is_paid else None
            )
    OrderGroup.objects.filter(pk=group.pk).update(payment_method=method)
    group.payment_method = method
    return _charge(group, attempt)


def cancel_attempt(*, attempt: PaymentAttempt) -> None:
    """Close a charge at the gateway; if the gateway says no (already paid), learn its status."""
    if attempt.status == AttemptStatus.CREATING and not attempt.transaction_id:
        # Never answered: it may still exist at the gateway, so ask before giving up on it.
        refresh_status(attempt=attempt)
        attempt.refresh_from_db()
        if attempt.status == AttemptStatus.CREATING:
            _leave_creating(attempt, AttemptStatus.FAILED)
            return
    gateway = get_gateway()
    # Past the deadline the charge expired rather than being called off: say so at the gateway.
    close = gateway.expire if attempt.group.payment_due_at <= clock.now() else gateway.cancel
    try:
        response = close(attempt.gateway_order_id)
    except GatewayUnavailable as exc:
        log.warning("cancel %s: gateway unavailable: %s", attempt.gateway_order_id, exc.message)
        return
    except GatewayError as exc:
        log.info("cancel %s refused: %s", attempt.gateway_order_id, exc.message)
        refresh_status(attempt=attempt)
        return
    apply_gateway_status(body=response, source="poll")


def refresh_status(*, attempt: PaymentAttempt) -> PaymentAttempt:
    """Ask the gateway directly: the fallback when a notification is late or lost."""
    try:
        response = get_gateway().status(attempt.gateway_order_id)
    except (GatewayUnavailable, GatewayError) as exc:
        log.info("status %s unavailable: %s", attempt.gateway_order_id, exc.message)
        return attempt
    apply_gateway_status(body=response, source="poll")
    attempt.refresh_from_db()
    return attempt


def handle_notification(*, body) -> str:
    """A webhook from the gateway: verify it, then apply it once. Returns the outcome."""
    if not isinstance(body, dict) or not all(
        body.get(k) for k in ("order_id", "status_code", "gross_amount", "transaction_status")
    ):
        raise BadNotification("Notifikasi tidak lengkap.")
    if not get_gateway().verify_notification(body):
        raise InvalidSignature("Tanda tangan notifikasi tidak valid.")
    return apply_gateway_status(body=body, source="webhook")


def apply_gateway_status(*, body: dict, source: str) -> str:
    order_id = str(body.get("order_id") or "")
    attempt = PaymentAttempt.objects.filter(gateway_order_id=order_id).first()
    if attempt is None:
        raise NotFound("Transaksi pembayaran tidak dikenal.", code="payment_not_found")
    try:
        amount = Decimal(str(body.get("gross_amount")))
    except InvalidOperation:
        amount = None
    if amount != Decimal(attempt.gross_amount):
        log.warning("amount mismatch on %s: %s != %s", order_id, body.get("gross_amount"), attempt.gross_amount)
        raise BadNotification("Jumlah pembayaran tidak cocok.", code="amount_mismatch")
    if attempt.transaction_id and body.get("transaction_id") and body["transaction_id"] != attempt.transaction_id:
        raise BadNotification("ID transaksi tidak cocok.", code="transaction_mismatch")
    wire = str(body.get("transaction_status"))
    new = transaction_status(body)
    fraud = str(body.get("fraud_status") or "")
    # Two partial refunds (or chargebacks) share status and code; their running totals tell them apart.
    totals = f"{body.get('refund_amount') or ''}:{body.get('chargeback_amount') or ''}"
    key = f"{attempt.provider}:{order_id}:{wire}:{body.get('status_code')}:{fraud}:{totals}"
    try:
        with transaction.atomic():
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            outcome = _outcome(locked, new, fraud)
            PaymentNotification.objects.create(
                attempt=locked,
                dedupe_key=key[:160],
                source=source,
                transaction_status=wire[:20],
                status_code=str(body.get("status_code"))[:3],
                body=body,
                outcome=outcome,
            )
            if new is not None and outcome == Outcome.APPLIED:
                _apply(locked, new, fraud, body)
            elif outcome == Outcome.CHALLENGE:
                _hold_for_review(locked, body)
    except IntegrityError:
        return Outcome.DUPLICATE
    return outcome


def _outcome(attempt: PaymentAttempt, new: AttemptStatus | None, fraud: str) -> Outcome:
    """What a reported status does to the attempt: moves it (only forward along the graph),
    holds it for review, or nothing (stale, or a word the gateway's vocabulary lacks)."""
    if new is None or not statuses.can_move(attempt.status, new):
        return Outcome.STALE
    if new == AttemptStatus.CAPTURE and fraud != FraudStatus.ACCEPT:
        # A card capture the fraud check holds for review is not paid: it waits for the
        # operator's approve or deny (`decide_challenge`), whose notification moves it.
        held = fraud == FraudStatus.CHALLENGE and attempt.fraud_status != FraudStatus.CHALLENGE
        return Outcome.CHALLENGE if held else Outcome.STALE
    return Outcome.APPLIED


def _hold_for_review(attempt: PaymentAttempt, body: dict) -> None:
    log.warning("card payment %s held for fraud review (challenge)", attempt.gateway_order_id)
    attempt.fraud_status = FraudStatus.CHALLENGE
    if statuses.can_move(attempt.status, AttemptStatus.PENDING):
        attempt.status = AttemptStatus.PENDING  # charged; waiting for the operator, not for the buyer
    if not attempt.transaction_id:
        attempt.transaction_id = str(body.get("transaction_id") or "")[:64]
    attempt.save(update_fields=["status", "fraud_status", "transaction_id", "updated_at"])


def _apply(attempt: PaymentAttempt, new: AttemptStatus, fraud: str, body: dict) -> None:
    now = clock.now()
    metrics.PAYMENTS.labels(method=attempt.method, outcome=new).inc()
    was_paid, was = attempt.is_paid, attempt.status
    attempt.status = new
    attempt.fraud_status = fraud
    if not attempt.transaction_id:
        attempt.transaction_id = str(body.get("transaction_id") or "")[:64]
    if new in statuses.PAID and not attempt.paid_at:
        attempt.paid_at = _parse_time(body.get("settlement_time")) or now
    if new in {AttemptStatus.DENY, AttemptStatus.FAILURE} and not was_paid:
        attempt.error_message = refused(body)
    attempt.save(update_fields=["status", "fraud_status", "transaction_id", "paid_at", "error_message", "updated_at"])
    group = attempt.group
    if new in statuses.PAID and not was_paid:
        _money_arrived(attempt, group)
    elif new == AttemptStatus.DENY and was_paid:
        _settlement_reversed(attempt, group)
    elif new in statuses.RETURNED or (new == AttemptStatus.CANCEL and was_paid):
        _money_returned(attempt, group, new, body)
    elif new in {AttemptStatus.EXPIRE, AttemptStatus.CANCEL} and not was_paid:
        # A refused card or PayLater (deny/failure) leaves the checkout open: the buyer may try
        # again or switch method until the deadline, which the sweep enforces.
        others_open = group.payments.exclude(pk=attempt.pk).filter(status__in=statuses.OPEN).exists()
        if not others_open and not group.paid_at:
            orders.cancel_unpaid_group(
                group=group,
                role=Actor.SYSTEM,
                reason=f"Pembayaran {'kedaluwarsa' if new == AttemptStatus.EXPIRE else 'dibatalkan'}",
            )
    if new == AttemptStatus.SETTLEMENT and was == AttemptStatus.CAPTURE:
        _send_waiting_refunds(attempt)


def _money_arrived(attempt: PaymentAttempt, group: OrderGroup) -> None:
    """Into escrow, and the orders to "Perlu Dikemas". Money for nothing goes back as saldo."""
    if group.paid_at or group.payments.exclude(pk=attempt.pk).filter(status__in=statuses.PAID).exists():
        # Paid twice (the old VA and the new e-wallet, or saldo and then the VA anyway): the
        # second payment is the buyer's.
        money.record_double_payment(group=group, gateway_order_id=attempt.gateway_order_id)
        log.warning("checkout %s paid twice; %s credited to saldo", group.code, attempt.gateway_order_id)
        return
    money.record_payment(group=group, gateway_order_id=attempt.gateway_order_id, method=attempt.method)
    method = paymethods.get(attempt.method)
    label = method.label if method else attempt.method
    paid, missed = orders.mark_group_paid(group=group, reason=f"Pembayaran {label} terverifikasi")
    for order in missed:
        # The deadline passed first and the order is gone: its money goes back to the buyer.
        money.refund_to_saldo(
            order=order, key=f"refund:{order.pk}:paid-after-cancel", reason="Dibayar setelah dibatalkan"
        )
    if missed and not paid:
        money.refund_service_fee(group=group)


def _settlement_reversed(attempt: PaymentAttempt, group: OrderGroup) -> None:
    """Settlement → deny (payments.md: Permata, Mandiri bill, Indomaret): it was never paid."""
    log.warning("payment %s reversed to deny after settlement", attempt.gateway_order_id)
    # Taken back as any return of the money is: Niaga's refunds still waiting first (the bank
    # took the whole payment, so the buyer would otherwise get them a second time).
    money.take_back(
        attempt=attempt,
        amount=attempt.gross_amount,
        key=f"reversal:{attempt.gateway_order_id}",
        kind="reversal",
        memo="Pembayaran dibatalkan oleh bank setelah settlement",
    )
    for order in group.orders.filter(status__in=[Status.TO_PACK, Status.READY_TO_SHIP]):
        orders.transition(
            order=order, to_status=Status.CANCELLED, role=Actor.SYSTEM, reason="Pembayaran dibatalkan oleh bank"
        )


def _rupiah(value) -> int:
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, TypeError, ValueError):
        return 0


def _returned_total(attempt: PaymentAttempt, new: AttemptStatus, body: dict) -> int:
    """How much of this payment the gateway has given back to the buyer so far, all told."""
    if new in statuses.FULLY_RETURNED or new == AttemptStatus.CANCEL:
        return attempt.gross_amount
    total = 0
    # Refunds and chargebacks are counted apart, each a running total (with its list).
    for listed, field in (("refunds", "refund_amount"), ("chargebacks", "chargeback_amount")):
        entries = body.get(listed)
        if isinstance(entries, list) and entries:
            total += sum(_rupiah(e.get(field)) for e in entries if isinstance(e, dict))
        else:
            total += _rupiah(body.get(field))
    return min(max(total, 0), attempt.gross_amount)


CHARGEBACKS = {AttemptStatus.CHARGEBACK, AttemptStatus.PARTIAL_CHARGEBACK}
RETURN_REASONS = {
    AttemptStatus.REFUND: "Dana dikembalikan ke pembeli oleh penyedia pembayaran",
    AttemptStatus.PARTIAL_REFUND: "Dana dikembalikan ke pembeli oleh penyedia pembayaran",
    AttemptStatus.CHARGEBACK: "Pembayaran ditarik kembali oleh bank pembeli (chargeback)",
    AttemptStatus.PARTIAL_CHARGEBACK: "Pembayaran ditarik kembali oleh bank pembeli (chargeback)",
    AttemptStatus.CANCEL: "Pembayaran kartu dibatalkan",
}


def _money_returned(attempt: PaymentAttempt, group: OrderGroup, new: AttemptStatus, body: dict) -> None:
    """The gateway gave money of this payment back: a refund, a chargeback, a void of a capture.

    What Niaga sent itself (its own refunds, already out of escrow) is known; the rest was
    started elsewhere — the gateway's dashboard, the buyer's bank — and is taken back through
    the ledger now, and the orders it leaves without money are cancelled, as Niaga's own
    refund would have. Counted by running totals, so a repeat or a second source (webhook and
    poll) books nothing twice.
    """
    sent = Refund.objects.filter(attempt=attempt, status__in=[Refund.Status.SENDING, Refund.Status.SENT])
    unasked = max(_returned_total(attempt, new, body) - (sent.aggregate(total=Sum("amount"))["total"] or 0), 0)
    if unasked <= attempt.returned_amount:
        return
    kind = "chargeback" if new in CHARGEBACKS else "void" if new == AttemptStatus.CANCEL else "gateway_refund"
    reason = RETURN_REASONS[new]
    log.warning(
        "payment %s: %s of %s returned at the gateway (%s)",
        attempt.gateway_order_id,
        unasked,
        attempt.gross_amount,
        new,
    )
    emptied = money.take_back(
        attempt=attempt,
        amount=unasked - attempt.returned_amount,
        key=f"returned:{attempt.gateway_order_id}:{unasked}",
        kind=kind,
        memo=reason,
    )
    PaymentAttempt.objects.filter(pk=attempt.pk).update(returned_amount=unasked)
    attempt.returned_amount = unasked
    for order in emptied:
        order.refresh_from_db()
        if order.status in (Status.TO_PACK, Status.READY_TO_SHIP):
            orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SYSTEM, reason=reason)


def _send_waiting_refunds(attempt: PaymentAttempt) -> None:
    """A captured card settled: refunds that waited for it (a void would have returned all of
    it) can be sent now."""
    for refund_id in attempt.refunds.filter(status=Refund.Status.REQUESTED).values_list("pk", flat=True):
        transaction.on_commit(partial(jobs.enqueue, "send_refund", refund_id))


def send_refund(*, refund_id: int) -> str:
    """Send one refund Niaga owes by the gateway's rule (payments.md): a settled payment is
    refunded; a captured card not settled yet is voided with cancel. A void gives back the
    whole charge, so it is made only when nothing of the checkout goes ahead (every order's
    escrow is on its way back); a part waits for the card to settle, and is refunded then.

    Returns what became of it. Raises GatewayUnavailable, for the task to retry with the same
    refund key (the gateway answers a repeated key with the first result).
    """
    refund = Refund.objects.select_related("attempt__group", "order").get(pk=refund_id)
    attempt, gateway = refund.attempt, get_gateway()
    if refund.status == Refund.Status.REQUESTED:
        # Learn where the charge is now: captured or settled, or already given back.
        try:
            apply_gateway_status(body=gateway.status(attempt.gateway_order_id), source="poll")
        except (GatewayError, BadNotification, NotFound) as exc:
            log.info("refund %s: status of %s unknown: %s", refund.key, attempt.gateway_order_id, exc.message)
        refund.refresh_from_db()
        attempt.refresh_from_db()
        if refund.status != Refund.Status.REQUESTED:
            return refund.status  # covered by what the gateway returned meanwhile
        if attempt.status == AttemptStatus.CAPTURE:
            if money.checkout_escrow(attempt.group) > 0:
                return "waiting"
            try:
                apply_gateway_status(body=gateway.cancel(attempt.gateway_order_id), source="poll")
            except (GatewayError, BadNotification) as exc:
                log.info("void of %s refused: %s", attempt.gateway_order_id, exc.message)
                refresh_status(attempt=attempt)
            refund.refresh_from_db()
            return "voided" if refund.status == Refund.Status.COVERED else "waiting"
        if attempt.status not in statuses.REFUNDABLE:
            return _refund_to_saldo(refund, Refund.Status.REQUESTED)
        if not _move_refund(refund, Refund.Status.REQUESTED, Refund.Status.SENDING):
            refund.refresh_from_db()
            return refund.status
    elif refund.status != Refund.Status.SENDING:
        return refund.status
    try:
        gateway.refund(
            attempt.gateway_order_id,
            key=GATEWAY_KEY_UNSAFE.sub("-", refund.key)[:50],  # e.g. complaint:KMP/20261207/AB12CD:refund
            amount=refund.amount,
            reason=refund.reason or "Refund Niaga",
        )
    except GatewayError as exc:
        log.info("refund %s refused by the gateway (%s): to saldo", refund.key, exc.message)
        return _refund_to_saldo(refund, Refund.Status.SENDING)
    with transaction.atomic():
        if _move_refund(refund, Refund.Status.SENDING, Refund.Status.SENT):
            money.settle_refund(order=refund.order, key=refund.key, amount=refund.amount, sent=True)
    refresh_status(attempt=attempt)  # the gateway's running total, booked once
    return Refund.Status.SENT


def _move_refund(refund: Refund, frm: RefundStatus, to: RefundStatus) -> bool:
    """Along the refund's graph, only if no other run of the job has moved it meanwhile."""
    return bool(statuses.move(Refund.objects.filter(pk=refund.pk), frm=frm, to=to))


def _refund_to_saldo(refund: Refund, from_status: RefundStatus) -> str:
    with transaction.atomic():
        if _move_refund(refund, from_status, Refund.Status.SALDO):
            money.settle_refund(order=refund.order, key=refund.key, amount=refund.amount, sent=False)
    return Refund.Status.SALDO


class NotChallenged(Conflict):
    code = "not_challenged"


def decide_challenge(*, attempt: PaymentAttempt, approve: bool) -> PaymentAttempt:
    """The operator's decision on a card payment the fraud check held (fraud_status
    "challenge"): the gateway's approve or deny; its answer (and the notification that
    follows) moves the attempt and the orders."""
    attempt.refresh_from_db()
    if attempt.fraud_status != FraudStatus.CHALLENGE or attempt.status not in statuses.OPEN:
        raise NotChallenged("Pembayaran ini tidak sedang menunggu keputusan.")
    gateway = get_gateway()
    response = (gateway.approve if approve else gateway.deny)(attempt.transaction_id or attempt.gateway_order_id)
    apply_gateway_status(body=response, source="poll")
    attempt.refresh_from_db()
    return attempt


def capture_authorized(*, attempt: PaymentAttempt) -> PaymentAttempt:
    """Capture a pre-authorised card (status "authorize"): until then it is not paid."""
    attempt.refresh_from_db()
    if attempt.status != AttemptStatus.AUTHORIZE:
        raise Conflict("Pembayaran ini tidak sedang menunggu capture.", code="not_authorized")
    response = get_gateway().capture(attempt.transaction_id or attempt.gateway_order_id, amount=attempt.gross_amount)
    apply_gateway_status(body=response, source="poll")
    attempt.refresh_from_db()
    return attempt
