"""The payment page: instructions, deadline, status, and the buyer's buttons.

Status moves when the gateway's notification arrives (webhook). The page also asks the
gateway itself when the buyer presses "Cek Status Pembayaran" or comes back from an
e-wallet, in case the notification is late.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from niaga.core import paymethods
from niaga.core.errors import DomainError
from niaga.core.pages import or_404, safe_next
from niaga.orders import services as order_services
from niaga.orders.status import Status

from . import emails, instructions, refusals, selectors, services, simulator, statuses
from .forms import CancelForm, CardForm, SwitchMethodForm
from .statuses import AttemptStatus, FraudStatus

# Query parameters an e-wallet adds when it sends the buyer back (Midtrans callback).
CALLBACK_PARAMS = ("order_id", "transaction_status", "status_code", "result", "transaction_id")


def _attempt_label(attempt) -> str:
    if attempt is None:
        return ""
    if attempt.fraud_status == FraudStatus.CHALLENGE and attempt.status in statuses.OPEN:
        return "Sedang ditinjau"  # a card payment held for the operator's review
    return attempt.get_status_display()  # the status's label (statuses.py) as the buyer reads it


def _switch_options(group) -> list[paymethods.PayMethod]:
    return [m for m in selectors.accepted_methods(group) if m.code != group.payment_method]


def _installments(group) -> list[tuple[int, int]]:
    """(months, monthly amount) the buyer may choose, when the total allows instalments."""
    if group.total < paymethods.MIN_INSTALLMENT_TOTAL:
        return []
    return [(term, -(-group.total // term)) for term in paymethods.INSTALLMENT_TERMS]


def _installment_note(group) -> str:
    """Why the instalment choice is absent, rather than leaving the buyer to wonder."""
    return instructions.installment_note(group.total) if group.total < paymethods.MIN_INSTALLMENT_TOTAL else ""


def _render(request, group, attempt, *, error: DomainError | None = None):
    orders = sorted(group.orders.all(), key=lambda o: o.pk)
    awaiting = any(o.status == Status.AWAITING_PAYMENT for o in orders)
    method = paymethods.get(attempt.method if attempt else group.payment_method)
    actions = (attempt.actions or {}) if attempt else {}
    context = {
        "group": group,
        "attempt": attempt,
        "orders": orders,
        "method": method,
        "paid": selectors.is_paid(group, orders),
        "cancelled": bool(orders) and all(o.status == Status.CANCELLED for o in orders),
        "awaiting": awaiting and not group.paid_at,
        "pending": bool(attempt) and attempt.status == AttemptStatus.PENDING and awaiting,
        "failed": bool(attempt) and attempt.status in statuses.REFUSED and awaiting,
        "no_attempt": attempt is None and awaiting,
        "attempt_label": _attempt_label(attempt),
        "bank_name": instructions.BANK_NAMES.get(attempt.bank, attempt.bank.upper()) if attempt else "",
        "steps": instructions.steps(attempt) if attempt and attempt.status == AttemptStatus.PENDING else {},
        "deeplink": actions.get("deeplink-redirect", ""),
        "qr_url": actions.get("generate-qr-code", ""),
        "switch_options": _switch_options(group) if awaiting else [],
        "card_form": awaiting
        and method is not None
        and method.family == "card"
        and (attempt is None or attempt.status in statuses.REFUSED),
        "installments": _installments(group),
        "installment_note": _installment_note(group),
        "refusals": refusals.as_json(),
        "simulator_link": simulator.pay_link(attempt) if awaiting else "",
        "simulator_card_hint": simulator.card_hint(),
        "token_url": f"{settings.NIAGA_MIDTRANS_BASE_URL}/v2/token",
        "client_key": settings.NIAGA_MIDTRANS_CLIENT_KEY,
    }
    status = 200
    if error is not None:
        context.update(error=error.message, errors=error.fields)
        status = error.status
    return render(request, "payments/page.html", context, status=status)


@login_required
@require_GET
def page(request, code: str):
    group, attempt = or_404(selectors.buyer_payment, request.user, code)
    if any(p in request.GET for p in CALLBACK_PARAMS):
        # Back from the e-wallet app: if the notification is not in yet, ask once; then
        # show the clean URL (the query is the wallet's word, never trusted as is).
        if attempt and attempt.status in statuses.OPEN:
            services.refresh_status(attempt=attempt)
        return redirect("payments:page", code=group.code)
    return _render(request, group, attempt)


@login_required
@require_POST
def refresh(request, code: str):
    group, attempt = or_404(selectors.buyer_payment, request.user, code)
    if attempt and attempt.status in statuses.OPEN:
        before = attempt.status
        attempt = services.check_status(attempt=attempt)
        if attempt.status == before:
            messages.info(
                request, "Belum ada pembayaran masuk. Status akan berubah otomatis setelah pembayaran diterima."
            )
    return redirect("payments:page", code=group.code)


@login_required
@require_POST
def retry(request, code: str):
    group, attempt = or_404(selectors.buyer_payment, request.user, code)
    try:
        services.retry_payment(group=group)
    except DomainError as exc:
        return _render(request, *selectors.buyer_payment(request.user, code), error=exc)
    return redirect("payments:page", code=group.code)


@login_required
@require_POST
def switch(request, code: str):
    group, attempt = or_404(selectors.buyer_payment, request.user, code)
    form = SwitchMethodForm(request.POST)
    try:
        if not form.checked():
            raise form.refusal()
        method = form.cleaned_data["method"]
        attempt = services.switch_method(group=group, method=method)
    except DomainError as exc:
        return _render(request, *selectors.buyer_payment(request.user, code), error=exc)
    emails.send_instructions(group=group, attempt=attempt)  # the new number, by e-mail too
    chosen = paymethods.get(method)  # accepted by the store, so known
    messages.success(request, f"Metode pembayaran diganti ke {chosen.label if chosen else method}.")
    return redirect("payments:page", code=group.code)


@login_required
@require_POST
def cancel(request, code: str):
    group, attempt = or_404(selectors.buyer_payment, request.user, code)
    form = CancelForm(request.POST)
    try:
        if not form.checked():
            raise form.refusal()
        order_services.buyer_cancel(group=group, buyer=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _render(request, *selectors.buyer_payment(request.user, code), error=exc)
    messages.success(request, "Pesanan dibatalkan. Stok dikembalikan ke penjual.")
    return redirect(safe_next(request, fallback="") or reverse("payments:page", args=[group.code]))


@login_required
@require_POST
def card(request, code: str):
    """The browser tokenised the card at the gateway; only the token comes here."""
    group, _ = or_404(selectors.buyer_payment, request.user, code)
    form = CardForm(request.POST)
    try:
        if not form.is_valid():
            fields = {name: " ".join(str(error) for error in errors) for name, errors in form.errors.items()}
            raise DomainError(next(iter(fields.values())), code="invalid_card", fields=fields)
        attempt = services.charge_card(
            group=group,
            token_id=form.cleaned_data["token_id"],
            installment_term=form.cleaned_data["installment_term"] or None,
        )
    except DomainError as exc:
        return _render(request, *selectors.buyer_payment(request.user, code), error=exc)
    if attempt.status == AttemptStatus.PENDING and attempt.redirect_url.startswith(("http://", "https://")):
        return redirect(attempt.redirect_url)  # the bank's 3-D Secure page
    return redirect("payments:page", code=group.code)


@login_required
@require_GET
def finish(request):
    """Back from 3-D Secure or PayLater (the gateway's finish redirect): ask, then show."""
    attempt = or_404(services.attempt_for_buyer, user=request.user, gateway_order_id=request.GET.get("order_id", ""))
    if attempt.status in statuses.OPEN:
        services.refresh_status(attempt=attempt)
    return redirect("payments:page", code=attempt.group.code)
