"""Tanya Penjual: one conversation per buyer and store, its messages, and what each side has read.

A conversation is the pair (buyer, store), as on Tokopedia: asking about another product or an
order continues the same thread with a new card. Each side has a read marker (the last message
id it has seen) and an unread counter kept beside it, so the header's count is one cheap query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from niaga.catalog.models import Product
from niaga.core import clock
from niaga.orders.models import Order
from niaga.stores.models import Store

from .storage import private_storage


class Side(models.TextChoices):
    BUYER = "buyer", "Pembeli"
    SELLER = "seller", "Penjual"

    @property
    def other(self) -> Side:
        return Side.SELLER if self is Side.BUYER else Side.BUYER


class Conversation(models.Model):
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_conversations", verbose_name="pembeli"
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="chat_conversations", verbose_name="toko")
    created_at = models.DateTimeField("dimulai", default=clock.now)
    last_message_at = models.DateTimeField("pesan terakhir", null=True, blank=True)
    last_message_id = models.BigIntegerField("id pesan terakhir", default=0)
    last_preview = models.CharField("cuplikan", max_length=120, blank=True)  # masked: both sides may see it
    last_side = models.CharField("pengirim terakhir", max_length=6, choices=Side.choices, blank=True)
    # Read markers: the highest message id each side has seen; counters: what it has not.
    buyer_read_id = models.BigIntegerField("dibaca pembeli s.d.", default=0)
    seller_read_id = models.BigIntegerField("dibaca penjual s.d.", default=0)
    buyer_unread = models.PositiveIntegerField("belum dibaca pembeli", default=0)
    seller_unread = models.PositiveIntegerField("belum dibaca penjual", default=0)
    # At most one e-mail per side while the other side has not answered (reset when it writes).
    buyer_emailed = models.BooleanField("pembeli sudah diberi e-mail", default=False)
    seller_emailed = models.BooleanField("penjual sudah diberi e-mail", default=False)

    class Meta:
        verbose_name = "percakapan"
        verbose_name_plural = "percakapan"
        constraints = [models.UniqueConstraint(fields=["buyer", "store"], name="chat_one_thread_per_buyer_store")]
        indexes = [
            models.Index(fields=["buyer", "-last_message_at"], name="chat_conv_buyer_recent"),
            models.Index(fields=["store", "-last_message_at"], name="chat_conv_store_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.store}"

    def unread_for(self, side: Side) -> int:
        return self.buyer_unread if side == Side.BUYER else self.seller_unread

    def read_id_of(self, side: Side) -> int:
        return self.buyer_read_id if side == Side.BUYER else self.seller_read_id


def _image_path(message, filename: str) -> str:
    return f"chat/{message.conversation_id}/{filename}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name="percakapan"
    )
    side = models.CharField("pihak", max_length=6, choices=Side.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="pengirim"
    )
    body = models.TextField("isi asli", blank=True)  # as written: for the sender and operators
    shown_body = models.TextField("isi untuk penerima", blank=True)  # contact details masked
    flags = models.JSONField("tanda", default=list, blank=True)  # kinds found: phone, link, email, contact_app
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="kartu produk"
    )
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chat_messages",
        verbose_name="kartu pesanan",
    )
    image = models.ImageField("gambar", upload_to=_image_path, storage=private_storage, blank=True)
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField("dikirim", default=clock.now)

    class Meta:
        verbose_name = "pesan"
        verbose_name_plural = "pesan"
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "side", "created_at"], name="chat_msg_conv_side_time")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.side}: {self.shown_body[:40]}"

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def body_for(self, side: str) -> str:
        """The sender reads what they wrote; the other side the masked text."""
        return self.body if side == self.side else self.shown_body
