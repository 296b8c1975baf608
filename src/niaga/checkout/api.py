from ninja import Router, Schema, Status
from pydantic import Field

from niaga.cart.session import request_cart
from niaga.catalog.api import PolicyOut
from niaga.core.schemas import ERRORS, Input
from niaga.orders.origin import origin_of
from niaga.payments.api import PaymentOut

from . import flash_api, services
from .schemas import placed_out
from .services import Quote, StoreQuote

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


class ProductPolicyOut(Schema):
    product_name: str
    policy: PolicyOut


class StoreQuoteOut(Schema):
    store_id: int
    store_name: str
    subtotal: int
    weight_grams: int
    options: list[OptionOut]
    chosen: OptionOut | None
    unavailable: list[UnavailableOut]
    policy: PolicyOut = Field(description="the store's returns, exchanges and warranty, shown before placing")
    product_policies: list[ProductPolicyOut] = Field(description="products of the bundle with a promise of their own")

    @staticmethod
    def resolve_store_id(obj: StoreQuote) -> int:
        return obj.store.pk

    @staticmethod
    def resolve_store_name(obj: StoreQuote) -> str:
        return obj.store.name

    @staticmethod
    def resolve_subtotal(obj: StoreQuote) -> int:
        return obj.bundle.subtotal

    @staticmethod
    def resolve_weight_grams(obj: StoreQuote) -> int:
        return obj.bundle.weight_grams


class CheckoutMethodOut(Schema):
    code: str
    label: str
    family: str


class QuoteOut(Schema):
    address_id: int | None
    stores: list[StoreQuoteOut]
    methods: list[CheckoutMethodOut]
    subtotal: int
    shipping_total: int
    service_fee: int
    total: int
    problems: list[str]

    @staticmethod
    def resolve_address_id(obj: Quote) -> int | None:
        return obj.address.pk if obj.address else None


@router.post("/checkout/quote", response={200: QuoteOut, **ERRORS}, summary="What 'Buat Pesanan' would create")
def quote(request, payload: QuoteIn):
    return services.quote(
        user=request.user, cart=request_cart(request), address_id=payload.address_id, couriers=payload.couriers
    )


@router.post(
    "/checkout", response={201: PaymentOut, **ERRORS}, summary="Buat Pesanan: one order per store, one payment"
)
def place(request, payload: PlaceIn):
    placement = services.place_order(
        user=request.user,
        cart=request_cart(request),
        address_id=payload.address_id,
        payment_method=payload.payment_method,
        couriers=payload.couriers,
        notes=payload.notes,
        origin=origin_of(request),
    )
    return Status(201, placed_out(request, placement))


# "Beli Sekarang" in a flash sale, checkout's other path, documented under its own tag.
router.add_router("", flash_api.router, tags=["flash sale"])
