import time

from django.db.models import Prefetch

from niaga.core import clock, generations
from niaga.core.errors import NotFound

from .models import Campaign, CampaignItem


def campaign(slug: str) -> Campaign:
    found = (
        Campaign.objects.filter(slug=slug)
        .prefetch_related(Prefetch("items", CampaignItem.objects.select_related("variant__product__store").prefetch_related("variant__product__images").order_by("pk")))
        .first()
    )
    if found is None:
        raise NotFound("Flash sale tidak ditemukan.", code="campaign_not_found")
    return found


def live_or_next():
    """Campaigns running now or starting later, soonest first (for the home page banner)."""
    return Campaign.objects.filter(ends_at__gt=clock.now()).order_by("starts_at")


# Every product page asks whether its variants are in a running flash sale; almost always
# they are not. Each process keeps the set of variants in sales not yet ended (a few hundred)
# for a moment, and asks SQL for the offer only when the page has one of them. A new or
# edited campaign bumps the page-cache generation, which empties this memo too.
_ON_SALE_SECONDS = 2.0
_on_sale: tuple[float, int, frozenset[int]] = (0.0, -1, frozenset())


def _variants_on_sale() -> frozenset[int]:
    global _on_sale
    until, generation, variants = _on_sale
    try:
        current = generations.catalogue_number()
    except Exception:  # noqa: BLE001 - no shared cache: the memo lasts its moment only
        current = generation
    if time.monotonic() >= until or generation != current:
        variants = frozenset(CampaignItem.objects.filter(campaign__ends_at__gt=clock.now()).values_list("variant_id", flat=True))
        _on_sale = (time.monotonic() + _ON_SALE_SECONDS, current, variants)
    return variants


def offer_for(variant_ids: list[int]) -> CampaignItem | None:
    """A running campaign's offer on one of these variants, for the product page."""
    if not _variants_on_sale().intersection(variant_ids):
        return None
    now = clock.now()
    return (
        CampaignItem.objects.filter(variant_id__in=variant_ids, campaign__starts_at__lte=now, campaign__ends_at__gt=now)
        .select_related("campaign")
        .order_by("price")
        .first()
    )
