"""Tanya Penjual in the demo: the demo buyer asked Toko Buku Ilmu about a book, with its product
card, and the seller answered five minutes later (so the store shows a response time)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from niaga.chat import services
from niaga.chat.models import Conversation, Side
from niaga.core import clock
from niaga.demo import data as demo_data
from niaga.stores.models import Store

BUYER_EMAIL = "pembeli@niaga.local"


def question_answered() -> Conversation | None:
    """Once: a later run finds the conversation and leaves it as it is."""
    buyer = get_user_model().objects.filter(email=BUYER_EMAIL).first()
    store = Store.objects.filter(slug=demo_data.STORES[0]["slug"]).select_related("owner").first()
    if buyer is None or store is None:
        return None
    if Conversation.objects.filter(buyer=buyer, store=store).exists():
        return None
    product = store.products.filter(is_active=True).order_by("pk").first()
    conversation = services.start(buyer=buyer, store=store)
    with clock.travel(-dt.timedelta(minutes=30)):
        asked = services.send(
            conversation=conversation,
            side=Side.BUYER,
            sender=buyer,
            body="Halo kak, bukunya masih ada? Kalau pesan hari ini bisa dikirim hari ini juga?",
            product_id=product.pk if product else None,
        )
    with clock.travel(asked.message.created_at + dt.timedelta(minutes=5) - clock.now()):
        services.send(
            conversation=conversation,
            side=Side.SELLER,
            sender=store.owner,
            body="Halo kak, stok masih ada. Pesanan yang dibayar sebelum jam 15.00 WIB kami kirim hari itu juga. "
            "Silakan checkout lewat Niaga ya.",
        )
    return conversation
