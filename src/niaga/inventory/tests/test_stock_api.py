"""The seller's stock over the API: history, levels, transfers and counts, scoped to their store."""

import pytest

from niaga.accounts.services import issue_token
from niaga.inventory import locations
from niaga.inventory.models import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(make_store, make_product, second_warehouse):
    store = make_store()
    variant = make_product(store, stock=5).variants.get()
    return store, variant, locations.default_for_store(store.pk), second_warehouse(store).pk


def call(client, user, method, path, body=None, scopes=("products",)):
    token = issue_token(user=user, name="app", scopes=list(scopes))
    return getattr(client, method)(
        f"/api/v1{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_movements_list_the_stores_history_filtered(client, shop, make_store, make_product):
    store, variant, here, _ = shop
    make_product(make_store(), stock=9)  # another store's history is not listed
    answer = call(client, store.owner, "get", "/seller/stock/movements?reason=opening")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    assert body["items"][0]["variant_id"] == variant.pk and body["items"][0]["on_hand_change"] == 5
    assert call(client, store.owner, "get", "/seller/stock/movements?reason=sold").json()["count"] == 0
    assert call(client, store.owner, "get", "/seller/stock/movements?reason=nonsense").status_code == 422


def test_a_transfer_and_the_levels_after_it(client, shop):
    store, variant, here, far = shop
    body = {"source_id": here, "destination_id": far, "lines": [{"variant_id": variant.pk, "quantity": 2}]}
    answer = call(client, store.owner, "post", "/seller/stock/transfers", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["number"].startswith("TRF-")
    levels = {
        row["location_id"]: row["available"] for row in call(client, store.owner, "get", "/seller/stock/levels").json()
    }
    assert levels == {here: 3, far: 2}
    too_many = {**body, "lines": [{"variant_id": variant.pk, "quantity": 9}]}
    refused = call(client, store.owner, "post", "/seller/stock/transfers", too_many)
    assert refused.status_code == 409 and refused.json()["fields"]
    assert call(client, store.owner, "post", "/seller/stock/transfers", body, scopes=("orders",)).status_code == 403


def test_a_count_started_entered_and_confirmed(client, shop, make_store):
    store, variant, here, _ = shop
    started = call(client, store.owner, "post", "/seller/stock/counts", {"location_id": here})
    assert started.status_code == 201
    count = started.json()
    stock_id = count["lines"][0]["stock_id"]
    entered = call(
        client,
        store.owner,
        "put",
        f"/seller/stock/counts/{count['id']}/lines",
        {"lines": [{"stock_id": stock_id, "counted": 4, "why": "hilang"}]},
    )
    assert entered.status_code == 200 and entered.json()["lines"][0]["counted"] == 4
    bad = call(
        client,
        store.owner,
        "put",
        f"/seller/stock/counts/{count['id']}/lines",
        {"lines": [{"stock_id": stock_id, "counted": -1}]},
    )
    assert bad.status_code == 422
    confirmed = call(client, store.owner, "post", f"/seller/stock/counts/{count['id']}/confirm")
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["lines"][0]["adjusted"] == -1
    assert Stock.objects.get(variant=variant).on_hand == 4
    stranger = make_store().owner
    assert call(client, stranger, "get", f"/seller/stock/counts/{count['id']}").status_code == 404
    assert call(client, stranger, "post", f"/seller/stock/counts/{count['id']}/confirm").status_code == 404
    assert call(client, stranger, "post", "/seller/stock/counts", {"location_id": here}).status_code == 400
