"""Checkout page: address, courier per store, payment method, then "Buat Pesanan"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from niaga.accounts import selectors as accounts
from niaga.cart.session import request_cart
from niaga.core.errors import DomainError, NotFound
from niaga.core.pages import parse_int, prefixed
from niaga.payments import instructions as payment_instructions

from . import services


def _choices(params) -> dict:
    """What the buyer picked so far, from the form (POST) or the re-quote link (GET)."""
    return {
        "address_id": parse_int(params.get("address_id"), minimum=1),
        "couriers": {k: v[:30] for k, v in prefixed(params, "courier_").items() if v},
        "notes": {k: v.strip()[:200] for k, v in prefixed(params, "note_").items()},
        "payment_method": (params.get("payment_method") or "")[:20],
    }


def _quote(request, choices: dict):
    """The quote for these choices; an address that is not the buyer's falls back to the default."""
    cart = request_cart(request)
    try:
        return services.quote(
            user=request.user, cart=cart, address_id=choices["address_id"], couriers=choices["couriers"]
        )
    except NotFound:
        choices["address_id"] = None
        return services.quote(user=request.user, cart=cart, couriers=choices["couriers"])


def _render(request, choices: dict, *, error: DomainError | None = None):
    quote = _quote(request, choices)
    context = {
        "quote": quote,
        "addresses": accounts.addresses_for(request.user),
        "choices": choices,
        "checkout_url": reverse("checkout:checkout"),
        "can_place": not quote.problems,
        "installment_note": payment_instructions.installment_note(quote.total),
    }
    status = 200
    if error is not None:
        context.update(error=error.message, errors=error.fields)
        status = error.status
    return render(request, "checkout/checkout.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    if request.method == "GET":
        return _render(request, _choices(request.GET))
    choices = _choices(request.POST)
    if request.POST.get("action") == "quote":  # "Hitung ulang" without JS
        return _render(request, choices)
    try:
        placement = services.place_order(
            user=request.user,
            cart=request_cart(request),
            address_id=choices["address_id"],
            payment_method=choices["payment_method"],
            couriers=choices["couriers"],
            notes=choices["notes"],
        )
    except DomainError as exc:
        return _render(request, choices, error=exc)
    return redirect("payments:page", code=placement.group.code)
