"""Stores over the API."""

import pytest

from niaga.accounts.services import issue_token
from niaga.conftest import png


@pytest.mark.django_db
def test_a_stores_logo_url_is_absolute_like_product_image_urls(client, make_user, make_store, make_product):
    owner = make_user("Penjual")
    store = make_store(owner=owner)
    product = make_product(store)
    key = issue_token(user=owner, scopes=["read", "products"])  # a seller's app: the store's profile
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    uploaded = client.post("/api/v1/seller/store/logo", {"logo": png("logo.png")}, **bearer)
    assert uploaded.status_code == 200

    logo_url = client.get(f"/api/v1/stores/{store.slug}").json()["logo_url"]
    image_url = client.get(f"/api/v1/products/{product.pk}").json()["images"][0]["url"]

    assert logo_url.startswith("http://testserver/media/")
    assert image_url.startswith("http://testserver/media/")
    assert uploaded.json()["logo_url"] == logo_url
