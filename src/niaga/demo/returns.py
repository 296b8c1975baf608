"""A demo return, so the way back can be tried on a fresh `make run`: the demo buyer's
delivered order from Toko Buku Ilmu with a damaged book, the return accepted by the seller —
the buyer books the courier (the courier simulator is up by then), prints the label and
follows it; the seller confirms what arrived."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from niaga.aftersales import returns
from niaga.aftersales import services as complaints
from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Reason, Resolution
from niaga.demo.aftersales import _delivered_order, _photo
from niaga.stores.models import Store


def load(*, buyer_email: str, store_slug: str) -> int:
    """Once: one return of the demo buyer waiting to be sent back. Returns how many were made."""
    buyer = get_user_model().objects.filter(email=buyer_email).first()
    store = Store.objects.filter(slug=store_slug).first()
    if buyer is None or store is None or not buyer.addresses.exists():
        return 0
    if Complaint.objects.filter(buyer=buyer, status__in=returns.RETURN_STATUSES).exists():
        return 0
    in_stock = store.products.filter(is_active=True, variants__stock__on_hand__gte=F("variants__stock__reserved") + 5)
    product = in_stock.order_by("-pk").first()
    if product is None:
        return 0
    with transaction.atomic():
        order = _delivered_order(buyer, store, product, 1)
        complaint = complaints.open_complaint(
            buyer=buyer,
            order=order,
            lines=[complaints.LineRequest(order_line_id=order.lines.get().pk, quantity=1)],
            reason=Reason.DAMAGED,
            description="Buku basah terkena air di bagian bawah, halamannya bergelombang.",
            resolution=Resolution.RETURN_REFUND,
            photos=[_photo("Halaman basah")],
        )
        complaints.seller_accept(complaint=complaint, seller=store.owner, note="Silakan kirim balik, ongkir dari kami.")
    return 1
