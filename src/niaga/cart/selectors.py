"""Reads for carts: the items grouped by store, with what can still be bought."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Sum

from niaga.core.errors import NotFound
from niaga.stores.models import Store

from .models import Cart, CartItem


@dataclass
class CartLine:
    item: CartItem
    unit_price: int
    available: int
    stock_id: int | None = None

    @property
    def line_total(self) -> int:
        return self.unit_price * self.item.quantity

    @property
    def on_sale(self) -> bool:
        product = self.item.variant.product
        return product.is_active and product.store.is_active

    @property
    def problem(self) -> str:
        if not self.on_sale:
            return "Tidak dijual lagi"
        if self.available <= 0:
            return "Stok habis"
        if self.item.quantity > self.available:
            return f"Stok tinggal {self.available}"
        return ""


@dataclass
class StoreBundle:
    store: Store
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.item.variant.product.weight_grams * line.item.quantity for line in self.lines)


def items_of(cart: Cart | None, *, images: bool = True, for_checkout: bool = False):
    """The cart's items with their variant, product, store and stock in one query.

    `images` adds the pictures the cart page shows (one more query); `for_checkout` adds
    the store's owner and shipping location, which placing an order needs.
    """
    if cart is None:
        return CartItem.objects.none()
    related = ["variant__product__store", "variant__stock"]
    if for_checkout:
        related += ["variant__product__store__owner", "variant__product__store__ships_from__location"]
    items = CartItem.objects.filter(cart=cart).select_related(*related).order_by("added_at", "pk")
    return items.prefetch_related("variant__product__images") if images else items


def _stock(variant):
    try:
        return variant.stock
    except ObjectDoesNotExist:
        return None


def bundles(cart: Cart | None, *, images: bool = True, for_checkout: bool = False) -> list[StoreBundle]:
    by_store: dict[int, StoreBundle] = {}
    for item in items_of(cart, images=images, for_checkout=for_checkout):
        store = item.variant.product.store
        bundle = by_store.setdefault(store.pk, StoreBundle(store=store))
        stock = _stock(item.variant)
        bundle.lines.append(
            CartLine(
                item=item,
                unit_price=item.variant.unit_price,
                available=stock.on_hand - stock.reserved if stock else 0,
                stock_id=stock.pk if stock else None,
            )
        )
    return list(by_store.values())


def cart_item(cart: Cart | None, item_id: int) -> CartItem:
    item = CartItem.objects.filter(cart=cart, pk=item_id).select_related("variant__product").first() if cart else None
    if item is None:
        raise NotFound("Barang tidak ada di keranjang.", code="cart_item_not_found")
    return item


def count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return CartItem.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0
