"""{% load returns %}{% parcels_of complaint as parcels %}: a complaint's return and
replacement parcels, for pages that show the complaint (Niaga's mediation among them)."""

from django import template

from niaga.aftersales import returns

register = template.Library()


@register.simple_tag
def parcels_of(complaint) -> list:
    return [leg for leg in returns.legs_of(complaint) if leg.status != "cancelled"]
