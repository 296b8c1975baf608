"""The cart page and its buttons. Errors come back as a message on the page the buyer was on."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from niaga.core.errors import DomainError
from niaga.core.pages import or_404, safe_next

from . import selectors, services
from .forms import AddForm, QuantityForm
from .session import request_cart


def cart(request):
    bundles = selectors.bundles(request_cart(request))
    return render(
        request,
        "cart/cart.html",
        {
            "bundles": bundles,
            "total": sum(b.subtotal for b in bundles),
            "item_count": sum(line.item.quantity for b in bundles for line in b.lines),
            "has_problem": any(line.problem for b in bundles for line in b.lines),
        },
    )


@require_POST
def add(request):
    back = safe_next(request, fallback="cart:cart")
    form = AddForm(request.POST)
    try:
        if not form.checked():
            raise form.refusal()
        services.add_item(
            cart=request_cart(request, create=True),
            variant_id=form.cleaned_data["variant_id"],
            quantity=form.cleaned_data["quantity"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if form.cleaned_data["action"] == "buy":
        return redirect("checkout:checkout")
    messages.success(request, "Barang ditambahkan ke keranjang.")
    return redirect(back)


@require_POST
def update(request, item_id: int):
    item = or_404(selectors.cart_item, request_cart(request), item_id)
    form = QuantityForm(request.POST)
    try:
        if not form.checked():
            raise form.refusal()
        services.set_quantity(item=item, quantity=form.cleaned_data["quantity"])
    except DomainError as exc:
        messages.error(request, f"{item.variant}: {exc.message}")
    return redirect("cart:cart")


@require_POST
def remove(request, item_id: int):
    item = or_404(selectors.cart_item, request_cart(request), item_id)
    services.remove_item(item=item)
    messages.info(request, f"{item.variant} dihapus dari keranjang.")
    return redirect("cart:cart")
