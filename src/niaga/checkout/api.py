from ninja import Router, Schema, Status
from pydantic import Field

from niaga.cart.session import request_cart
from niaga.core.schemas import ERRORS, Input
from niaga.payments.api import PaymentOut, payment_out

from . import services

router = Router(tags=["checkout"])


class QuoteIn(Input):
    address_id: int | None = None
    couriers: dict[str, str] = Field(default_factory=dict, description="store id → courier option code")


class PlaceIn(QuoteIn):
    address_id: int
    payment_method: str = Field(max_length=20)
    notes: dict[str, str] = Field(default_factory=dict, description="store id → note for the seller")


class OptionOut(Schema):
    code: str
    courier: str
    service: str
    name: str
    cost: int
    eta: str
    chargeable_kg: int
    insurance_fee: int = Field(description="what insuring the goods would cost; packing decides")


class UnavailableOut(Schema):
    code: str
    name: str
    reason: str


class StoreQuoteOut(Schema):
    store_id: int
    store_name: str
    subtotal: int
    weight_grams: int
    options: list[OptionOut]
    chosen: OptionOut | None
    unavailable: list[UnavailableOut]


class MethodOut(Schema):
    code: str
    label: str
    family: str


class QuoteOut(Schema):
    address_id: int | None
    stores: list[StoreQuoteOut]
    methods: list[MethodOut]
    subtotal: int
    shipping_total: int
    service_fee: int
    total: int
    problems: list[str]


def quote_out(q) -> dict:
    return {
        "address_id": q.address.pk if q.address else None,
        "stores": [
            {
                "store_id": s.store.pk,
                "store_name": s.store.name,
                "subtotal": s.bundle.subtotal,
                "weight_grams": s.bundle.weight_grams,
                "options": [o.__dict__ for o in s.options],
                "chosen": s.chosen.__dict__ if s.chosen else None,
                "unavailable": [u.__dict__ for u in s.unavailable],
            }
            for s in q.stores
        ],
        "methods": [m.__dict__ for m in q.methods],
        "subtotal": q.subtotal,
        "shipping_total": q.shipping_total,
        "service_fee": q.service_fee,
        "total": q.total,
        "problems": q.problems,
    }


@router.post("/checkout/quote", response={200: QuoteOut, **ERRORS}, summary="What 'Buat Pesanan' would create")
def quote(request, payload: QuoteIn):
    q = services.quote(
        user=request.user, cart=request_cart(request), address_id=payload.address_id, couriers=payload.couriers
    )
    return quote_out(q)


@router.post(
    "/checkout", response={201: PaymentOut, **ERRORS}, summary="Buat Pesanan: one order per store, one payment"
)
def place(request, payload: PlaceIn):
    group = services.place_order(
        user=request.user,
        cart=request_cart(request),
        address_id=payload.address_id,
        payment_method=payload.payment_method,
        couriers=payload.couriers,
        notes=payload.notes,
    )
    return Status(201, payment_out(request, group))
