"""Flash sale "Beli Sekarang" for a signed-in buyer, and the admitted buyer's order being made."""

from huey.contrib.djhuey import HUEY
from ninja import Router, Status
from pydantic import Field

from niaga.core.schemas import ERRORS, Input
from niaga.payments.api import PaymentOut, payment_out
from niaga.promotions.models import Admission

from . import admissions, services
from .schemas import AdmissionOut, placed_out

router = Router()
# The operation ids generated clients know, from before these endpoints were checkout's.
_IDS = {"buy": "niaga_promotions_api_buy", "admission": "niaga_promotions_api_admission"}


class BuyIn(Input):
    quantity: int = Field(1, ge=1, le=100)
    address_id: int
    payment_method: str = Field(max_length=20)
    courier: str = Field("", max_length=40, description="courier option code; the cheapest when empty")


@router.post(
    "/flash-sales/items/{item_id}/buy",
    response={201: PaymentOut, 202: AdmissionOut, **ERRORS},
    url_name="flash_buy",
    operation_id=_IDS["buy"],
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
        return Status(201, placed_out(request, result))
    if HUEY.immediate:  # the job has run already (tests, a laptop without a consumer)
        result = admissions.for_buyer(request.user, result.pk)
        if result.status == Admission.Status.PLACED:
            return Status(201, payment_out(request, result.group))
    return Status(202, result)


@router.get(
    "/flash-sales/admissions/{admission_id}",
    response={200: AdmissionOut, **ERRORS},
    url_name="flash_admission",
    operation_id=_IDS["admission"],
    summary="An admitted buyer's order being made",
)
def admission(request, admission_id: int):
    return admissions.for_buyer(request.user, admission_id)
