from django import template

from niaga.promotions import selectors

register = template.Library()


@register.simple_tag
def flash_offer(variants):
    """The running flash-sale offer on any of these variants, or None."""
    return selectors.offer_for([v.pk for v in variants])


@register.inclusion_tag("promotions/_banner.html")
def flash_banner():
    return {"campaign": selectors.live_or_next().first()}
