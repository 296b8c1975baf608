"""Tanya Penjual pages: the buyer's "Chat" list and threads, the seller's inbox, and the small
answers the thread page polls for (only messages newer than the last it shows).

Views parse, call a service or a selector scoped to the signed-in user, and render. A
conversation, message or picture of anyone else is a 404.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from niaga.catalog.models import Product
from niaga.core.errors import DomainError, NotFound
from niaga.core.pages import or_404, parse_int
from niaga.orders.models import Order
from niaga.stores.decorators import store_required

from . import limits, selectors, services
from .forms import MessageForm
from .models import Conversation, Side
from .screening import WARNING

POLL_SECONDS = 4


# --- buyer --------------------------------------------------------------------------------


@login_required
def inbox(request):
    return render(request, "chat/inbox.html", {"conversations": selectors.buyer_conversations(request.user)[:100]})


@login_required
def start(request, store_slug: str):
    """ "Chat Penjual" from a product or an order page: continue the thread with this store, or
    open a new one on the first message (no empty conversations)."""
    store = or_404(selectors.chat_store, store_slug)
    if store.owner_id == request.user.pk:
        flash.info(request, "Ini toko Anda sendiri. Pertanyaan pembeli ada di Toko Saya › Chat.")
        return redirect("chat:seller_inbox")
    existing = selectors.conversation_between(request.user, store)
    if existing is not None and request.method == "POST":  # written from another tab meanwhile
        return _post(request, existing, Side.BUYER)
    if existing is not None:
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse("chat:thread", args=[existing.pk]) + (f"?{query}" if query else ""))
    draft = Conversation(buyer=request.user, store=store)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        headers: dict[str, str] = {}
        if form.checked():
            try:
                limits.check_send(request, request.user)
                conversation = services.start(buyer=request.user, store=store)
                sent = _send(form, conversation, Side.BUYER, request.user)
            except DomainError as exc:
                form.refuse(exc)
                headers = exc.headers
            else:
                _warn_if_flagged(request, sent)
                return redirect("chat:thread", conversation_id=conversation.pk)
        page = _thread_page(request, draft, Side.BUYER, form=form, status=form.status)
        for name, value in headers.items():
            page[name] = value
        return page
    return _thread_page(request, draft, Side.BUYER)


@login_required
def thread(request, conversation_id: int):
    conversation = or_404(selectors.buyer_conversation, request.user, conversation_id)
    return _thread_page(request, conversation, Side.BUYER)


@login_required
@require_POST
def send(request, conversation_id: int):
    conversation = or_404(selectors.buyer_conversation, request.user, conversation_id)
    return _post(request, conversation, Side.BUYER)


@login_required
@require_GET
@never_cache
def poll(request, conversation_id: int):
    conversation = or_404(selectors.buyer_conversation, request.user, conversation_id)
    return _new_messages(request, conversation, Side.BUYER)


@login_required
@require_GET
def attachment(request, message_id: int):
    """A chat picture, to its two sides only (the files are kept outside the public media)."""
    message = or_404(selectors.message_with_image, request.user, message_id)
    response = FileResponse(message.image.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- seller -------------------------------------------------------------------------------


@store_required
def seller_inbox(request, store):
    unread_only = request.GET.get("filter") == "belum-dibaca"
    return render(
        request,
        "chat/seller_inbox.html",
        {
            "store": store,
            "conversations": selectors.store_conversations(store, unread_only=unread_only)[:200],
            "unread_only": unread_only,
        },
    )


@store_required
def seller_about_order(request, store, order_id: int):
    """ "Chat Pembeli" from the store's order page: the thread with that order's buyer, the order
    attached to the next message."""
    order = or_404(selectors.store_order_for_chat, store, order_id)
    conversation = services.start(buyer=order.buyer, store=store)
    return redirect(reverse("chat:seller_thread", args=[conversation.pk]) + f"?pesanan={order.pk}")


@store_required
def seller_thread(request, store, conversation_id: int):
    conversation = or_404(selectors.store_conversation, store, conversation_id)
    return _thread_page(request, conversation, Side.SELLER, store=store)


@store_required
@require_POST
def seller_send(request, store, conversation_id: int):
    conversation = or_404(selectors.store_conversation, store, conversation_id)
    return _post(request, conversation, Side.SELLER, store=store)


@store_required
@require_GET
@never_cache
def seller_poll(request, store, conversation_id: int):
    conversation = or_404(selectors.store_conversation, store, conversation_id)
    return _new_messages(request, conversation, Side.SELLER)


# --- shared -------------------------------------------------------------------------------


def _urls(conversation: Conversation, side: Side) -> dict[str, str]:
    if conversation.pk is None:  # a new thread: the first message opens it
        return {"send_url": reverse("chat:start", args=[conversation.store.slug]), "poll_url": ""}
    prefix = "chat:" if side == Side.BUYER else "chat:seller_"
    return {
        "send_url": reverse(f"{prefix}send", args=[conversation.pk]),
        "poll_url": reverse(f"{prefix}poll", args=[conversation.pk]),
    }


def _cards(request, conversation: Conversation, side: Side) -> dict:
    """The card a thread was opened with (?produk= from a product page, ?pesanan= from an order
    page), shown above the box and sent with the next message. Only this store's product, and
    only an order between these two; anything else is not found."""
    cards: dict = {}
    product_id = parse_int(request.GET.get("produk"), minimum=1)
    if product_id:
        product = (
            Product.objects.filter(pk=product_id, store=conversation.store, is_active=True)
            .prefetch_related("images")
            .first()
        )
        if product is None:
            raise NotFound("Produk tidak ditemukan.")
        cards["card_product"] = product
    order_id = parse_int(request.GET.get("pesanan"), minimum=1)
    if order_id:
        order = Order.objects.filter(pk=order_id, buyer=conversation.buyer, store=conversation.store).first()
        if order is None:
            raise NotFound("Pesanan tidak ditemukan.")
        cards["card_order"] = order
    return cards


def _thread_page(request, conversation: Conversation, side: Side, *, store=None, form=None, status: int = 200):
    cards = or_404(_cards, request, conversation, side)
    before = parse_int(request.GET.get("sebelum"), minimum=1)
    if conversation.pk is not None:
        history = selectors.latest_messages(conversation, before=before)
        if history:
            services.mark_read(conversation=conversation, side=side, up_to=history[-1].pk)
    else:
        history = []
    context = {
        "conversation": conversation,
        "side": side.value,
        "for_seller": side == Side.SELLER,
        "store": store,
        "history": history,
        "older": history[0].pk if len(history) == selectors.PAGE else None,
        "last_id": history[-1].pk if history else 0,
        "other_read_id": conversation.read_id_of(side.other) if conversation.pk else 0,
        "form": form,
        "values": form.data if form is not None and form.is_bound else {},
        "errors": form.field_errors() if form is not None and form.is_bound else {},
        "error": form.message if form is not None else "",
        "poll_seconds": POLL_SECONDS,
        "warning": WARNING,
        **cards,
        **_urls(conversation, side),
    }
    if before is not None:  # an older page: newer messages are on the thread's own page, no polling here
        context["poll_url"] = ""
        context["newest_url"] = request.path
    return render(request, "chat/thread.html", context, status=status)


def _send(form: MessageForm, conversation: Conversation, side: Side, user) -> services.Sent:
    data = form.cleaned_data
    return services.send(
        conversation=conversation,
        side=side,
        sender=user,
        body=data.get("body") or "",
        product_id=data.get("product"),
        order_id=data.get("order"),
        image=data.get("image"),
    )


def _warn_if_flagged(request, sent: services.Sent) -> None:
    if sent.flagged:
        flash.warning(request, f"Nomor telepon, tautan atau kontak di pesan Anda disamarkan untuk penerima. {WARNING}")


def _fetching(request) -> bool:
    """The thread page's script sends and polls with fetch and takes back pieces of HTML."""
    return request.headers.get("X-Requested-With") == "fetch"


def _post(request, conversation: Conversation, side: Side, *, store=None):
    form = MessageForm(request.POST, request.FILES)
    try:
        if not form.checked():
            raise form.refusal()
        limits.check_send(request, request.user)
        sent = _send(form, conversation, side, request.user)
    except DomainError as exc:
        if _fetching(request):
            response = HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
            for name, value in exc.headers.items():
                response[name] = value
            return response
        form.refuse(exc)
        page = _thread_page(request, conversation, side, store=store, form=form, status=form.status)
        for name, value in exc.headers.items():  # Retry-After on a 429
            page[name] = value
        return page
    if _fetching(request):
        return _new_messages(request, conversation, side)
    _warn_if_flagged(request, sent)
    name = "chat:thread" if side == Side.BUYER else "chat:seller_thread"
    return redirect(name, conversation_id=conversation.pk)


def _new_messages(request, conversation: Conversation, side: Side):
    """Only what is newer than `setelah` (the last id the page shows), read as the page shows it."""
    after = parse_int(request.GET.get("setelah") or request.POST.get("setelah"), minimum=0) or 0
    fresh = selectors.messages_after(conversation, after)
    if fresh:
        services.mark_read(conversation=conversation, side=side, up_to=fresh[-1].pk)
    response = render(
        request,
        "chat/_messages.html",
        {
            "history": fresh,
            "side": side.value,
            "for_seller": side == Side.SELLER,
            "warning": WARNING,
            "other_read_id": conversation.read_id_of(side.other),
        },
    )
    response["X-Chat-Last"] = str(fresh[-1].pk if fresh else after)
    response["X-Chat-Read"] = str(conversation.read_id_of(side.other))
    return response
