from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import ERRORS, Input

from . import selectors, services
from .session import request_cart

router = Router(tags=["cart"])


class ItemIn(Input):
    variant_id: int
    quantity: int = Field(1, ge=1, le=services.MAX_QUANTITY)


class QuantityIn(Input):
    quantity: int = Field(ge=1, le=services.MAX_QUANTITY)


class CartLineOut(Schema):  # reads a cart.selectors.CartLine
    id: int
    variant_id: int
    product_id: int
    product_name: str
    variant_name: str
    unit_price: int
    quantity: int
    line_total: int
    available: int
    problem: str

    @staticmethod
    def resolve_id(line) -> int:
        return line.item.pk

    @staticmethod
    def resolve_variant_id(line) -> int:
        return line.item.variant_id

    @staticmethod
    def resolve_product_id(line) -> int:
        return line.item.variant.product_id

    @staticmethod
    def resolve_product_name(line) -> str:
        return line.item.variant.product.name

    @staticmethod
    def resolve_variant_name(line) -> str:
        return line.item.variant.name

    @staticmethod
    def resolve_quantity(line) -> int:
        return line.item.quantity


class StoreGroupOut(Schema):  # reads a cart.selectors.StoreBundle
    store_id: int
    store_name: str
    store_slug: str
    city: str
    subtotal: int
    weight_grams: int
    lines: list[CartLineOut]

    @staticmethod
    def resolve_store_id(bundle) -> int:
        return bundle.store.pk

    @staticmethod
    def resolve_store_name(bundle) -> str:
        return bundle.store.name

    @staticmethod
    def resolve_store_slug(bundle) -> str:
        return bundle.store.slug

    @staticmethod
    def resolve_city(bundle) -> str:
        return bundle.store.city_name


class CartOut(Schema):  # reads the cart's bundles (cart.selectors.bundles) and totals them
    stores: list[StoreGroupOut]
    item_count: int
    subtotal: int

    @staticmethod
    def resolve_stores(bundles) -> list:
        return bundles

    @staticmethod
    def resolve_item_count(bundles) -> int:
        return sum(line.item.quantity for b in bundles for line in b.lines)

    @staticmethod
    def resolve_subtotal(bundles) -> int:
        return sum(b.subtotal for b in bundles)


def _bundles(cart) -> list[selectors.StoreBundle]:
    return selectors.bundles(cart, images=False)  # the API shows no pictures


@router.get("/cart", response=CartOut)
def get_cart(request):
    return _bundles(request_cart(request))


@router.post("/cart/items", response={201: CartOut, **ERRORS})
def add_item(request, payload: ItemIn):
    cart = request_cart(request, create=True)
    services.add_item(cart=cart, variant_id=payload.variant_id, quantity=payload.quantity)
    return Status(201, _bundles(cart))


@router.patch("/cart/items/{item_id}", response={200: CartOut, **ERRORS})
def set_quantity(request, item_id: int, payload: QuantityIn):
    cart = request_cart(request)
    services.set_quantity(item=selectors.cart_item(cart, item_id), quantity=payload.quantity)
    return _bundles(cart)


@router.delete("/cart/items/{item_id}", response={200: CartOut, **ERRORS})
def remove_item(request, item_id: int):
    cart = request_cart(request)
    services.remove_item(item=selectors.cart_item(cart, item_id))
    return _bundles(cart)
