"""Writes for carts: add, change, remove, and merge a guest's cart into the user's at login."""

from __future__ import annotations

from contextlib import nullcontext

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from niaga.catalog import counters
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
            with _savepoint_if_nested():  # alone, a plain INSERT: no BEGIN/COMMIT of its own
                cart = Cart.objects.create(**{k: v for k, v in lookup.items() if k != "user__isnull"})
        except IntegrityError:  # created by a parallel request
            cart = Cart.objects.get(**lookup)
    return cart


def _parse_quantity(quantity) -> int:
    try:
        if isinstance(quantity, bool):
            raise ValueError
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise DomainError(
            "Jumlah harus berupa angka.", code="invalid_quantity", fields={"quantity": "Harus angka."}
        ) from None
    if quantity <= 0:
        raise DomainError("Jumlah minimal 1.", code="invalid_quantity", fields={"quantity": "Minimal 1."})
    if quantity > MAX_QUANTITY:
        raise DomainError(
            f"Jumlah maks. {MAX_QUANTITY}.", code="invalid_quantity", fields={"quantity": f"Maks. {MAX_QUANTITY}."}
        )
    return quantity


def _check_stock(quantity: int, available: int, name: str) -> None:
    """A cart may hold what is on the shelf now; checkout reserves it for real."""
    if available <= 0:
        raise Conflict(f"Stok habis: {name}.", code="out_of_stock", fields={"quantity": "Stok habis."})
    if quantity > available:
        raise Conflict(
            f"Stok {name} tinggal {available}.", code="insufficient_stock", fields={"quantity": f"Maks. {available}."}
        )


def add_item(*, cart: Cart, variant_id: int, quantity=1) -> CartItem:
    item = _add_item(cart=cart, variant_id=variant_id, quantity=quantity)
    counters.count_cart_add(product_id=item.variant.product_id)  # the seller's funnel; never raises
    return item


def _add_item(*, cart: Cart, variant_id: int, quantity=1) -> CartItem:
    quantity = _parse_quantity(quantity)
    variant = catalog.sale_variant(variant_id)  # with its stock row
    if cart.user_id and variant.product.store.owner_id == cart.user_id:
        raise DomainError("Tidak bisa membeli produk dari toko sendiri.", code="own_product")
    try:
        available = variant.stock.on_hand - variant.stock.reserved
    except ObjectDoesNotExist:
        available = 0
    # No lock: insert the item, or add to it with one guarded UPDATE that refuses to pass the
    # shelf. A parallel first add of the same item makes the insert hit the unique key; then
    # add to the row it made.
    limit = min(available, MAX_QUANTITY)
    for _ in range(3):
        item = CartItem.objects.filter(cart=cart, variant=variant).first()
        if item is None:
            _check_stock(quantity, available, str(variant))
            try:
                with _savepoint_if_nested():
                    return CartItem.objects.create(cart=cart, variant=variant, quantity=quantity)
            except IntegrityError:
                continue
        if CartItem.objects.filter(pk=item.pk, quantity__lte=limit - quantity).update(
            quantity=F("quantity") + quantity
        ):
            item.quantity += quantity
            item.variant = variant  # read already: the caller's counter needs its product
            return item
        current = CartItem.objects.filter(pk=item.pk).values_list("quantity", flat=True).first()
        if current is not None:
            _check_stock(_parse_quantity(current + quantity), available, str(variant))  # says why
    raise Conflict("Keranjang sedang diubah di tempat lain. Coba lagi.", code="cart_busy")


def _savepoint_if_nested():
    """A failed insert must not break a transaction the caller holds; alone, it needs none."""
    return transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()


def set_quantity(*, item: CartItem, quantity) -> CartItem:
    quantity = _parse_quantity(quantity)
    _check_stock(quantity, available_for([item.variant_id]).get(item.variant_id, 0), str(item.variant))
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


def remove_item(*, item: CartItem) -> None:
    item.delete()


def take_all(*, cart: Cart) -> set[tuple[int, int]]:
    """Empty the cart for an order, returning the (variant, quantity) pairs it held.

    Call inside the order's transaction. One DELETE ... RETURNING: its row locks make a
    parallel "Buat Pesanan" of the same cart wait, and then find the cart already empty.
    """
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(CartItem._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE cart_id = %s RETURNING variant_id, quantity", [cart.pk])
        return {(variant_id, quantity) for variant_id, quantity in cursor.fetchall()}


@transaction.atomic
def merge_session_cart(*, session_key: str | None, user) -> None:
    """At login: move the guest cart's items into the user's cart, adding quantities.

    The cart's rules still hold: nothing from the user's own store, never more than
    MAX_QUANTITY of one item (stock is checked again at checkout).
    """
    if not session_key:
        return
    guest = Cart.objects.filter(session_key=session_key, user__isnull=True).first()
    if guest is None:
        return
    mine = cart_for(user=user, create=True)
    assert mine is not None  # a signed-in user's cart, made when asked with create=True
    for item in guest.items.select_related("variant__product__store"):
        if item.variant.product.store.owner_id == user.pk:
            continue
        existing = CartItem.objects.filter(cart=mine, variant_id=item.variant_id).first()
        if existing:
            existing.quantity = min(MAX_QUANTITY, existing.quantity + item.quantity)
            existing.save(update_fields=["quantity"])
        else:
            CartItem.objects.create(cart=mine, variant_id=item.variant_id, quantity=min(MAX_QUANTITY, item.quantity))
    guest.delete()
