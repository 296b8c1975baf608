"""The invoice link on the buyer's order page (orders.panels)."""

from niaga.orders.models import Order
from niaga.orders.panels import BUYER, Panel


def invoice_panel(order: Order, viewer: str) -> Panel | None:
    if viewer != BUYER or order.paid_at is None:
        return None
    return Panel("tax/_invoice_panel.html", {"order": order})
