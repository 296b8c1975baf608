from django import template

from niaga.promotions import selectors

register = template.Library()


@register.inclusion_tag("promotions/_banner.html")
def flash_banner():
    return {"campaign": selectors.live_or_next().first()}
