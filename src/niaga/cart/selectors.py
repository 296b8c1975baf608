"""Reads for carts: the items grouped by store, with what can still be bought."""

from __future__ import annotations

from dataclasses import dataclass, field

from niaga.core.errors import NotFound
from niaga.inventory.selectors import available_for

from .models import Cart, CartItem


@dataclass
class CartLine:
    item: CartItem
    unit_price: int
    available: int

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
    store: object
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.item.variant.product.weight_grams * line.item.quantity for line in self.lines)


def items_of(cart: Cart | None):
    if cart is None:
        return CartItem.objects.none()
    return (
        CartItem.objects.filter(cart=cart)
        .select_related("variant__product__store")
        .prefetch_related("variant__product__images")
        .order_by("added_at", "pk")
    )


def bundles(cart: Cart | None, variant_ids: list[int] | None = None) -> list[StoreBundle]:
    items = list(items_of(cart))
    if variant_ids is not None:
        items = [i for i in items if i.variant_id in set(variant_ids)]
    stock = available_for([i.variant_id for i in items])
    by_store: dict[int, StoreBundle] = {}
    for item in items:
        store = item.variant.product.store
        bundle = by_store.setdefault(store.pk, StoreBundle(store=store))
        bundle.lines.append(CartLine(item=item, unit_price=item.variant.unit_price, available=stock.get(item.variant_id, 0)))
    return list(by_store.values())


def cart_item(cart: Cart | None, item_id: int) -> CartItem:
    item = CartItem.objects.filter(cart=cart, pk=item_id).select_related("variant__product").first() if cart else None
    if item is None:
        raise NotFound("Barang tidak ada di keranjang.", code="cart_item_not_found")
    return item


def count(cart: Cart | None) -> int:
    from django.db.models import Sum

    if cart is None:
        return 0
    return CartItem.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0
