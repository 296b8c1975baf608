import time

from django.db.models import Prefetch
from django.urls import reverse

from niaga.catalog import offers
from niaga.core import clock, generations
from niaga.core.errors import NotFound

from .models import Campaign, CampaignItem


def campaign(slug: str) -> Campaign:
    found = (
        Campaign.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "items",
                CampaignItem.objects.select_related("variant__product__store")
                .prefetch_related("variant__product__images")
                .order_by("pk"),
            )
        )
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
    except Exception:
        current = generation
    if time.monotonic() >= until or generation != current:
        variants = frozenset(
            CampaignItem.objects.filter(campaign__ends_at__gt=clock.now()).values_list("variant_id", flat=True)
        )
        _on_sale = (time.monotonic() + _ON_SALE_SECONDS, current, variants)
    return variants


def lookup(variant_ids: list[int]) -> offers.Lookup:
    """The running offer on one of these variants (the cheapest), for the product page and the
    API, with the next moment a sale on them starts or ends."""
    if not _variants_on_sale().intersection(variant_ids):
        return offers.Lookup()
    now = clock.now()
    items = list(
        CampaignItem.objects.filter(variant_id__in=variant_ids, campaign__ends_at__gt=now)
        .select_related("campaign", "variant__product")
        .order_by("price", "pk")
    )
    running = [i for i in items if i.campaign.starts_at <= now]
    moments = [i.campaign.ends_at if i.campaign.starts_at <= now else i.campaign.starts_at for i in items]
    return offers.Lookup(offer=offer_of(running[0]) if running else None, changes_at=min(moments, default=None))


def offer_of(item: CampaignItem) -> offers.Offer:
    campaign = item.campaign
    return offers.Offer(
        item_id=item.pk,
        variant_id=item.variant_id,
        variant_name=item.variant.name,
        price=item.price,
        normal_price=item.variant.unit_price,
        left=item.left,
        per_buyer_limit=item.per_buyer_limit,
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
        name=campaign.name,
        page_url=reverse("promotions:campaign", args=[campaign.slug]),
        buy_url=reverse("promotions:buy", args=[campaign.slug, item.pk]),
        api_buy_url=reverse("api:flash_buy", kwargs={"item_id": item.pk}),
    )


def item_on_offer(offer: offers.Offer) -> CampaignItem:
    return CampaignItem.objects.select_related("campaign", "variant__product__store").get(pk=offer.item_id)
