"""The public store page, a catalog page."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_store_page_shows_profile_methods_policies_and_products(client, make_store, make_product):
    store = make_store(
        name="Toko Buku Kampus",
        description="Buku kuliah murah.",
        warranty_policy="Garansi 30 hari.",
        methods=["va_bca", "gopay"],
    )
    make_product(store, name="Buku Materi Kuliah Digital")
    page = client.get(reverse("stores:detail", args=[store.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Toko Buku Kampus",
        "Kota Bandung",
        "Buku kuliah murah.",
        "Garansi 30 hari.",
        "BCA Virtual Account",
        "GoPay",
        "Virtual Account",
        "E-Wallet",
        "Buku Materi Kuliah Digital",
    ):
        assert text in html
    assert "BNI Virtual Account" not in html


@pytest.mark.django_db
def test_unknown_store_is_404(client):
    assert client.get("/toko/tidak-ada/").status_code == 404
