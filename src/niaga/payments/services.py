"""Writes for payments: start a charge, apply what the gateway says, cancel, switch.

Whatever the gateway says — a webhook or a status we polled — goes through
`apply_gateway_status`, which stores it once under a unique key and moves the attempt
only forward along the gateway's status graph. Repeats and stale messages change nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from niaga.core import clock, metrics, paymethods
from niaga.core.errors import Conflict, DomainError, GatewayUnavailable, NotFound
from niaga.orders import services as orders
from niaga.orders.models import OrderGroup
from niaga.orders.status import Actor, Status

from . import money, selectors, statuses
from .gateway import get_gateway
from .gateways.base import ChargeRequest, GatewayError
from .gateways.midtrans import instructions_fields
from .models import PaymentAttempt, PaymentNotification

log = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")


REFUSED = "Pembayaran ditolak oleh bank atau penyedia. Coba kartu atau metode lain."


class BadNotification(DomainError):
    code = "bad_notification"


class InvalidSignature(DomainError):
    status = 401
    code = "invalid_signature"


def _items(group: OrderGroup) -> list[dict]:
    items = []
    # A group just placed carries its orders and lines (orders.place_orders); others are read.
    placed = getattr(group, "placed", None)
    for order in placed if placed is not None else group.orders.prefetch_related("lines"):
        for line in order.placed_lines if placed is not None else order.lines.all():
            items.append(
                {"id": str(line.variant_id), "price": line.unit_price, "quantity": line.quantity, "name": line.product_name[:50]}
            )
        if order.shipping_cost:
            items.append({"id": f"ship-{order.pk}", "price": order.shipping_cost, "quantity": 1, "name": order.courier_name[:50]})
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


def _charge(group: OrderGroup, attempt: PaymentAttempt, *, card_token: str = "") -> PaymentAttempt:
    """Ask the gateway for instructions. An outage is recorded (status "failed"), not raised:
    the orders stay, and the buyer can press "Coba lagi" on the payment page."""
    buyer = group.buyer
    request = ChargeRequest(
        order_id=attempt.gateway_order_id,
        method=attempt.method,
        gross_amount=attempt.gross_amount,
        expiry_minutes=max(1, int((group.payment_due_at - clock.now()).total_seconds() // 60)),
        customer={"first_name": buyer.full_name[:50], "email": buyer.email, "phone": buyer.phone},
        items=_items(group),
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
        PaymentAttempt.objects.filter(pk=attempt.pk, status="creating").update(status="failed", error_message=exc.message[:255])
        attempt.refresh_from_db()
        return attempt
    numbers = {
        "transaction_id": response.get("transaction_id", ""),
        "expires_at": _parse_time(response.get("expiry_time")) or group.payment_due_at,
        **instructions_fields(response),
    }
    status = response.get("transaction_status") or "pending"
    error = REFUSED if status in {"deny", "failure"} else ""
    # The numbers always land; the status only if no notification has moved it meanwhile.
    expiry = _parse_time(response.get("expiry_time"))
    # The gateway keeps whole seconds: a deadline it matches to the second stays as it is.
    if status == "pending" and expiry and expiry != group.payment_due_at.replace(microsecond=0):
        # The gateway's expiry is the one deadline (a card's 3-D Secure sets its own).
        orders.set_payment_deadline(group=group, due_at=numbers["expires_at"])
    if PaymentAttempt.objects.filter(pk=attempt.pk, status="creating").update(status=status, error_message=error, **numbers):
        for name, value in {**numbers, "status": status, "error_message": error}.items():
            setattr(attempt, name, value)
        return attempt
    PaymentAttempt.objects.filter(pk=attempt.pk).update(**numbers)
    attempt.refresh_from_db()
    return attempt


def open_first_attempt(*, group: OrderGroup) -> PaymentAttempt | None:
    """The first attempt of a checkout being placed, inside its transaction: nothing can have
    paid or cancelled it yet, so none of `_open_attempt`'s checks apply. None for methods
    charged later (cards wait for the browser's token) or never (saldo)."""
    if getattr(paymethods.get(group.payment_method), "family", "") in {"card", "saldo"}:
        return None
    return PaymentAttempt.objects.create(
        group=group, method=group.payment_method, gateway_order_id=f"{group.code}-1", gross_amount=group.total
    )


def charge(*, group: OrderGroup, attempt: PaymentAttempt) -> PaymentAttempt:
    """Charge an attempt opened by `open_first_attempt`, once its transaction has committed."""
    return _charge(group, attempt)


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


MIN_INSTALLMENT_TOTAL = 500_000  # banks' usual floor for 0% installments


def charge_card(*, group: OrderGroup, token_id: str, installment_term: int | None = None) -> PaymentAttempt:
    """Charge a card token (made in the browser); the answer carries the 3-D Secure page."""
    if group.payment_method != "card":
        raise DomainError("Transaksi ini tidak dibayar dengan kartu.", code="invalid_payment_method")
    token_id = (token_id or "").strip()
    if not token_id or len(token_id) > 200:
        raise DomainError("Data kartu belum dimasukkan.", code="card_token_missing", fields={"token_id": "Wajib."})
    if installment_term not in (None, 0, *paymethods.INSTALLMENT_TERMS):
        raise DomainError("Pilih cicilan 3, 6 atau 12 bulan.", code="invalid_installment", fields={"installment_term": "Tidak tersedia."})
    if installment_term and group.total < MIN_INSTALLMENT_TOTAL:
        raise DomainError("Cicilan mulai dari Rp500.000.", code="invalid_installment", fields={"installment_term": "Total terlalu kecil."})
    attempt = _open_attempt(group, "card")
    if installment_term:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(installment_term=installment_term)
        attempt.installment_term = installment_term
    return _charge(group, attempt, card_token=token_id)


def attempt_for_buyer(*, user, gateway_order_id: str) -> PaymentAttempt:
    attempt = PaymentAttempt.objects.select_related("group").filter(gateway_order_id=gateway_order_id, group__buyer=user).first()
    if attempt is None:
        raise NotFound("Transaksi pembayaran tidak ditemukan.", code="payment_not_found")
    return attempt


def retry_payment(*, group: OrderGroup) -> PaymentAttempt | None:
    """"Coba lagi": charge again only when the last try never reached the gateway or was refused."""
    latest = group.payments.order_by("-created_at", "-pk").first()
    if latest is not None and latest.status not in {"failed", "deny", "failure"}:
        return latest
    return start_payment(group=group)


def switch_method(*, group: OrderGroup, method: str) -> PaymentAttempt:
    """Pay another way: open the new attempt, close the old charge, then charge the new one.

    The new attempt exists before the old one is cancelled, so the cancellation does not
    read as "nothing left to pay with" and cancel the orders.
    """
    if method not in {m.code for m in selectors.accepted_methods(group)}:
        raise DomainError("Metode ini tidak diterima toko.", code="invalid_payment_method", fields={"method": "Tidak tersedia."})
    attempt = _open_attempt(group, method)
    for old in group.payments.filter(status__in=statuses.OPEN).exclude(pk=attempt.pk):
        cancel_attempt(attempt=old)
        old.refresh_from_db()
        if old.status in statuses.OPEN or old.is_paid:
            # Still payable (gateway unreachable) or already paid: do not open a second bill.
            message = "Pembayaran sebelumnya sudah masuk." if old.is_paid else "Layanan pembayaran sedang sibuk. Coba lagi sebentar."
            PaymentAttempt.objects.filter(pk=attempt.pk, status="creating").update(status="failed", error_message=message)
            raise (Conflict if old.is_paid else GatewayUnavailable)(message, code="already_paid" if old.is_paid else None)
    OrderGroup.objects.filter(pk=group.pk).update(payment_method=method)
    group.payment_method = method
    return _charge(group, attempt)


def cancel_attempt(*, attempt: PaymentAttempt) -> None:
    """Close a charge at the gateway; if the gateway says no (already paid), learn its status."""
    if attempt.status == "creating" and not attempt.transaction_id:
        # Never answered: it may still exist at the gateway, so ask before giving up on it.
        refresh_status(attempt=attempt)
        attempt.refresh_from_db()
        if attempt.status == "creating":
            PaymentAttempt.objects.filter(pk=attempt.pk, status="creating").update(status="failed")
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
    if not isinstance(body, dict) or not all(body.get(k) for k in ("order_id", "status_code", "gross_amount", "transaction_status")):
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
    new = str(body.get("transaction_status"))
    fraud = str(body.get("fraud_status") or "")
    # Two partial refunds share status and code; their running refund total tells them apart.
    key = f"{attempt.provider}:{order_id}:{new}:{body.get('status_code')}:{fraud}:{body.get('refund_amount') or ''}"
    try:
        with transaction.atomic():
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            moves = statuses.can_move(locked.status, new) and not (new == "capture" and fraud != "accept")
            PaymentNotification.objects.create(
                attempt=locked,
                dedupe_key=key[:160],
                source=source,
                transaction_status=new[:20],
                status_code=str(body.get("status_code"))[:3],
                body=body,
                outcome="applied" if moves else "stale",
            )
            if moves:
                _apply(locked, new, fraud, body)
    except IntegrityError:
        return "duplicate"
    return "applied" if moves else "stale"


def _apply(attempt: PaymentAttempt, new: str, fraud: str, body: dict) -> None:
    now = clock.now()
    metrics.PAYMENTS.labels(method=attempt.method, outcome=new).inc()
    was_paid = attempt.is_paid
    attempt.status = new
    attempt.fraud_status = fraud
    if not attempt.transaction_id:
        attempt.transaction_id = str(body.get("transaction_id") or "")[:64]
    if new in statuses.PAID and not attempt.paid_at:
        attempt.paid_at = _parse_time(body.get("settlement_time")) or now
    if new in {"deny", "failure"} and not was_paid:
        attempt.error_message = REFUSED
    attempt.save(update_fields=["status", "fraud_status", "transaction_id", "paid_at", "error_message", "updated_at"])
    group = attempt.group
    if new in statuses.PAID and not was_paid:
        _money_arrived(attempt, group)
    elif new == "deny" and was_paid:
        _settlement_reversed(attempt, group)
    elif new in {"expire", "cancel"} and not was_paid:
        # A refused card or PayLater (deny/failure) leaves the checkout open: the buyer may try
        # again or switch method until the deadline, which the sweep enforces.
        others_open = group.payments.exclude(pk=attempt.pk).filter(status__in=statuses.OPEN).exists()
        if not others_open and not group.paid_at:
            orders.cancel_unpaid_group(
                group=group, role=Actor.SYSTEM, reason=f"Pembayaran {'kedaluwarsa' if new == 'expire' else 'dibatalkan'}"
            )


def _money_arrived(attempt: PaymentAttempt, group: OrderGroup) -> None:
    """Into escrow, and the orders to "Perlu Dikemas". Money for nothing goes back as saldo."""
    if group.paid_at or group.payments.exclude(pk=attempt.pk).filter(status__in=statuses.PAID).exists():
        # Paid twice (the old VA and the new e-wallet, or saldo and then the VA anyway): the
        # second payment is the buyer's.
        money.record_double_payment(group=group, gateway_order_id=attempt.gateway_order_id)
        log.warning("checkout %s paid twice; %s credited to saldo", group.code, attempt.gateway_order_id)
        return
    money.record_payment(group=group, gateway_order_id=attempt.gateway_order_id, method=attempt.method)
    label = paymethods.get(attempt.method).label if paymethods.get(attempt.method) else attempt.method
    paid, missed = orders.mark_group_paid(group=group, reason=f"Pembayaran {label} terverifikasi")
    for order in missed:
        # The deadline passed first and the order is gone: its money goes back to the buyer.
        money.refund_to_saldo(order=order, key=f"refund:{order.pk}:paid-after-cancel", reason="Dibayar setelah dibatalkan")
    if missed and not paid:
        money.refund_service_fee(group=group)


def _settlement_reversed(attempt: PaymentAttempt, group: OrderGroup) -> None:
    """Settlement → deny (payments.md: Permata, Mandiri bill, Indomaret): it was never paid."""
    log.warning("payment %s reversed to deny after settlement", attempt.gateway_order_id)
    money.reverse_payment(group=group, gateway_order_id=attempt.gateway_order_id)
    for order in group.orders.filter(status__in=[Status.TO_PACK, Status.READY_TO_SHIP]):
        orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SYSTEM, reason="Pembayaran dibatalkan oleh bank")
