from django import template

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
