"""Panels: the complaint's on an order's pages (orders.panels, registered in AppConfig.ready()):
its status and a link, or, for the buyer, "Ajukan Komplain" while one may be opened; and the
panels other modules add to a complaint's own pages (the return or exchange leg: `register`)."""

from __future__ import annotations

from collections.abc import Callable

from niaga.orders.models import Order
from niaga.orders.panels import BUYER, Panel

from . import selectors, services
from .models import Complaint


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


# What a complaint's page shows besides its summary and thread, by role ("buyer", "seller",
# "operator"): e.g. the return's booking and tracking, from aftersales/returns.py.
ComplaintPanel = Callable[[Complaint, str], Panel | None]
_complaint_panels: list[ComplaintPanel] = []


def register(provider: ComplaintPanel) -> None:
    """Add a panel to every complaint page; `provider(complaint, role)` returns it or None."""
    if provider not in _complaint_panels:
        _complaint_panels.append(provider)


def for_complaint(complaint: Complaint, role: str) -> list[Panel]:
    return [panel for provider in _complaint_panels if (panel := provider(complaint, role)) is not None]
