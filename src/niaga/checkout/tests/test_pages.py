"""The checkout page: quote, choices, "Buat Pesanan", and what a second buyer sees when stock ran out."""

import pytest
from django.urls import reverse

from niaga.cart import services as carts
from niaga.inventory.services import set_variant_stock
from niaga.orders.models import Order, OrderGroup

URL = "/checkout/"


@pytest.fixture
def buyer_with_cart(client, make_user, make_store, make_product, make_address):
    buyer = make_user("Pembeli")
    product = make_product(make_store(name="Toko Buku Kampus"), name="Buku Materi Kuliah Digital", stock=1)
    address = make_address(buyer)
    carts.add_item(cart=carts.cart_for(user=buyer, create=True), variant_id=product.variants.get().pk, quantity=1)
    client.force_login(buyer)
    return buyer, product, address


def form(product, address, **overrides):
    sid = product.store_id
    return {
        "address_id": address.pk,
        f"courier_{sid}": "jne_reg",
        f"note_{sid}": "",
        "payment_method": "va_bca",
        **overrides,
    }


@pytest.mark.django_db
def test_checkout_needs_login(client):
    page = client.get(URL)
    assert page.status_code == 302 and page["Location"] == "/masuk/?next=/checkout/"


@pytest.mark.django_db
def test_checkout_shows_address_couriers_methods_and_summary(client, buyer_with_cart):
    buyer, product, address = buyer_with_cart
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="address_id" value="{address.pk}" data-requote checked' in html
    assert f'name="courier_{product.store_id}"' in html and f'name="note_{product.store_id}"' in html
    assert "JNE REG — Rp" in html and " hari)</option>" in html
    assert "Virtual Account" in html and "E-Wallet" in html
    assert 'name="payment_method" value="va_bca"' in html and 'name="payment_method" value="gopay"' in html
    for label in ("Subtotal produk", "Ongkos kirim", "Biaya layanan", "Total tagihan"):
        assert label in html
    assert ">Buat Pesanan</button>" in html


@pytest.mark.django_db
def test_choosing_a_courier_requotes(client, buyer_with_cart):
    _, product, address = buyer_with_cart
    html = client.get(URL, {"address_id": address.pk, f"courier_{product.store_id}": "sicepat_reg"}).content.decode()
    assert '<option value="sicepat_reg" selected>' in html
    html = client.post(
        URL, {**form(product, address, **{f"courier_{product.store_id}": "jnt_ez"}), "action": "quote"}
    ).content.decode()
    assert '<option value="jnt_ez" selected>' in html
    assert not OrderGroup.objects.exists()


@pytest.mark.django_db
def test_no_address_asks_for_one(client, make_user, make_store, make_product):
    buyer = make_user()
    product = make_product(make_store())
    carts.add_item(cart=carts.cart_for(user=buyer, create=True), variant_id=product.variants.get().pk, quantity=1)
    client.force_login(buyer)
    html = client.get(URL).content.decode()
    assert "Tambahkan alamat pengiriman." in html
    assert f"{reverse('accounts:address_new')}?next=/checkout/" in html


@pytest.mark.django_db
def test_empty_cart(client, make_user):
    client.force_login(make_user())
    page = client.get(URL)
    assert page.status_code == 200 and "Keranjangmu kosong" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"payment_method": ""}, "Pilih metode pembayaran yang diterima toko."),
        ({"payment_method": "bitcoin"}, "Pilih metode pembayaran yang diterima toko."),
        ({"address_id": ""}, "Pilih alamat pengiriman."),
        ({"address_id": "abc"}, "Pilih alamat pengiriman."),
    ],
)
def test_bad_choices_are_refused_and_change_nothing(client, buyer_with_cart, fake_gateway, overrides, message):
    _, product, address = buyer_with_cart
    page = client.post(URL, form(product, address, **overrides))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not OrderGroup.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("note", "x" * 201, "Terlalu panjang: maks. 200 karakter (sekarang 201)."),
        ("courier", "j" * 31, "Terlalu panjang: maks. 30 karakter (sekarang 31)."),
    ],
)
def test_an_over_long_choice_is_refused_on_its_field_never_cut(
    client, buyer_with_cart, fake_gateway, field, typed, message
):
    _, product, address = buyer_with_cart
    name = f"{field}_{product.store_id}"
    page = client.post(URL, form(product, address, **{name: typed}))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Periksa kembali isian yang ditandai." in html
    assert f'<p class="field-error" id="err_{name}">{message}</p>' in html
    if field == "note":  # what was typed stays in the input, whole
        assert f'value="{typed}"' in html
    assert not OrderGroup.objects.exists()


@pytest.mark.django_db
def test_a_courier_the_store_does_not_offer_is_refused_on_its_field(client, buyer_with_cart, fake_gateway):
    _, product, address = buyer_with_cart
    name = f"courier_{product.store_id}"
    page = client.post(URL, form(product, address, **{name: "kuda_pos"}))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Kurir tidak tersedia untuk Toko Buku Kampus." in html
    assert f'<p class="field-error" id="err_{name}">Tidak tersedia.</p>' in html
    assert not OrderGroup.objects.exists()


@pytest.mark.django_db
def test_someone_elses_address_is_refused(client, buyer_with_cart, make_user, make_address, fake_gateway):
    _, product, _ = buyer_with_cart
    theirs = make_address(make_user())
    page = client.post(URL, form(product, theirs))
    assert page.status_code == 404
    assert "Alamat tidak ditemukan." in page.content.decode()
    assert not OrderGroup.objects.exists()


@pytest.mark.django_db
def test_buat_pesanan_goes_to_the_payment_page(client, buyer_with_cart, fake_gateway):
    buyer, product, address = buyer_with_cart
    page = client.post(URL, form(product, address, **{f"note_{product.store_id}": "Titip satpam"}))
    group = OrderGroup.objects.get(buyer=buyer)
    assert page.status_code == 302 and page["Location"] == reverse("payments:page", args=[group.code])
    order = Order.objects.get(group=group)
    assert order.note == "Titip satpam" and order.courier_code == "jne_reg"


@pytest.mark.django_db
def test_second_buyer_sees_stok_habis(client, buyer_with_cart, fake_gateway, make_user, make_address):
    """The seed's last unit: another buyer checks out first; this buyer must see "Stok habis"."""
    buyer, product, address = buyer_with_cart
    assert "Stok habis" not in client.get(URL).content.decode()
    other = make_user("Pembeli Lain")
    other_cart = carts.cart_for(user=other, create=True)
    carts.add_item(cart=other_cart, variant_id=product.variants.get().pk, quantity=1)
    from niaga.checkout import services as checkout

    checkout.place_order(user=other, cart=other_cart, address_id=make_address(other).pk, payment_method="gopay")

    html = client.get(URL).content.decode()
    assert "Stok habis" in html and 'id="checkout-problems"' in html
    page = client.post(URL, form(product, address))
    assert page.status_code == 409
    html = page.content.decode()
    assert 'id="page-error"' in html and "Stok habis" in html
    assert not OrderGroup.objects.filter(buyer=buyer).exists()


@pytest.mark.django_db
def test_stock_set_to_zero_shows_stok_habis(client, buyer_with_cart):
    _, product, _ = buyer_with_cart
    set_variant_stock(variant=product.variants.get(), stock=0)
    assert "Stok habis" in client.get(URL).content.decode()
