from django.db.models import Prefetch

from niaga.core import clock
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


def offer_for(variant_ids: list[int]) -> CampaignItem | None:
    """A running campaign's offer on one of these variants, for the product page."""
    now = clock.now()
    return (
        CampaignItem.objects.filter(variant_id__in=variant_ids, campaign__starts_at__lte=now, campaign__ends_at__gt=now)
        .select_related("campaign")
        .order_by("price")
        .first()
    )
