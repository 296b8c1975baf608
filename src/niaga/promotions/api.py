"""Flash sales: the campaign (public), and "Beli Sekarang" for a signed-in buyer."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import ERRORS
from niaga.payments.api import PaymentOut, payment_out

from . import selectors, services

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


class CampaignOut(Schema):
    name: str
    slug: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    items: list[ItemOut]


class BuyIn(Schema):
    quantity: int = Field(1, ge=1, le=100)
    address_id: int
    payment_method: str = Field(max_length=20)
    courier: str = Field("", max_length=40, description="courier option code; the cheapest when empty")


def campaign_out(campaign) -> dict:
    return {
        "name": campaign.name,
        "slug": campaign.slug,
        "starts_at": campaign.starts_at,
        "ends_at": campaign.ends_at,
        "items": [
            {
                "id": item.pk,
                "product_name": item.variant.product.name,
                "product_slug": item.variant.product.slug,
                "variant_id": item.variant_id,
                "normal_price": item.variant.unit_price,
                "price": item.price,
                "quota": item.quota,
                "left": item.left,
                "per_buyer_limit": item.per_buyer_limit,
            }
            for item in campaign.items.all()
        ],
    }


@router.get("/flash-sales/{slug}", response={200: CampaignOut, **ERRORS}, auth=None, summary="A flash-sale campaign")
def campaign(request, slug: str):
    return campaign_out(selectors.campaign(slug))


@router.post("/flash-sales/items/{item_id}/buy", response={201: PaymentOut, **ERRORS}, summary="Beli Sekarang at the flash price")
def buy(request, item_id: int, payload: BuyIn):
    group = services.buy_now(
        user=request.user,
        item_id=item_id,
        quantity=payload.quantity,
        address_id=payload.address_id,
        payment_method=payload.payment_method,
        courier=payload.courier,
    )
    return Status(201, payment_out(request, group))
