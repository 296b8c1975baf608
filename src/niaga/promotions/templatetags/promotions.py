from django import template
from django.conf import settings

from niaga.core import clock
from niaga.promotions import selectors

register = template.Library()


@register.inclusion_tag("promotions/_banner.html", takes_context=True)
def flash_banner(context):
    """The sale running now or next: a countdown to its end (or start) and its offers, each
    leading to its "Beli Sekarang" on the campaign page. The page is told when the banner
    changes (`request.changes_at`), so no kept copy outlives it."""
    soonest = selectors.live_or_next().first()
    campaign = selectors.campaign(soonest.slug) if soonest else None
    running = campaign is not None and campaign.starts_at <= clock.now()
    request = context.get("request")
    if campaign is not None and request is not None:
        request.changes_at = campaign.ends_at if running else campaign.starts_at
    return {"campaign": campaign, "running": running}


@register.inclusion_tag("promotions/_offer.html", takes_context=True)
def flash_offer(context, offer):
    """A product's running flash sale, with its own "Beli Sekarang" (the flash path, which
    charges the flash price within the quota and the buyer's limit)."""
    request = context["request"]
    is_own = bool(context.get("is_own"))  # the seller's own product: nothing to buy
    choices = None
    if offer.left and request.user.is_authenticated and not is_own:
        choices = selectors.buy_choices(request.user, selectors.item_on_offer(offer), request.GET)
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
