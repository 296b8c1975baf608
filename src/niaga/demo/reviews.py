"""Demo reviews: a few buyers bought some demo products days ago (paid, shipped, received,
through the real services and the ledger) and reviewed them, some with photos, one with the
seller's reply; and the demo buyer has a completed order waiting for their own review."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from niaga.accounts.services import mark_email_verified
from niaga.catalog.models import Product
from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.reviews import services as reviews
from niaga.reviews.models import Review

PASSWORD = "belanja123"
ADDRESS = {"recipient_name": "", "phone": "081298765432", "street": "Jl. Kaliurang Km 5 No. 21", "postal_code": "55281"}

# (reviewer's name, product, stars, text, photos, anonymous, seller's reply, days ago)
REVIEWS = [
    (
        "Rina Kartika",
        "Kabel Data Type-C 1 Meter Braided",
        5,
        "Kabelnya tebal dan kuat, ngecas cepat. Pengiriman kilat, dibungkus bubble wrap.",
        2,
        False,
        "Terima kasih, Kak Rina! Ditunggu order berikutnya.",
        9,
    ),
    (
        "Agus Prasetyo",
        "Kabel Data Type-C 1 Meter Braided",
        4,
        "Sesuai deskripsi, cuma panjangnya pas-pasan buat di kasur.",
        0,
        False,
        "",
        7,
    ),
    (
        "Dewi Lestari",
        "Kabel Data Type-C 1 Meter Braided",
        5,
        "Sudah seminggu dipakai, aman. Recommended seller.",
        1,
        True,
        "",
        4,
    ),
    (
        "Rina Kartika",
        "Keripik Singkong Balado 250 g",
        5,
        "Pedasnya nendang, renyah, masih fresh. Anak-anak suka.",
        1,
        False,
        "",
        6,
    ),
    (
        "Bayu Nugroho",
        "Keripik Singkong Balado 250 g",
        3,
        "Rasanya enak tapi beberapa keripik hancur di jalan.",
        1,
        False,
        "Mohon maaf, Kak. Kami tambah pelindung kardus mulai minggu ini.",
        5,
    ),
    (
        "Agus Prasetyo",
        "Pulpen Gel Standard AE7 Hitam (1 lusin)",
        5,
        "Tintanya lancar, tidak blobor. Harga grosir mantap.",
        0,
        False,
        "",
        3,
    ),
    (
        "Dewi Lestari",
        "Tempered Glass Anti Gores Full Cover",
        2,
        "Ukurannya kurang pas di HP saya, ujungnya tidak menempel.",
        1,
        False,
        "",
        2,
    ),
]
WAITING_FOR_THE_DEMO_BUYER = "Buku Tulis Sidu 58 Lembar (isi 10)"


def _photo(text: str, seed: int) -> SimpleUploadedFile:
    """A buyer's snapshot, drawn: a table top, the parcel, a caption."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (900, 900), (rnd.randint(170, 220), rnd.randint(150, 200), rnd.randint(120, 170)))
    draw = ImageDraw.Draw(img)
    draw.rectangle((180, 240, 720, 660), fill=(rnd.randint(60, 200), rnd.randint(60, 200), rnd.randint(60, 200)))
    font = ImageFont.load_default(size=40)
    draw.text((200, 690), text[:28], fill="white", font=font, stroke_width=2, stroke_fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return SimpleUploadedFile(f"ulasan-{seed}.jpg", buf.getvalue(), content_type="image/jpeg")


def _buyer(name: str):
    User = get_user_model()
    email = f"{name.split()[0].lower()}@niaga.local"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, phone="+6281200000000")
        mark_email_verified(user)
    return user


def _completed_order(buyer, product: Product):
    variant = product.variants.order_by("pk")[0]
    draft = orders.OrderDraft(
        store_id=product.store_id,
        store_code="DMO",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=12000,
        lines=[orders.LineDraft(variant.pk, product.name, variant.name, variant.unit_price, 1, product.weight_grams)],
    )
    group = orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={**ADDRESS, "recipient_name": buyer.full_name},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=24),
    ).group
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran BCA VA terverifikasi")
    order = group.orders.get()
    order = orders.transition(order=order, to_status=Status.READY_TO_SHIP, role=Actor.SELLER, reason="Pesanan dikemas")
    order = orders.transition(order=order, to_status=Status.SHIPPED, role=Actor.SELLER, reason="Dikirim dengan JNE")
    return orders.buyer_confirm(order=order, buyer=buyer)


@transaction.atomic
def load_reviews() -> None:
    """Once: the orders and reviews above, each as it happened some days ago."""
    names = {name for _, name, *_ in REVIEWS} | {WAITING_FOR_THE_DEMO_BUYER}
    products = {p.name: p for p in Product.objects.filter(name__in=names).select_related("store__owner")}
    if len(products) < len(names) or Review.objects.filter(product__in=products.values()).exists():
        return  # not the demo catalogue, or loaded already
    for seed, (name, product_name, stars, text, photos, anonymous, reply, days_ago) in enumerate(REVIEWS):
        product = products[product_name]
        with clock.travel(-dt.timedelta(days=days_ago, hours=seed)):
            buyer = _buyer(name)
            order = _completed_order(buyer, product)
        with clock.travel(-dt.timedelta(days=days_ago - 1, hours=seed)):
            review = reviews.write_review(
                buyer=buyer,
                line_id=order.lines.get().pk,
                rating=stars,
                text=text,
                anonymous=anonymous,
                photos=[_photo(product_name, seed * 10 + n) for n in range(photos)],
            )
            if reply:
                reviews.reply(store=product.store, seller=product.store.owner, review_id=review.pk, text=reply)
    demo_buyer = get_user_model().objects.filter(email="pembeli@niaga.local").first()
    if demo_buyer is not None:
        with clock.travel(-dt.timedelta(days=2)):
            _completed_order(demo_buyer, products[WAITING_FOR_THE_DEMO_BUYER])
