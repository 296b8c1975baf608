"""Flash sales: the campaign (public), and "Beli Sekarang" for a signed-in buyer."""

import datetime as dt

from huey.contrib.djhuey import HUEY
from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core import clock
from niaga.core.schemas import ERRORS, Input
from niaga.payments.api import PaymentOut, payment_out
from niaga.stores import selectors as stores

from . import admissions, campaigns, selectors, services
from .models import Admission

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


class BuyIn(Input):
    quantity: int = Field(1, ge=1, le=100)
    address_id: int
    payment_method: str = Field(max_length=20)
    courier: str = Field("", max_length=40, description="courier option code; the cheapest when empty")


@router.get("/flash-sales/{slug}", response={200: CampaignOut, **ERRORS}, auth=None, summary="A flash-sale campaign")
def campaign(request, slug: str):
    return selectors.campaign(slug)


class AdmissionOut(Schema):
    id: int
    status: str = Field(description="placing, placed or failed")
    message: str
    item_id: int
    quantity: int
    poll_url: str
    payment: PaymentOut | None = Field(description="the order's payment, once placed")


def admission_out(request, admission) -> dict:
    placed = admission.status == Admission.Status.PLACED
    return admissions.answer(admission, payment_out(request, admission.group) if placed else None)


@router.post(
    "/flash-sales/items/{item_id}/buy",
    response={201: PaymentOut, 202: AdmissionOut, **ERRORS},
    url_name="flash_buy",
    summary="Beli Sekarang at the flash price",
    description="201 with the payment when the order is made in the request; 202 when the gate admitted the buyer and "
    "the order is being made: follow `poll_url` until `status` is placed (then `payment` is set) or failed.",
)
def buy(request, item_id: int, payload: BuyIn):
    result = services.buy_now(
        user=request.user,
        item_id=item_id,
        quantity=payload.quantity,
        address_id=payload.address_id,
        payment_method=payload.payment_method,
        courier=payload.courier,
        reservation=request.headers.get("X-Niaga-Reserved", ""),  # nginx's flash location (flash_edge.lua)
    )
    if not isinstance(result, Admission):
        return Status(201, payment_out(request, result))
    if HUEY.immediate:  # the job has run already (tests, a laptop without a consumer)
        result = admissions.for_buyer(request.user, result.pk)
        if result.status == Admission.Status.PLACED:
            return Status(201, payment_out(request, result.group))
    return Status(202, admission_out(request, result))


@router.get(
    "/flash-sales/admissions/{admission_id}",
    response={200: AdmissionOut, **ERRORS},
    url_name="flash_admission",
    summary="An admitted buyer's order being made",
)
def admission(request, admission_id: int):
    return admission_out(request, admissions.for_buyer(request.user, admission_id))


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
