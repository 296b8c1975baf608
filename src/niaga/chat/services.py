"""Writes of the chat: starting a conversation, sending a message (with a product card, an order
card or a picture), and marking a conversation read.

Callers pass a conversation they fetched through the selectors for the person asking, so a
message can only be sent into one's own conversation. Every send runs in one transaction that
locks the conversation row: the unread counter and read markers never lose an update.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from niaga.catalog.models import Product
from niaga.core import clock
from niaga.core.errors import DomainError, NotFound
from niaga.core.ids import random_code
from niaga.core.images import cleaned, validate_image
from niaga.notifications.services import notify
from niaga.orders.models import Order
from niaga.stores.models import Store

from .models import Conversation, Message, Side
from .screening import screen

MAX_BODY = 1000
IMAGE_EDGE = 1600  # a phone screen's worth; the upload itself (EXIF, GPS, 4000 px) is never kept


@dataclass(frozen=True)
class Sent:
    message: Message
    flagged: bool  # contact details were masked for the other side


def start(*, buyer, store: Store) -> Conversation:
    """The buyer's conversation with `store`, made on first use (one per pair, even when two
    first messages race)."""
    if store.owner_id == buyer.pk:
        raise DomainError("Ini toko Anda sendiri.", code="own_store")
    if not store.is_active:
        raise NotFound("Toko tidak ditemukan.", code="store_not_found")
    existing = Conversation.objects.filter(buyer=buyer, store=store).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Conversation.objects.create(buyer=buyer, store=store)
    except IntegrityError:
        return Conversation.objects.get(buyer=buyer, store=store)


def _product(conversation: Conversation, product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    product = Product.objects.filter(pk=product_id, store_id=conversation.store_id, is_active=True).first()
    if product is None:
        raise NotFound(
            "Produk tidak ditemukan di toko ini.", code="product_not_found", fields={"product_id": "Tidak ditemukan."}
        )
    return product


def _order(conversation: Conversation, order_id: int | None) -> Order | None:
    """Only an order between these two: the buyer's own, from this store."""
    if order_id is None:
        return None
    order = Order.objects.filter(pk=order_id, buyer_id=conversation.buyer_id, store_id=conversation.store_id).first()
    if order is None:
        raise NotFound("Pesanan tidak ditemukan.", code="order_not_found", fields={"order_id": "Tidak ditemukan."})
    return order


def _preview(message: Message) -> str:
    if message.shown_body:
        return message.shown_body[:120]
    if message.image:
        return "[Gambar]"
    if message.order_id:
        return "[Pesanan]"
    return "[Produk]"


def thread_url(conversation: Conversation, side: Side) -> str:
    name = "chat:thread" if side == Side.BUYER else "chat:seller_thread"
    return reverse(name, args=[conversation.pk])


def send(
    *,
    conversation: Conversation,
    side: Side,
    sender,
    body: str = "",
    product_id: int | None = None,
    order_id: int | None = None,
    image: UploadedFile | None = None,
) -> Sent:
    """Post a message from `side` into `conversation` (fetched for `sender` by the selectors)."""
    side = Side(side)
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise DomainError(
            f"Pesan maks. {MAX_BODY} karakter.", code="message_too_long", fields={"body": f"Maks. {MAX_BODY} karakter."}
        )
    product = _product(conversation, product_id)
    order = _order(conversation, order_id)
    if image is not None:
        validate_image(image, field="image")
    if not body and product is None and order is None and image is None:
        raise DomainError("Tulis pesan terlebih dahulu.", code="empty_message", fields={"body": "Wajib diisi."})
    screened = screen(body)
    with transaction.atomic():
        conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
        message = Message(
            conversation=conv,
            side=side,
            sender=sender,
            body=body,
            shown_body=screened.shown,
            flags=screened.flags,
            product=product,
            order=order,
            created_at=clock.now(),
        )
        if image is not None:
            content, extension = cleaned(image, edge=IMAGE_EDGE)
            message.image_width, message.image_height = _size(content)
            message.image.save(f"{random_code(24).lower()}.{extension}", content, save=False)
        message.save()
        other = side.other
        updates = {
            "last_message_at": message.created_at,
            "last_message_id": message.pk,
            "last_preview": _preview(message),
            "last_side": side,
            # The sender has seen the thread they write in; the other side has one more to read.
            f"{side.value}_read_id": message.pk,
            f"{side.value}_unread": 0,
            f"{other.value}_unread": F(f"{other.value}_unread") + 1,
            # Whoever writes has answered: they may be e-mailed again about the next question.
            f"{side.value}_emailed": False,
        }
        first_unread = conv.unread_for(other) == 0
        email = not getattr(conv, f"{other.value}_emailed")
        if email:
            updates[f"{other.value}_emailed"] = True
        Conversation.objects.filter(pk=conv.pk).update(**updates)
        if first_unread or email:
            _tell(conv, message, other, email=email)
    conversation.refresh_from_db()
    return Sent(message=message, flagged=screened.flagged)


def _size(content) -> tuple[int, int]:
    from PIL import Image

    content.seek(0)
    with Image.open(content) as img:
        size = img.size
    content.seek(0)
    return size


def _tell(conversation: Conversation, message: Message, recipient_side: Side, *, email: bool) -> None:
    """One in-app notification when a run of unread messages starts, and at most one e-mail
    while the other side has not answered: a chatty buyer does not flood the seller's inbox."""
    preview = _preview(message)
    if recipient_side == Side.SELLER:
        user = conversation.store.owner
        title = f"Chat baru dari {conversation.buyer.get_short_name() or 'pembeli'}"
        step = "Balas di Toko Saya › Chat. Pembeli menilai toko dari kecepatan membalas."
    else:
        user = conversation.buyer
        title = f"Balasan dari {conversation.store.name}"
        step = "Buka Chat untuk membaca dan membalas."
    notify(
        user=user, title=title, body=preview, url=thread_url(conversation, recipient_side), email=email, next_step=step
    )


def mark_read(*, conversation: Conversation, side: Side, up_to: int | None = None) -> int:
    """`side` has read the conversation up to message `up_to` (default: all of it). Markers only
    move forward. Returns what is still unread for that side."""
    side = Side(side)
    with transaction.atomic():
        conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
        target = conv.last_message_id if up_to is None else min(up_to, conv.last_message_id)
        marker = max(conv.read_id_of(side), target)
        unread = Message.objects.filter(conversation=conv, side=side.other, pk__gt=marker).count()
        if marker != conv.read_id_of(side) or unread != conv.unread_for(side):
            Conversation.objects.filter(pk=conv.pk).update(
                **{f"{side.value}_read_id": marker, f"{side.value}_unread": unread}
            )
    conversation.refresh_from_db()
    return unread
