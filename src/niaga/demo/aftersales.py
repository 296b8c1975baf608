"""Demo complaints, so the Pusat Resolusi pages have something in them on a fresh `make run`:
the demo buyer's delivered order from Toko Buku Ilmu awaiting the seller's answer, and one
the seller rejected and the buyer took to Niaga (in the operator's mediation queue)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from PIL import Image, ImageDraw

from niaga.aftersales import services as complaints
from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Reason, Resolution
from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.stores.models import Store


def _photo(text: str) -> SimpleUploadedFile:
    img = Image.new("RGB", (800, 600), (235, 232, 225))
    draw = ImageDraw.Draw(img)
    draw.rectangle((120, 140, 680, 460), outline=(120, 90, 60), width=12)
    draw.line((150, 170, 650, 430), fill=(200, 40, 40), width=10)
    draw.text((140, 490), text, fill=(60, 60, 60))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return SimpleUploadedFile("bukti.jpg", buf.getvalue(), content_type="image/jpeg")


def _delivered_order(buyer, store, product, quantity: int):
    """A paid order handed over with the seller's own AWB and delivered, as the flow makes it."""
    variant = product.variants.get()
    address = buyer.addresses.first()
    draft = orders.OrderDraft(
        store_id=store.pk,
        store_code="TBI",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=12_000,
        lines=[orders.LineDraft(variant.pk, product.name, "", product.price, quantity, product.weight_grams)],
    )
    group = orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={"recipient_name": address.recipient_name, "phone": address.phone, "street": address.street},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=24),
    ).group
    money.record_payment(group=group, gateway_order_id=f"{group.code}-demo", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran terverifikasi (demo)")
    order = group.orders.get()
    orders.seller_pack(order=order, seller=store.owner)
    order = orders.seller_ship(order=order, seller=store.owner, awb=f"JNE{order.pk:010d}")
    return orders.transition(order=order, to_status=Status.DELIVERED, role=Actor.COURIER, reason="Diterima (demo)")


def load(*, buyer_email: str, store_slug: str) -> int:
    """Once: two complaints of the demo buyer against the demo store. Returns how many were made."""
    buyer = get_user_model().objects.filter(email=buyer_email).first()
    store = Store.objects.filter(slug=store_slug).first()
    if buyer is None or store is None or Complaint.objects.filter(buyer=buyer).exists():
        return 0
    in_stock = store.products.filter(is_active=True, variants__stock__on_hand__gte=F("variants__stock__reserved") + 5)
    products = list(in_stock.order_by("pk")[:2])
    if len(products) < 2 or not buyer.addresses.exists():
        return 0
    with transaction.atomic():
        first = _delivered_order(buyer, store, products[0], 2)
        complaints.open_complaint(
            buyer=buyer,
            order=first,
            lines=[complaints.LineRequest(order_line_id=first.lines.get().pk, quantity=1)],
            reason=Reason.DAMAGED,
            description="Sampul buku robek dan halaman 40-60 terlipat. Foto terlampir.",
            resolution=Resolution.REFUND_ONLY,
            photos=[_photo("Sampul robek")],
        )
        second = _delivered_order(buyer, store, products[1], 1)
        disputed = complaints.open_complaint(
            buyer=buyer,
            order=second,
            lines=[complaints.LineRequest(order_line_id=second.lines.get().pk, quantity=1)],
            reason=Reason.WRONG_ITEM,
            description="Yang datang edisi lama, padahal di halaman produk tertulis edisi terbaru.",
            resolution=Resolution.REFUND_ONLY,
            photos=[_photo("Edisi lama")],
        )
        complaints.seller_reject(
            complaint=disputed, seller=store.owner, reason="Kami mengirim sesuai foto di halaman produk."
        )
        complaints.escalate(complaint=disputed, actor=buyer, reason="Deskripsi produk jelas menyebut edisi terbaru.")
    return 2
