"""The buyer's orders: "Pesanan Saya" by tab, and one order with its timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from niaga.core.pages import or_404

from . import selectors
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
            "events": list(order.events.all())[::-1],  # newest first
            "awaiting_payment": order.status == Status.AWAITING_PAYMENT,
        },
    )
