"""Reads of the chat, always scoped to who asks: a buyer sees their own conversations, a seller
their store's. Anyone else's conversation, message or picture is simply not found (404)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When

from niaga.core.errors import NotFound
from niaga.orders.models import Order
from niaga.stores.models import Store

from .models import Conversation, Message, Side


@dataclass(frozen=True)
class ResponseFigures:
    """How a store answers its buyers, for its reputation ("Chat dibalas ≈ 5 menit").

    asked: questions, i.e. buyer messages that found no unanswered buyer message before them in
    their conversation (follow-ups to a pending question are part of it); answered: those the
    seller answered; median_seconds: from a question's first message to the seller's next one.
    """

    asked: int
    answered: int
    median_seconds: int | None

    @property
    def rate(self) -> float | None:
        """Share of questions answered (0..1); None when nobody asked."""
        return self.answered / self.asked if self.asked else None


def response_figures(store_id: int, since: dt.datetime) -> ResponseFigures:
    """Questions asked to the store from `since` on, and how fast they were answered.

    Walks each conversation's messages from `since` in the order they were sent: a buyer
    message with no question pending opens one; the seller's next message answers it (its
    wait is the time between the two); a seller message with nothing pending answers nothing.
    A question still pending counts as asked, not answered. The median of an even number of
    waits is the mean of the middle two, rounded down to a whole second.
    """
    rows = (
        Message.objects.filter(conversation__store_id=store_id, created_at__gte=since)
        .order_by("conversation_id", "created_at", "pk")
        .values_list("conversation_id", "side", "created_at")
    )
    asked = 0
    waits: list[float] = []
    current: int | None = None
    pending: dt.datetime | None = None
    for conversation_id, side, created_at in rows.iterator(chunk_size=2000):
        if conversation_id != current:
            current, pending = conversation_id, None
        if side == Side.BUYER:
            if pending is None:
                pending = created_at
                asked += 1
        elif pending is not None:
            waits.append((created_at - pending).total_seconds())
            pending = None
    median = int(statistics.median(waits)) if waits else None
    return ResponseFigures(asked=asked, answered=len(waits), median_seconds=median)


PAGE = 50  # messages a thread page opens with (the newest)


def buyer_conversations(user):
    """The buyer's "Chat" list, newest first (a conversation with no message yet is not listed)."""
    return (
        Conversation.objects.filter(buyer=user, last_message_at__isnull=False)
        .select_related("store")
        .order_by("-last_message_at", "-pk")
    )


def store_conversations(store, *, unread_only: bool = False):
    """The seller's inbox: conversations with unread messages first, then the newest."""
    qs = Conversation.objects.filter(store=store, last_message_at__isnull=False).select_related("buyer")
    if unread_only:
        qs = qs.filter(seller_unread__gt=0)
    waiting = Case(When(seller_unread__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField())
    return qs.annotate(waiting=waiting).order_by("-waiting", "-last_message_at", "-pk")


def buyer_conversation(user, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(buyer=user, pk=conversation_id).select_related("store", "buyer").first()
    if conversation is None:
        raise NotFound("Percakapan tidak ditemukan.", code="conversation_not_found")
    return conversation


def store_conversation(store, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(store=store, pk=conversation_id).select_related("store", "buyer").first()
    if conversation is None:
        raise NotFound("Percakapan tidak ditemukan.", code="conversation_not_found")
    return conversation


def conversation_between(user, store) -> Conversation | None:
    """The buyer's existing conversation with `store`, if they have written before."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Conversation.objects.filter(buyer=user, store=store).select_related("store", "buyer").first()


def chat_store(slug: str) -> Store:
    store = Store.objects.filter(slug=slug, is_active=True).select_related("owner").first()
    if store is None:
        raise NotFound("Toko tidak ditemukan.", code="store_not_found")
    return store


def chat_store_by_id(store_id: int) -> Store:
    store = Store.objects.filter(pk=store_id, is_active=True).select_related("owner").first()
    if store is None:
        raise NotFound("Toko tidak ditemukan.", code="store_not_found")
    return store


def store_order_for_chat(store, order_id: int) -> Order:
    order = Order.objects.filter(store=store, pk=order_id).select_related("buyer").first()
    if order is None:
        raise NotFound("Pesanan tidak ditemukan.", code="order_not_found")
    return order


def _with_cards(qs):
    return qs.select_related("product__store", "order").prefetch_related("product__images")


def latest_messages(conversation: Conversation, *, before: int | None = None, limit: int = PAGE) -> list[Message]:
    """The newest `limit` messages (older than `before`), oldest first as a thread reads."""
    qs = Message.objects.filter(conversation=conversation)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    return list(reversed(_with_cards(qs.order_by("-pk"))[:limit]))


def messages_after(conversation: Conversation, after: int, *, limit: int = 200) -> list[Message]:
    """What a poll brings: only messages newer than the last one the page shows."""
    return list(_with_cards(Message.objects.filter(conversation=conversation, pk__gt=after).order_by("pk"))[:limit])


def message_with_image(user, message_id: int) -> Message:
    """A picture of one of the user's own conversations (as the buyer or the store's owner)."""
    message = (
        Message.objects.filter(pk=message_id)
        .filter(Q(conversation__buyer=user) | Q(conversation__store__owner=user))
        .exclude(image="")
        .first()
    )
    if message is None:
        raise NotFound("Lampiran tidak ditemukan.", code="attachment_not_found")
    return message


@dataclass(frozen=True)
class Unread:
    as_buyer: int
    as_seller: int

    @property
    def total(self) -> int:
        return self.as_buyer + self.as_seller


def unread_counts(user) -> Unread:
    """Unread chat messages of the user as a buyer and as a store's owner, in one query."""
    if not getattr(user, "is_authenticated", False):
        return Unread(0, 0)
    figures = Conversation.objects.filter(
        Q(buyer=user, buyer_unread__gt=0) | Q(store__owner=user, seller_unread__gt=0)
    ).aggregate(
        buyer=Sum(Case(When(buyer=user, then=F("buyer_unread")), default=Value(0))),
        seller=Sum(Case(When(store__owner=user, then=F("seller_unread")), default=Value(0))),
    )
    return Unread(figures["buyer"] or 0, figures["seller"] or 0)


def unread_total(user) -> int:
    """The header's badge: one cheap query, only when a page prints it."""
    return unread_counts(user).total


def order_messages(order) -> list[Message]:
    """The messages that carry `order`'s card: the chat kept with the order's record. The order
    was fetched for its buyer or its store, and its messages are in their one conversation."""
    return list(Message.objects.filter(order=order).select_related("conversation").order_by("pk"))
