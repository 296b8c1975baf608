"""Toko Saya's forms refuse an over-long value on its field and save nothing; nothing is cut to fit."""

import pytest
from django.urls import reverse

from niaga.catalog.models import Product
from niaga.conftest import png
from niaga.promotions.models import Campaign
from niaga.sellercenter.tests.test_pages import product_form, store_form
from niaga.stores.models import Store


@pytest.fixture
def seller(client, make_store):
    store = make_store(name="Toko Buku Kampus")
    client.force_login(store.owner)
    return store


def field_error(html: str, field: str) -> str:
    start = html.index(f'<p class="field-error" id="err_{field}">') + len(f'<p class="field-error" id="err_{field}">')
    return html[start : html.index("</p>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Toko Buku Kampus Bandung " * 4, "Nama toko maks. 80 karakter."),
        ("description", "Buku kuliah. " * 400, "Teks terlalu panjang (maks. 5000 karakter)."),
        ("return_policy", "R" * 5001, "Teks terlalu panjang (maks. 5000 karakter)."),
    ],
)
def test_open_store_refuses_an_over_long_value_on_its_field(client, make_user, field, value, message):
    client.force_login(make_user())
    page = client.post(reverse("seller:open"), store_form(**{field: value}))
    assert page.status_code == 400
    assert field_error(page.content.decode(), field) == message
    assert not Store.objects.exists()


@pytest.mark.django_db
def test_store_settings_keep_the_old_name_when_the_new_one_is_too_long(client, seller):
    page = client.post(reverse("seller:settings"), store_form(name="N" * 81))
    assert page.status_code == 400 and field_error(page.content.decode(), "name") == "Nama toko maks. 80 karakter."
    seller.refresh_from_db()
    assert seller.name == "Toko Buku Kampus"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Buku Materi Kuliah Digital " * 6, "Nama produk maks. 120 karakter."),
        ("description", "x" * 10_001, "maks. 10000 karakter (sekarang 10001)"),
        ("price", "5" * 21, "maks. 20 karakter (sekarang 21)"),
    ],
)
def test_new_product_refuses_an_over_long_value_on_its_field(client, seller, category, field, value, message):
    page = client.post(reverse("seller:product_new"), product_form(category, **{field: value}))
    assert page.status_code == 400
    assert message in field_error(page.content.decode(), field)
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_edit_product_refuses_an_over_long_name_and_keeps_the_old_one(client, seller, make_product):
    product = make_product(seller, name="Buku Lama")
    url = reverse("seller:product_edit", args=[product.pk])
    page = client.post(url, {"action": "save", **product_form(product.category, name="B" * 121)})
    assert page.status_code == 400
    assert field_error(page.content.decode(), "name") == "Nama produk maks. 120 karakter."
    product.refresh_from_db()
    assert product.name == "Buku Lama"


@pytest.mark.django_db
def test_more_than_eight_photos_are_refused_not_dropped(client, seller, category):
    photos = [png(f"{i}.png") for i in range(9)]
    page = client.post(reverse("seller:product_new"), {**product_form(category), "images": photos})
    assert page.status_code == 400
    assert field_error(page.content.decode(), "images") == "Maks. 8 gambar per produk."
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_the_bank_account_form_refuses_an_over_long_account_name(seller):
    from niaga.sellercenter.forms import BankAccountForm

    form = BankAccountForm({"bank": "bca", "account_number": "1234567890", "account_name": "A" * 81})
    assert not form.checked()
    assert "maks. 80 karakter (sekarang 81)" in form.field_errors()["account_name"]


@pytest.mark.django_db
def test_flash_sale_refuses_an_over_long_name_instead_of_cutting_it(client, seller, make_product):
    variant = make_product(seller, stock=10).variants.get()
    data = {
        "name": "Harbolnas 11.11 " * 6,
        "variant": variant.pk,
        "price": "1.000",
        "quota": "5",
        "per_buyer_limit": "1",
        "starts_at": "2030-11-11T00:00",
        "ends_at": "2030-11-11T02:00",
    }
    page = client.post(reverse("seller:flash_sales"), data)
    assert page.status_code == 400
    assert field_error(page.content.decode(), "name") == "3–80 huruf."
    assert not Campaign.objects.exists()
