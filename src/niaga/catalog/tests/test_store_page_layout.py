"""The public store page on a desktop: the products come first, how to pay and the store's
policies after them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.browser
def test_on_a_desktop_the_store_page_shows_its_products_before_its_payment_methods(
    chromium, live_server, make_store, make_product
):
    store = make_store(name="Toko Buku Kampus", methods=["va_bca", "gopay"])
    make_product(store, name="Buku Materi Kuliah Digital")
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(reverse("stores:detail", args=[store.slug]))
    products = page.locator("h2:has-text('Produk (1)')").bounding_box()
    first_product = page.locator("text=Buku Materi Kuliah Digital").first.bounding_box()
    methods = page.locator("h2:has-text('Metode pembayaran')").bounding_box()
    assert products["y"] < methods["y"] and first_product["y"] < methods["y"]
    assert first_product["y"] < 900  # in the first screenful
    context.close()
