"""The cart page and its add / change / remove buttons."""

import pytest
from django.urls import reverse


@pytest.fixture
def product(make_store, make_product):
    return make_product(make_store(name="Toko Buku Kampus"), name="Buku Materi Kuliah Digital", stock=3)


def add(client, product, quantity=1, **extra):
    data = {"variant_id": product.variants.get().pk, "quantity": quantity, "next": product.get_absolute_url(), **extra}
    return client.post(reverse("cart:add"), data)


def items(client):
    from niaga.cart.models import CartItem

    return list(CartItem.objects.all())


@pytest.mark.django_db
def test_guest_adds_to_cart_and_sees_it_grouped_by_store(client, product):
    page = add(client, product, quantity=2)
    assert page.status_code == 302 and page["Location"] == product.get_absolute_url()
    follow = client.get(page["Location"])
    assert "Barang ditambahkan ke keranjang." in follow.content.decode()
    cart = client.get("/keranjang/")
    html = cart.content.decode()
    assert cart.status_code == 200
    assert "Toko Buku Kampus" in html and "Buku Materi Kuliah Digital" in html and "Rp10.000" in html
    assert 'id="cart-count">2<' in html and "Checkout" in html


@pytest.mark.django_db
def test_buy_now_adds_then_goes_to_checkout(client, product):
    page = add(client, product, action="buy")
    assert page["Location"] == reverse("checkout:checkout")
    assert len(items(client)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("variant_id", ["", "abc", "999999", "-1"])
def test_bad_variant_is_a_message_not_an_error(client, product, variant_id):
    page = client.post(
        reverse("cart:add"), {"variant_id": variant_id, "quantity": 1, "next": product.get_absolute_url()}, follow=True
    )
    assert page.status_code == 200
    assert 'class="alert alert-error"' in page.content.decode()
    assert not items(client)


@pytest.mark.django_db
def test_too_many_and_sold_out_are_messages_on_the_product_page(client, product, make_store, make_product):
    page = add(client, product, quantity=5)
    follow = client.get(page["Location"]).content.decode()
    assert "tinggal 3" in follow
    sold_out = make_product(make_store(), name="Buku Langka", stock=0)
    follow = client.get(add(client, sold_out)["Location"]).content.decode()
    assert "Stok habis" in follow
    assert not items(client)


@pytest.mark.django_db
def test_seller_cannot_buy_own_product(client, product):
    client.force_login(product.store.owner)
    follow = client.get(add(client, product)["Location"]).content.decode()
    assert "Tidak bisa membeli produk dari toko sendiri." in follow
    assert not items(client)


@pytest.mark.django_db
def test_change_quantity_and_remove(client, product):
    add(client, product)
    item = items(client)[0]
    assert client.post(reverse("cart:update", args=[item.pk]), {"quantity": "3"}).status_code == 302
    item.refresh_from_db()
    assert item.quantity == 3
    page = client.post(reverse("cart:update", args=[item.pk]), {"quantity": "nol"}, follow=True)
    assert "Jumlah harus berupa angka." in page.content.decode()
    item.refresh_from_db()
    assert item.quantity == 3
    assert client.post(reverse("cart:remove", args=[item.pk])).status_code == 302
    assert not items(client)
    assert "Keranjangmu masih kosong" in client.get("/keranjang/").content.decode()


@pytest.mark.django_db
def test_someone_elses_cart_item_is_404(client, product, make_user):
    other = make_user()
    client.force_login(other)
    add(client, product)
    theirs = items(client)[0]
    client.logout()
    assert client.post(reverse("cart:update", args=[theirs.pk]), {"quantity": 1}).status_code == 404
    assert client.post(reverse("cart:remove", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("cart:add")).status_code == 405


@pytest.mark.django_db
def test_cart_shows_stock_problems(client, product):
    from niaga.inventory.services import set_variant_stock

    add(client, product, quantity=2)
    set_variant_stock(variant=product.variants.get(), stock=0)
    html = client.get("/keranjang/").content.decode()
    assert "Stok habis" in html
