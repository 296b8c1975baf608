"""Anonymous catalogue pages and API reads come from the shared cache, with an ETag a CDN
can use; a change to a product retires them at once; nothing personal is ever kept."""

import pytest
from django.core.cache import cache

from niaga.catalog.services import update_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_a_product_page_is_kept_for_visitors_and_retired_when_the_price_changes(client, page_cache, make_store, make_product):
    product = make_product(make_store(), price=50_000, stock=3)
    url = product.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and "X-Cache" not in first and first["Cache-Control"] == "public, max-age=30"
    assert "Set-Cookie" not in str(first.cookies) and "csrfmiddlewaretoken" not in first.content.decode()
    second = client.get(url)
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    update_product(product=product, data={"price": 45_000})
    fresh = client.get(url)
    assert "X-Cache" not in fresh and "Rp45.000" in fresh.content.decode()


def test_signed_in_buyers_and_token_apps_always_get_their_own_page(client, page_cache, make_store, make_product, make_user):
    product = make_product(make_store())
    url = product.get_absolute_url()
    client.get(url)
    client.force_login(make_user("Pembeli"))
    mine = client.get(url)
    assert "X-Cache" not in mine and "csrfmiddlewaretoken" in mine.content.decode()
    assert "X-Cache" not in client.get("/api/v1/products", HTTP_AUTHORIZATION="Bearer nga_x")


def test_api_reads_are_kept_and_writes_never(client, page_cache, make_store, make_product):
    make_product(make_store())
    client.get("/api/v1/products")
    assert client.get("/api/v1/products")["X-Cache"] == "hit"
    assert client.post("/api/v1/cart/items", {}, content_type="application/json").status_code in (400, 401, 403, 422)


def test_an_anonymous_buyer_still_adds_to_cart_from_a_kept_page(client, page_cache, make_store, make_product):
    product = make_product(make_store(), stock=2)
    page = client.get(product.get_absolute_url()).content.decode()
    assert 'data-csrf-late="/api/v1/auth/csrf"' in page
    token = client.get("/api/v1/auth/csrf").json()["csrf_token"]  # what the page's script does on "Beli"
    client_checks = client.handler.enforce_csrf_checks
    client.handler.enforce_csrf_checks = True
    try:
        added = client.post("/keranjang/tambah/", {"variant_id": product.variants.get().pk, "quantity": 1, "csrfmiddlewaretoken": token})
    finally:
        client.handler.enforce_csrf_checks = client_checks
    assert added.status_code == 302
    assert "X-Cache" not in client.get(product.get_absolute_url())  # now a guest with a cart: personal


def test_pages_from_the_cache_are_counted_apart_in_the_metrics(client, page_cache, make_store, make_product):
    product = make_product(make_store())
    client.get(product.get_absolute_url())
    client.get(product.get_absolute_url())
    assert 'route="page-cache"' in client.get("/metrics").content.decode()
