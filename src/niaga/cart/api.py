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


class LineOut(Schema):
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


class StoreGroupOut(Schema):
    store_id: int
    store_name: str
    store_slug: str
    city: str
    subtotal: int
    weight_grams: int
    lines: list[LineOut]


class CartOut(Schema):
    stores: list[StoreGroupOut]
    item_count: int
    subtotal: int


def cart_out(cart) -> dict:
    bundles = selectors.bundles(cart, images=False)  # the API shows no pictures
    return {
        "stores": [
            {
                "store_id": b.store.pk,
                "store_name": b.store.name,
                "store_slug": b.store.slug,
                "city": b.store.city_name,
                "subtotal": b.subtotal,
                "weight_grams": b.weight_grams,
                "lines": [
                    {
                        "id": line.item.pk,
                        "variant_id": line.item.variant_id,
                        "product_id": line.item.variant.product_id,
                        "product_name": line.item.variant.product.name,
                        "variant_name": line.item.variant.name,
                        "unit_price": line.unit_price,
                        "quantity": line.item.quantity,
                        "line_total": line.line_total,
                        "available": line.available,
                        "problem": line.problem,
                    }
                    for line in b.lines
                ],
            }
            for b in bundles
        ],
        "item_count": sum(line.item.quantity for b in bundles for line in b.lines),
        "subtotal": sum(b.subtotal for b in bundles),
    }


@router.get("/cart", response=CartOut)
def get_cart(request):
    return cart_out(request_cart(request))


@router.post("/cart/items", response={201: CartOut, **ERRORS})
def add_item(request, payload: ItemIn):
    cart = request_cart(request, create=True)
    services.add_item(cart=cart, variant_id=payload.variant_id, quantity=payload.quantity)
    return Status(201, cart_out(cart))


@router.patch("/cart/items/{item_id}", response={200: CartOut, **ERRORS})
def set_quantity(request, item_id: int, payload: QuantityIn):
    cart = request_cart(request)
    services.set_quantity(item=selectors.cart_item(cart, item_id), quantity=payload.quantity)
    return cart_out(cart)


@router.delete("/cart/items/{item_id}", response={200: CartOut, **ERRORS})
def remove_item(request, item_id: int):
    cart = request_cart(request)
    services.remove_item(item=selectors.cart_item(cart, item_id))
    return cart_out(cart)
