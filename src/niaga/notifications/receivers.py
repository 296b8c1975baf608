"""Tell the buyer and the seller when an order moves."""

from django.dispatch import receiver
from django.urls import reverse

from niaga.core.money import rupiah
from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status

from .services import notify

# (title for the buyer, title for the seller); None: that side is not told.
MESSAGES = {
    Status.AWAITING_PAYMENT: ("Menunggu pembayaran", "Pesanan baru masuk (Menunggu Pembayaran)"),
    Status.TO_PACK: ("Pembayaran diterima", "Pesanan dibayar — Perlu Dikemas"),
    Status.READY_TO_SHIP: ("Pesanan siap dikirim", None),
    Status.SHIPPED: ("Pesanan dikirim", None),
    Status.DELIVERED: ("Pesanan sampai", "Pesanan sampai di pembeli"),
    Status.COMPLETED: ("Pesanan selesai", "Pesanan selesai"),
    Status.CANCELLED: ("Pesanan dibatalkan", "Pesanan dibatalkan"),
    Status.COMPLAINT: (None, "Pesanan dikomplain"),
    Status.RETURNED: ("Pesanan dikembalikan", "Pesanan dikembalikan"),
}


@receiver(order_status_changed)
def tell_buyer_and_seller(sender, order, event, **kwargs):
    buyer_title, seller_title = MESSAGES.get(event.to_status, (None, None))
    if event.from_status == event.to_status:  # changed in place, e.g. units cancelled after a short pick
        buyer_title, seller_title = "Pesanan diubah", None
    body = f"{order.number} · {rupiah(order.total)} · {Status(event.to_status).label}"
    if event.reason:
        body += f" — {event.reason}"
    # A new order only tells the buyer by its payment page; the seller does want to know.
    if buyer_title and event.to_status != Status.AWAITING_PAYMENT:
        notify(user=order.buyer, title=buyer_title, body=body, url=reverse("orders:detail", args=[order.pk]))
    if seller_title:
        notify(user=order.store.owner, title=seller_title, body=body, url=reverse("seller:order", args=[order.pk]))
