"""Writes for carts: add, change, remove, and merge a guest's cart into the user's at login."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from niaga.catalog import selectors as catalog
from niaga.core.errors import Conflict, DomainError
from niaga.inventory.selectors import available_for

from .models import Cart, CartItem

MAX_QUANTITY = 999


def cart_for(*, user=None, session_key: str | None = None, create: bool = False) -> Cart | None:
    """The cart of a signed-in user, else of the session; created only when asked."""
    if user is not None and user.is_authenticated:
        lookup = {"user": user}
    elif session_key:
        lookup = {"session_key": session_key, "user__isnull": True}
    else:
        return None
    cart = Cart.objects.filter(**lookup).first()
    if cart is None and create:
        try:
            with transaction.atomic():
                cart = Cart.objects.create(**{k: v for k, v in lookup.items() if k != "user__isnull"})
        except IntegrityError:  # created by a parallel request
            cart = Cart.objects.get(**lookup)
    return cart


def _check_quantity(quantity, available: int, name: str) -> int:
    try:
        if isinstance(quantity, bool):
            raise ValueError
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise DomainError("Jumlah harus berupa angka.", code="invalid_quantity", fields={"quantity": "Harus angka."})
    if quantity <= 0:
        raise DomainError("Jumlah minimal 1.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
    if quantity > MAX_QUANTITY:
        raise DomainError(f"Jumlah maks. {MAX_QUANTITY}.", code="invalid_quantity", fields={"quantity": f"Maks. {MAX_QUANTITY}."})
    if available <= 0:
        raise Conflict(f"Stok habis: {name}.", code="out_of_stock", fields={"quantity": "Stok habis."})
    if quantity > available:
        raise Conflict(
            f"Stok {name} tinggal {available}.", code="insufficient_stock", fields={"quantity": f"Maks. {available}."}
        )
    return quantity


def add_item(*, cart: Cart, variant_id: int, quantity=1) -> CartItem:
    variant = catalog.sale_variant(variant_id)
    if cart.user_id and variant.product.store.owner_id == cart.user_id:
        raise DomainError("Tidak bisa membeli produk dari toko sendiri.", code="own_product")
    available = available_for([variant.pk]).get(variant.pk, 0)
    with transaction.atomic():
        item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).first()
        total = (item.quantity if item else 0) + (int(quantity) if str(quantity).lstrip("-").isdigit() else 0)
        _check_quantity(quantity, available, str(variant))  # the request itself must be sane
        _check_quantity(total, available, str(variant))
        if item:
            item.quantity = total
            item.save(update_fields=["quantity"])
        else:
            item = CartItem.objects.create(cart=cart, variant=variant, quantity=total)
        Cart.objects.filter(pk=cart.pk).update(updated_at=item.added_at)
    return item


def set_quantity(*, item: CartItem, quantity) -> CartItem:
    available = available_for([item.variant_id]).get(item.variant_id, 0)
    item.quantity = _check_quantity(quantity, available, str(item.variant))
    item.save(update_fields=["quantity"])
    return item


def remove_item(*, item: CartItem) -> None:
    item.delete()


def remove_variants(*, cart: Cart, variant_ids: list[int]) -> None:
    CartItem.objects.filter(cart=cart, variant_id__in=variant_ids).delete()


@transaction.atomic
def merge_session_cart(*, session_key: str | None, user) -> None:
    """At login: move the guest cart's items into the user's cart, adding quantities."""
    if not session_key:
        return
    guest = Cart.objects.filter(session_key=session_key, user__isnull=True).first()
    if guest is None:
        return
    mine = cart_for(user=user, create=True)
    for item in guest.items.all():
        updated = CartItem.objects.filter(cart=mine, variant_id=item.variant_id).update(
            quantity=F("quantity") + item.quantity
        )
        if not updated:
            CartItem.objects.create(cart=mine, variant_id=item.variant_id, quantity=item.quantity)
    guest.delete()
