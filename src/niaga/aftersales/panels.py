"""The complaint's panel on an order's pages (orders.panels, registered in AppConfig.ready()):
its status and a link; or, for the buyer, "Ajukan Komplain" while one may be opened."""

from __future__ import annotations

from niaga.orders.models import Order
from niaga.orders.panels import BUYER, Panel

from . import selectors, services


def complaint_panel(order: Order, viewer: str) -> Panel | None:
    complaint = selectors.of_order(order.pk)
    if complaint is not None:
        url = services.buyer_url(complaint) if viewer == BUYER else services.seller_url(complaint)
        return Panel("aftersales/_order_panel.html", {"complaint": complaint, "url": url, "viewer": viewer})
    if viewer == BUYER:
        can = services.eligibility(order)
        if can.allowed:
            return Panel("aftersales/_order_panel.html", {"complaint": None, "order": order, "viewer": viewer})
    return None
