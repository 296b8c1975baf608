"""The buyer's side of a parcel on the order page: "Perbarui lacak"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from niaga.core.errors import DomainError
from niaga.core.pages import or_404
from niaga.orders import selectors as orders

from . import services


@login_required
@require_POST
def refresh_tracking(request, order_id: int):
    """ "Perbarui lacak": the buyer asks the courier for fresh tracking (rate-limited per order)."""
    order = or_404(orders.buyer_order, request.user, order_id)
    try:
        new = services.refresh_for_buyer(order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Lacak diperbarui: {new} kabar baru dari kurir."
            if new
            else "Lacak diperbarui; belum ada kabar baru dari kurir.",
        )
    return redirect("orders:detail", order_id=order.pk)
