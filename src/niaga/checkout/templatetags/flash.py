"""The product page's flash "Beli Sekarang" (catalog's product.html loads it as `flash`)."""

from django import template
from django.conf import settings

from niaga.promotions import selectors

from .. import flash

register = template.Library()


@register.inclusion_tag("promotions/_offer.html", takes_context=True)
def flash_offer(context, offer):
    """A product's running flash sale, with its own "Beli Sekarang" (the flash path, which
    charges the flash price within the quota and the buyer's limit)."""
    request = context["request"]
    is_own = bool(context.get("is_own"))  # the seller's own product: nothing to buy
    choices = None
    if offer.left and request.user.is_authenticated and not is_own:
        choices = flash.buy_choices(request.user, selectors.item_on_offer(offer), request.GET)
    return {
        "offer": offer,
        "is_own": is_own,
        "choices": choices,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "next": request.path,
        "pay_within": settings.NIAGA_FLASH_PAYMENT_MINUTES,
    }
