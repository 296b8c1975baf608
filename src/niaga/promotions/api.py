"""Flash sales: the campaign (public), and a seller's own campaigns. "Beli Sekarang" is a way
to check out: checkout/flash_api.py."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core import clock
from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import campaigns, selectors

router = Router(tags=["flash sale"])


class ItemOut(Schema):
    id: int
    product_name: str
    product_slug: str
    variant_id: int
    normal_price: int
    price: int
    quota: int
    left: int
    per_buyer_limit: int

    @staticmethod
    def resolve_product_name(item) -> str:
        return item.variant.product.name

    @staticmethod
    def resolve_product_slug(item) -> str:
        return item.variant.product.slug

    @staticmethod
    def resolve_normal_price(item) -> int:
        return item.variant.unit_price


class CampaignOut(Schema):
    name: str
    slug: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    items: list[ItemOut]


@router.get("/flash-sales/{slug}", response={200: CampaignOut, **ERRORS}, auth=None, summary="A flash-sale campaign")
def campaign(request, slug: str):
    return selectors.campaign(slug)


class ScheduleIn(Input):
    name: str = Field(max_length=80)
    starts_at: dt.datetime
    ends_at: dt.datetime
    variant_id: int
    price: int = Field(description="the flash price, below the normal one")
    quota: int = Field(description="units at that price; at most what is on the shelf")
    per_buyer_limit: int = 1


class StoreCampaignOut(CampaignOut):
    state: str

    @staticmethod
    def resolve_state(campaign) -> str:
        now = clock.now()
        return "scheduled" if now < campaign.starts_at else ("running" if now < campaign.ends_at else "ended")


@router.get("/seller/flash-sales", response={200: list[StoreCampaignOut], **ERRORS}, summary="My store's flash sales")
def my_campaigns(request):
    return campaigns.of_store(stores.my_store(request.user))


@router.post(
    "/seller/flash-sales",
    response={201: StoreCampaignOut, **ERRORS},
    summary="Schedule a flash sale for one of my variants",
)
def schedule(request, payload: ScheduleIn):
    campaign = campaigns.schedule(store=stores.my_store(request.user), **payload.dict())
    return Status(201, selectors.campaign(campaign.slug))


@router.delete(
    "/seller/flash-sales/{slug}", response={204: None, **ERRORS}, summary="Call off a flash sale that has not started"
)
def cancel(request, slug: str):
    campaigns.cancel(store=stores.my_store(request.user), slug=slug)
    return Status(204, None)
