"""Tanya Penjual over the API: the buyer's conversations under /chat/conversations, the seller's
under /chat/seller/conversations. Each conversation is fetched for the caller (a buyer's own,
or their store's); anyone else's is a 404. Sending is rate-limited per account (429)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from niaga.core.schemas import ERRORS, Error, Input
from niaga.stores import selectors as stores

from . import limits, selectors, services
from .models import Conversation, Message, Side
from .screening import WARNING

router = Router(tags=["chat"])
SEND_ERRORS = {**ERRORS, 429: Error}


class StoreRef(Schema):
    id: int
    name: str
    slug: str


class ConversationOut(Schema):
    id: int
    store: StoreRef
    buyer_name: str
    unread: int = Field(description="messages of the other side the caller has not read")
    other_read_id: int = Field(description="the last of the caller's messages the other side has read up to")
    last_message_at: dt.datetime | None
    last_preview: str = Field(description="the last message, contact details masked")
    last_side: str

    @classmethod
    def of(cls, conversation: Conversation, side: Side) -> ConversationOut:
        store = conversation.store
        return cls(
            id=conversation.pk,
            store=StoreRef(id=store.pk, name=store.name, slug=store.slug),
            buyer_name=conversation.buyer.get_short_name(),
            unread=conversation.unread_for(side),
            other_read_id=conversation.read_id_of(side.other),
            last_message_at=conversation.last_message_at,
            last_preview=conversation.last_preview,
            last_side=conversation.last_side,
        )


class ChatProductCard(Schema):
    id: int
    name: str
    price: int
    url: str


class OrderCard(Schema):
    id: int
    number: str
    status: str
    status_label: str
    total: int


class ChatMessageOut(Schema):
    id: int
    conversation_id: int
    side: str = Field(description="buyer or seller: who wrote it")
    mine: bool
    body: str = Field(description="for the sender as written; for the other side with contact details masked")
    flags: list[str] = Field(description="contact details found: phone, link, email, contact_app")
    warning: str | None
    product: ChatProductCard | None
    order: OrderCard | None
    image_url: str | None = Field(description="the picture, for this conversation's two sides only")
    read: bool = Field(description="the other side has read it (the caller's own messages)")
    created_at: dt.datetime

    @classmethod
    def of(cls, request, message: Message, side: Side, other_read_id: int) -> ChatMessageOut:
        product, order = message.product, message.order
        return cls(
            id=message.pk,
            conversation_id=message.conversation_id,
            side=message.side,
            mine=message.side == side,
            body=message.body_for(side),
            flags=message.flags,
            warning=WARNING if message.flags else None,
            product=ChatProductCard(
                id=product.pk,
                name=product.name,
                price=product.price,
                url=request.build_absolute_uri(product.get_absolute_url()),
            )
            if product
            else None,
            order=OrderCard(
                id=order.pk,
                number=order.number,
                status=order.status,
                status_label=order.status_label,
                total=order.total,
            )
            if order
            else None,
            image_url=request.build_absolute_uri(reverse("api:chat_image", args=[message.pk]))
            if message.image
            else None,
            read=message.side == side and message.pk <= other_read_id,
            created_at=message.created_at,
        )


class StartIn(Input):
    store_id: int


class ChatMessageIn(Input):
    body: str = Field(default="", max_length=services.MAX_BODY)
    product_id: int | None = None
    order_id: int | None = None


class ReadIn(Input):
    up_to: int | None = Field(default=None, description="the last message read; all of them when left out")


class ReadOut(Schema):
    unread: int


class UnreadOut(Schema):
    total: int
    as_buyer: int
    as_seller: int


def _conversation(request, side: Side, conversation_id: int) -> Conversation:
    if side == Side.BUYER:
        return selectors.buyer_conversation(request.user, conversation_id)
    return selectors.store_conversation(stores.my_store(request.user), conversation_id)


def _messages(
    request, conversation: Conversation, side: Side, after: int | None, before: int | None
) -> list[ChatMessageOut]:
    if after is not None:
        found = selectors.messages_after(conversation, after)
    else:
        found = selectors.latest_messages(conversation, before=before)
    if found:  # what is shown is read (markers only move forward)
        services.mark_read(conversation=conversation, side=side, up_to=found[-1].pk)
    other = conversation.read_id_of(side.other)
    return [ChatMessageOut.of(request, m, side, other) for m in found]


def _send(request, side: Side, conversation: Conversation, data: ChatMessageIn, image=None) -> Status:
    limits.check_send(request, request.user)
    sent = services.send(
        conversation=conversation,
        side=side,
        sender=request.user,
        body=data.body,
        product_id=data.product_id,
        order_id=data.order_id,
        image=image,
    )
    return Status(201, ChatMessageOut.of(request, sent.message, side, conversation.read_id_of(side.other)))


# --- buyer --------------------------------------------------------------------------------


@router.get("/chat/conversations", response=list[ConversationOut])
def buyer_conversations(request):
    """The buyer's conversations with stores, newest first."""
    return [ConversationOut.of(c, Side.BUYER) for c in selectors.buyer_conversations(request.user)[:100]]


@router.post("/chat/conversations", response={200: ConversationOut, **ERRORS})
def start_conversation(request, data: StartIn):
    """The buyer's conversation with a store ("Chat Penjual"): the existing one, or a new one."""
    store = selectors.chat_store_by_id(data.store_id)
    return ConversationOut.of(services.start(buyer=request.user, store=store), Side.BUYER)


@router.get("/chat/conversations/{conversation_id}", response={200: ConversationOut, **ERRORS})
def buyer_conversation(request, conversation_id: int):
    return ConversationOut.of(_conversation(request, Side.BUYER, conversation_id), Side.BUYER)


@router.get("/chat/conversations/{conversation_id}/messages", response={200: list[ChatMessageOut], **ERRORS})
def buyer_messages(request, conversation_id: int, after: int | None = None, before: int | None = None):
    """The newest 50 messages; with `after` only those newer than that id (polling); with
    `before` the 50 before that id (scrolling back). The newest ones returned count as read."""
    return _messages(request, _conversation(request, Side.BUYER, conversation_id), Side.BUYER, after, before)


@router.post("/chat/conversations/{conversation_id}/messages", response={201: ChatMessageOut, **SEND_ERRORS})
def buyer_send(request, conversation_id: int, data: ChatMessageIn):
    """Send text, a product card (this store's) or an order card (the buyer's own from this store)."""
    return _send(request, Side.BUYER, _conversation(request, Side.BUYER, conversation_id), data)


@router.post("/chat/conversations/{conversation_id}/images", response={201: ChatMessageOut, **SEND_ERRORS})
def buyer_send_image(request, conversation_id: int, image: File[UploadedFile], body: Form[str] = ""):
    """Send a picture (JPG, PNG, WEBP or GIF up to 5 MB; its metadata is removed)."""
    conversation = _conversation(request, Side.BUYER, conversation_id)
    return _send(request, Side.BUYER, conversation, ChatMessageIn(body=body), image)


@router.post("/chat/conversations/{conversation_id}/read", response={200: ReadOut, **ERRORS})
def buyer_read(request, conversation_id: int, data: ReadIn):
    conversation = _conversation(request, Side.BUYER, conversation_id)
    return ReadOut(unread=services.mark_read(conversation=conversation, side=Side.BUYER, up_to=data.up_to))


# --- seller -------------------------------------------------------------------------------


@router.get("/chat/seller/conversations", response={200: list[ConversationOut], **ERRORS})
def seller_conversations(request, unread_only: bool = False):
    """The store's conversations, unread first, then the newest."""
    store = stores.my_store(request.user)
    return [
        ConversationOut.of(c, Side.SELLER)
        for c in selectors.store_conversations(store, unread_only=unread_only).select_related("store")[:200]
    ]


@router.get("/chat/seller/conversations/{conversation_id}", response={200: ConversationOut, **ERRORS})
def seller_conversation(request, conversation_id: int):
    return ConversationOut.of(_conversation(request, Side.SELLER, conversation_id), Side.SELLER)


@router.get("/chat/seller/conversations/{conversation_id}/messages", response={200: list[ChatMessageOut], **ERRORS})
def seller_messages(request, conversation_id: int, after: int | None = None, before: int | None = None):
    """As the buyer's: the newest 50, `after` an id (polling) or `before` an id (older)."""
    return _messages(request, _conversation(request, Side.SELLER, conversation_id), Side.SELLER, after, before)


@router.post("/chat/seller/conversations/{conversation_id}/messages", response={201: ChatMessageOut, **SEND_ERRORS})
def seller_send(request, conversation_id: int, data: ChatMessageIn):
    """Answer: text, a product card of the store, or an order card of this buyer's order."""
    return _send(request, Side.SELLER, _conversation(request, Side.SELLER, conversation_id), data)


@router.post("/chat/seller/conversations/{conversation_id}/images", response={201: ChatMessageOut, **SEND_ERRORS})
def seller_send_image(request, conversation_id: int, image: File[UploadedFile], body: Form[str] = ""):
    conversation = _conversation(request, Side.SELLER, conversation_id)
    return _send(request, Side.SELLER, conversation, ChatMessageIn(body=body), image)


@router.post("/chat/seller/conversations/{conversation_id}/read", response={200: ReadOut, **ERRORS})
def seller_read(request, conversation_id: int, data: ReadIn):
    conversation = _conversation(request, Side.SELLER, conversation_id)
    return ReadOut(unread=services.mark_read(conversation=conversation, side=Side.SELLER, up_to=data.up_to))


# --- both ---------------------------------------------------------------------------------


@router.get("/chat/unread", response=UnreadOut)
def unread(request):
    """Unread chat messages, as a buyer and as a seller (the header's badge)."""
    figures = selectors.unread_counts(request.user)
    return UnreadOut(total=figures.total, as_buyer=figures.as_buyer, as_seller=figures.as_seller)


@router.get(
    "/chat/messages/{message_id}/image",
    url_name="chat_image",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The picture (JPEG, PNG or WebP, as it was sent; metadata removed).",
                "content": {
                    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                    "image/png": {"schema": {"type": "string", "format": "binary"}},
                    "image/webp": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def image(request, message_id: int):
    """A chat picture, to the conversation's buyer and store only."""
    message = selectors.message_with_image(request.user, message_id)
    response = FileResponse(message.image.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response
