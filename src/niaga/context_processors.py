"""What every page's header needs: cart size, unread notifications and chat messages (composed at the project level),
and the order statuses by name, so templates compare against them rather than bare words."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from niaga.cart import selectors as carts
from niaga.cart.session import request_cart
from niaga.chat import selectors as chat
from niaga.notifications import selectors as notifications
from niaga.orders.status import Status


def _cart_count(request) -> int:
    return carts.count(request_cart(request))


def _unread(request) -> int:
    return notifications.unread_count(getattr(request, "user", None))


def _chat_unread(request) -> int:
    return chat.unread_total(getattr(request, "user", None))


def site(request):
    return {
        "PUBLIC_URL": settings.NIAGA_PUBLIC_URL,
        "SANDBOX_ENABLED": settings.NIAGA_SANDBOX_ENABLED,
        "OrderStatus": Status,
        # Lazy: counted only when a template prints them (one small query each).
        "cart_count": SimpleLazyObject(lambda: _cart_count(request)),
        "unread_count": SimpleLazyObject(lambda: _unread(request)),
        "chat_unread": SimpleLazyObject(lambda: _chat_unread(request)),
    }
