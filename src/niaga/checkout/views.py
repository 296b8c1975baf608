"""Checkout page: address, courier per store, payment method, then "Buat Pesanan"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from niaga.accounts import selectors as accounts
from niaga.cart.session import request_cart
from niaga.core.errors import DomainError, NotFound
from niaga.orders.origin import origin_of
from niaga.payments import instructions as payment_instructions

from . import services
from .forms import CheckoutForm


def _quote(request, form: CheckoutForm):
    """The quote for the buyer's choices (those that passed the form's checks); an address that
    is not the buyer's falls back to the default."""
    cart = request_cart(request)
    address_id, couriers = form.cleaned_data.get("address_id"), form.couriers()
    try:
        return services.quote(user=request.user, cart=cart, address_id=address_id, couriers=couriers)
    except NotFound:
        return services.quote(user=request.user, cart=cart, couriers=couriers)


def _render(request, form: CheckoutForm):
    quote = _quote(request, form)
    context = {
        **form.context(),
        "quote": quote,
        "addresses": accounts.addresses_for(request.user),
        "checkout_url": reverse("checkout:checkout"),
        "can_place": not quote.problems,
        "installment_note": payment_instructions.installment_note(quote.total),
    }
    return render(request, "checkout/checkout.html", context, status=form.status)


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    if request.method == "GET":  # the page, or its re-quote link with the choices so far
        form = CheckoutForm(request.GET)
        form.is_valid()  # what passed is quoted; what did not is marked on its field
        return _render(request, form)
    form = CheckoutForm(request.POST)
    if not form.checked() or form.wants_quote():  # refused, or "Hitung ulang" without JS
        return _render(request, form)
    try:
        placement = services.place_order(
            user=request.user,
            cart=request_cart(request),
            address_id=form.cleaned_data["address_id"],
            payment_method=form.cleaned_data["payment_method"],
            couriers=form.couriers(),
            notes=form.notes(),
            origin=origin_of(request),
        )
    except DomainError as exc:
        form.refuse(exc)
        return _render(request, form)
    return redirect("payments:page", code=placement.group.code)
