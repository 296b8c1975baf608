import pytest
from django.test import Client

from niaga.cart import selectors, services
from niaga.cart.models import Cart
from niaga.core.errors import Conflict, DomainError


@pytest.fixture
def product(make_store, make_product):
    return make_product(make_store(), stock=3)


def test_quantities_add_up_but_never_past_the_shelf(make_user, product):
    cart = services.cart_for(user=make_user(), create=True)
    variant = product.variants.get().pk
    services.add_item(cart=cart, variant_id=variant, quantity=2)
    with pytest.raises(Conflict, match="tinggal 3"):
        services.add_item(cart=cart, variant_id=variant, quantity=2)
    assert selectors.count(cart) == 2


@pytest.mark.parametrize("quantity", [0, -1, "dua", None, 1000])
def test_bad_quantities_are_refused(make_user, product, quantity):
    cart = services.cart_for(user=make_user(), create=True)
    with pytest.raises(DomainError):
        services.add_item(cart=cart, variant_id=product.variants.get().pk, quantity=quantity)
    assert selectors.count(cart) == 0


def test_a_seller_cannot_buy_from_their_own_store(product):
    cart = services.cart_for(user=product.store.owner, create=True)
    with pytest.raises(DomainError, match="toko sendiri"):
        services.add_item(cart=cart, variant_id=product.variants.get().pk)


def test_items_are_grouped_by_store(make_user, make_store, make_product):
    cart = services.cart_for(user=make_user(), create=True)
    a, b = make_store(), make_store()
    for store in (a, b, a):
        services.add_item(
            cart=cart,
            variant_id=make_product(store, name=f"Barang {store.pk}-{cart.items.count()}", stock=5).variants.get().pk,
        )
    bundles = selectors.bundles(cart)
    assert [(bundle.store.pk, len(bundle.lines)) for bundle in bundles] == [(a.pk, 2), (b.pk, 1)]


def test_a_guest_cart_joins_the_users_cart_at_login(make_user, product, make_store, make_product):
    user = make_user(email="tamu@contoh.id")
    other = make_product(make_store(), name="Pulpen", stock=5)
    mine = services.cart_for(user=user, create=True)
    services.add_item(cart=mine, variant_id=product.variants.get().pk, quantity=1)

    browser = Client()
    browser.post("/keranjang/tambah/", {"variant_id": product.variants.get().pk, "quantity": 1})
    browser.post("/keranjang/tambah/", {"variant_id": other.variants.get().pk, "quantity": 2})
    assert Cart.objects.filter(user__isnull=True).count() == 1
    browser.post("/masuk/", {"email": "tamu@contoh.id", "password": "rahasia-kuat-123"})

    quantities = {i.variant.product.name: i.quantity for i in selectors.items_of(mine)}
    assert quantities == {product.name: 2, "Pulpen": 2}
    assert not Cart.objects.filter(user__isnull=True).exists()
