"""Toko Saya: open a store, list and edit products, see the store's orders."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from niaga.catalog.models import Product
from niaga.conftest import png
from niaga.core import paymethods
from niaga.stores.models import Store


def store_form(**overrides):
    data = {
        "name": "Toko Buku Kampus",
        "slug": "",
        "province_code": "32",
        "city_code": "32.73",
        "description": "Buku kuliah.",
        "return_policy": "Retur 7 hari.",
        "warranty_policy": "",
        "payment_methods": ["va_bca", "gopay"],
    }
    data.update(overrides)
    return data


def product_form(cat, **overrides):
    data = {
        "name": "Buku Materi Kuliah Digital",
        "category": cat.pk,
        "price": "Rp5.000",
        "stock": "1",
        "weight_grams": "200",
        "condition": "new",
        "description": "Materi kuliah digital.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def seller(client, make_store):
    store = make_store(name="Toko Buku Kampus")
    client.force_login(store.owner)
    return store


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "open", "settings", "products", "product_new", "orders"])
def test_seller_pages_need_login(client, name):
    page = client.get(reverse(f"seller:{name}"))
    assert page.status_code == 302 and page["Location"].startswith("/masuk/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "settings", "products", "product_new", "orders"])
def test_without_a_store_you_are_sent_to_open_one(client, make_user, name):
    client.force_login(make_user())
    page = client.get(reverse(f"seller:{name}"))
    assert page.status_code == 302 and page["Location"] == reverse("seller:open")


@pytest.mark.django_db
def test_open_store_form_has_every_method_checked(client, make_user):
    client.force_login(make_user())
    html = client.get(reverse("seller:open")).content.decode()
    for code in paymethods.METHODS:
        assert f'name="payment_methods" value="{code}" checked' in html
    assert 'name="city_code"' in html and 'name="province_code"' in html and ">Buka Toko</button>" in html


@pytest.mark.django_db
def test_open_store_with_bad_input_shows_errors_and_creates_nothing(client, make_user):
    client.force_login(make_user())
    page = client.post(reverse("seller:open"), store_form(name="", city_code="99.99", payment_methods=[]))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nama toko wajib diisi." in html and "Pilih kota/kabupaten asal pengiriman." in html
    assert "Aktifkan setidaknya satu metode pembayaran." in html
    assert not Store.objects.exists()
    bad_logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    page = client.post(reverse("seller:open"), {**store_form(), "logo": bad_logo})
    assert page.status_code == 400 and "Bukan gambar yang didukung." in page.content.decode()
    assert not Store.objects.exists()


@pytest.mark.django_db
def test_open_store(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.post(reverse("seller:open"), {**store_form(), "logo": png("logo.png")})
    assert page.status_code == 302 and page["Location"] == reverse("seller:product_new")
    store = Store.objects.get(owner=user)
    assert store.slug == "toko-buku-kampus" and store.city_name == "Kota Bandung"
    assert store.payment_methods == ["va_bca", "gopay"] and store.logo
    assert client.get(reverse("seller:open"))["Location"] == reverse("seller:dashboard")


@pytest.mark.django_db
def test_store_settings(client, seller):
    html = client.get(reverse("seller:settings")).content.decode()
    assert 'value="32.73" selected' in html and 'value="Toko Buku Kampus"' in html
    page = client.post(reverse("seller:settings"), store_form(name="", slug="toko-buku-kampus"))
    assert page.status_code == 400
    seller.refresh_from_db()
    assert seller.name == "Toko Buku Kampus"
    page = client.post(
        reverse("seller:settings"),
        store_form(name="Toko Buku Kampus Baru", slug=seller.slug, payment_methods=["va_bni"]),
    )
    assert page.status_code == 302
    seller.refresh_from_db()
    assert seller.name == "Toko Buku Kampus Baru" and seller.payment_methods == ["va_bni"]


@pytest.mark.django_db
def test_dashboard(client, seller):
    page = client.get(reverse("seller:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Menunggu Pembayaran", "Perlu Dikemas", "Siap Dikirim", "Dikirim", "Sampai", "Selesai", "Dibatalkan"):
        assert label in html
    assert "Tambah Produk" in html


@pytest.mark.django_db
def test_new_product_with_bad_input_shows_errors_and_creates_nothing(client, seller, category):
    page = client.post(
        reverse("seller:product_new"), product_form(category, name="", price="lima ribu", weight_grams="0", category="")
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nama produk wajib diisi." in html and "Harga harus berupa angka bulat." in html
    assert "Berat (gram) minimal 1." in html and "Pilih kategori." in html
    assert not Product.objects.exists()
    fake = SimpleUploadedFile("foto.png", b"bukan gambar", content_type="image/png")
    page = client.post(reverse("seller:product_new"), {**product_form(category), "images": [fake]})
    assert page.status_code == 400 and "Bukan gambar yang didukung." in page.content.decode()
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_new_product_ends_with_a_link_to_copy(client, seller, category):
    """The seed's step 1: list "Buku Materi Kuliah Digital" at Rp5.000, stock 1, then copy its link."""
    page = client.post(reverse("seller:product_new"), {**product_form(category), "images": [png(), png("b.png")]})
    product = Product.objects.get(store=seller)
    assert page.status_code == 302 and page["Location"] == reverse("seller:product_edit", args=[product.pk]) + "?baru=1"
    assert product.price == 5000 and product.images.count() == 2
    html = client.get(page["Location"]).content.decode()
    assert "Produk berhasil ditayangkan" in html and 'id="copy-link"' in html
    link = re.search(r'id="share-url"[^>]*value="([^"]+)"', html).group(1)
    assert link == f"http://testserver/p/{seller.slug}/buku-materi-kuliah-digital/"
    assert client.get(link).status_code == 200
    assert "Buku Materi Kuliah Digital" in client.get(reverse("seller:products")).content.decode()


@pytest.mark.django_db
def test_edit_product(client, seller, make_product):
    product = make_product(seller, stock=1)
    url = reverse("seller:product_edit", args=[product.pk])
    html = client.get(url).content.decode()
    assert 'id="share-url"' in html and 'name="stock"' in html
    page = client.post(url, {"action": "save", **product_form(product.category, price="-3", stock="4")})
    assert page.status_code == 400 and "Harga minimal 1." in page.content.decode()
    product.refresh_from_db()
    assert product.price == 5000
    assert (
        client.post(url, {"action": "save", **product_form(product.category, price="7.500", stock="4")}).status_code
        == 302
    )
    product.refresh_from_db()
    assert product.price == 7500 and product.variants.get().stock.available == 4
    assert client.post(url, {"action": "toggle_active"}).status_code == 302
    product.refresh_from_db()
    assert not product.is_active
    assert client.post(url, {"action": "add_images", "images": [png("c.png")]}).status_code == 302
    assert product.images.count() == 2
    image = product.images.first()
    assert client.post(url, {"action": "delete_image", "image_id": image.pk}).status_code == 302
    assert product.images.count() == 1
    assert client.post(url, {"action": "add_images"}).status_code == 400
    assert client.post(url, {"action": "hack"}).status_code == 400


@pytest.mark.django_db
def test_another_stores_product_is_404(client, seller, make_store, make_product):
    theirs = make_product(make_store())
    url = reverse("seller:product_edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "toggle_active"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


@pytest.mark.django_db
def test_store_orders_show_menunggu_pembayaran(client, placed_order, make_product, make_user):
    buyer, group = placed_order()
    order = group.orders.get()
    client.force_login(order.store.owner)
    html = client.get(reverse("seller:orders")).content.decode()
    assert order.number in html and buyer.full_name in html and "Menunggu Pembayaran" in html
    html = client.get(reverse("seller:orders"), {"status": "awaiting_payment"}).content.decode()
    assert order.number in html
    assert order.number not in client.get(reverse("seller:orders"), {"status": "to_pack"}).content.decode()
    page = client.get(reverse("seller:order", args=[order.pk]))
    assert page.status_code == 200 and "Pesanan dibuat" in page.content.decode()
    client.force_login(make_user())
    assert client.get(reverse("seller:order", args=[order.pk])).status_code == 302  # no store → open one


@pytest.mark.django_db
def test_another_stores_order_is_404(client, placed_order, make_store):
    _, group = placed_order()
    other = make_store()
    client.force_login(other.owner)
    assert client.get(reverse("seller:order", args=[group.orders.get().pk])).status_code == 404


@pytest.mark.django_db
def test_balance_page_shows_the_money_and_refuses_a_bad_withdrawal(client, seller, bank_account, second_factor):
    page = client.get(reverse("seller:balance"))
    assert page.status_code == 200 and 'id="balance-available"' in page.content.decode()
    second_factor(client, seller.owner)  # a withdrawal asks for a second factor (accounts.stepup)
    no_account = client.post(reverse("seller:payout"), {"amount": "50.000"})
    html = no_account.content.decode()
    assert no_account.status_code == 400 and "Simpan rekening bank toko dulu" in html
    bank_account(seller)
    broke = client.post(reverse("seller:payout"), {"amount": "50.000"})
    assert broke.status_code == 409 and "Saldo tidak cukup." in broke.content.decode()
    from niaga.payments.models import Payout

    assert not Payout.objects.exists()
