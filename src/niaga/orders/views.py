"""The buyer's orders: "Pesanan Saya" by tab, and one order with its timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from niaga.core.errors import DomainError
from niaga.core.pages import or_404

from . import panels, selectors, services, timeline
from .status import BUYER_TABS, Status

PER_PAGE = 20


@login_required
def my_orders(request):
    tab = request.GET.get("tab", "")
    tab = tab if tab in BUYER_TABS else ""
    page = Paginator(selectors.buyer_orders(request.user, tab or None), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/list.html",
        {
            "tabs": [("", "Semua")] + [(key, label) for key, (label, _) in BUYER_TABS.items()],
            "tab": tab,
            "page_obj": page,
            "orders": page.object_list,
        },
    )


@login_required
def detail(request, order_id: int):
    order = or_404(selectors.buyer_order, request.user, order_id)
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "events": timeline.of(order),  # newest first, with what outer apps add
            "awaiting_payment": order.status == Status.AWAITING_PAYMENT,
            "can_confirm": order.status in (Status.SHIPPED, Status.DELIVERED),
            "panels": panels.for_order(order, panels.BUYER),
        },
    )


@login_required
@require_POST
def confirm(request, order_id: int):
    """ "Pesanan Diterima": the buyer has the parcel."""
    order = or_404(selectors.buyer_order, request.user, order_id)
    try:
        services.buyer_confirm(order=order, buyer=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Terima kasih! Pesanan selesai dan dana diteruskan ke penjual.")
    return redirect("orders:detail", order_id=order_id)
