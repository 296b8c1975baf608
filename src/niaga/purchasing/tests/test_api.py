"""The API: create and move POs, receive with an Idempotency-Key, read advice; scopes and
another store's 404s; bad input is a 4xx that changes nothing."""

import json

import pytest

from niaga.accounts.services import issue_token
from niaga.inventory.models import Stock
from niaga.purchasing.models import PurchaseOrder, Receipt, Supplier


def _post(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def api(client, shop):
    client.force_login(shop.owner)
    return client


def test_a_po_from_creation_to_receipt(api, shop):
    made = _post(
        api,
        "/api/v1/seller/purchase-orders",
        {
            "supplier_id": shop.supplier.pk,
            "expected_date": "2026-12-20",
            "lines": [{"variant_id": shop.kopi.pk, "quantity": 6, "unit_cost": 25000}],
        },
    )
    assert made.status_code == 201, made.content
    po = made.json()
    assert po["status"] == "draft" and po["total"] == 150000 and po["number"].startswith("PO-")
    assert api.post(f"/api/v1/seller/purchase-orders/{po['id']}/order").json()["status"] == "ordered"
    line_id = po["lines"][0]["id"]
    body = {"purchase_order_id": po["id"], "lines": [{"po_line_id": line_id, "quantity": 4}]}
    first = _post(api, "/api/v1/seller/receipts", body, HTTP_IDEMPOTENCY_KEY="abc-1")
    again = _post(api, "/api/v1/seller/receipts", body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Stock.objects.get(variant=shop.kopi).on_hand == 14
    detail = api.get(f"/api/v1/seller/purchase-orders/{po['id']}").json()
    assert detail["status"] == "partial" and detail["lines"][0]["remaining"] == 2
    refused = api.post(f"/api/v1/seller/purchase-orders/{po['id']}/cancel")
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
    assert api.post(f"/api/v1/seller/purchase-orders/{po['id']}/close").json()["status"] == "closed"


def test_bad_input_is_a_4xx_and_changes_nothing(api, shop):
    for body in (
        {"supplier_id": shop.supplier.pk, "lines": []},
        {"supplier_id": shop.supplier.pk, "lines": [{"variant_id": shop.kopi.pk, "quantity": 0, "unit_cost": 1}]},
        {"supplier_id": shop.supplier.pk, "lines": [{"variant_id": 999999, "quantity": 1, "unit_cost": 1}]},
        {"supplier_id": 999999, "lines": [{"variant_id": shop.kopi.pk, "quantity": 1, "unit_cost": 1}]},
        {"supplier_id": shop.supplier.pk, "lines": [{"variant_id": shop.kopi.pk, "quantity": 1, "unit_cost": -5}]},
    ):
        answer = _post(api, "/api/v1/seller/purchase-orders", body)
        assert 400 <= answer.status_code < 500, answer.content
    assert not PurchaseOrder.objects.exists()
    over = _post(
        api, "/api/v1/seller/receipts", {"lines": [{"variant_id": shop.kopi.pk, "quantity": 2}]}
    )  # ad hoc needs a cost
    assert over.status_code == 400 and "lines.0.unit_cost" in over.json()["fields"]
    assert _post(api, "/api/v1/seller/suppliers", {"name": "  "}).status_code == 400
    assert not Receipt.objects.exists() and Supplier.objects.count() == 1


def test_suppliers_and_advice(api, shop):
    made = _post(api, "/api/v1/seller/suppliers", {"name": "PT Kopi Nusantara", "lead_time_days": 3, "email": "a@b.id"})
    assert made.status_code == 201
    sid = made.json()["id"]
    patched = api.patch(
        f"/api/v1/seller/suppliers/{sid}", data=json.dumps({"is_active": False}), content_type="application/json"
    )
    assert patched.json()["is_active"] is False
    assert len(api.get("/api/v1/seller/suppliers").json()["items"]) == 2
    advice = api.get("/api/v1/seller/reorder-advice").json()
    assert [a["variant_id"] for a in advice] == [shop.teh.pk]  # sold out; kopi is fine
    assert advice[0]["state"] == "out" and advice[0]["days_of_cover"] is None


def test_another_stores_seller_gets_404(client, shop, make_store):
    po = PurchaseOrder.objects.create(store=shop.store, number="PO-X", supplier=shop.supplier, location_id=_loc(shop))
    stranger = make_store().owner
    client.force_login(stranger)
    for url in (
        f"/api/v1/seller/suppliers/{shop.supplier.pk}",
        f"/api/v1/seller/purchase-orders/{po.pk}",
        f"/toko-saya/pemasok/{shop.supplier.pk}/",
        f"/toko-saya/pembelian/{po.pk}/",
        f"/toko-saya/pembelian/{po.pk}/terima/",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("order", "cancel"):
        assert client.post(f"/api/v1/seller/purchase-orders/{po.pk}/{url}").status_code == 404
    received = _post(
        client, "/api/v1/seller/receipts", {"purchase_order_id": po.pk, "lines": [{"po_line_id": 1, "quantity": 1}]}
    )
    assert received.status_code == 404
    po.refresh_from_db()
    assert po.status == "draft"


def _loc(shop):
    from niaga.fulfillment.services import store_location

    return store_location(store=shop.store).pk


def test_writes_need_the_products_scope(client, shop):
    reader = issue_token(user=shop.owner, name="baca", scopes=["read"])
    writer = issue_token(user=shop.owner, name="tulis", scopes=["read", "products"])
    assert client.get("/api/v1/seller/suppliers", HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 200
    body = {"name": "Pemasok Baru"}
    assert _post(client, "/api/v1/seller/suppliers", body, HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 403
    assert _post(client, "/api/v1/seller/suppliers", body, HTTP_AUTHORIZATION=f"Bearer {writer}").status_code == 201


def test_a_variants_reorder_settings(api, shop, make_store, make_product):
    url = f"/api/v1/seller/reorder-settings/{shop.kopi.pk}"
    answer = api.put(url, data=json.dumps({"min_stock": 12, "lead_time_days": 3}), content_type="application/json")
    assert answer.json() == {"variant_id": shop.kopi.pk, "min_stock": 12, "lead_time_days": 3}
    [row] = api.get("/api/v1/seller/reorder-advice").json()[1:]  # after the sold-out teh
    assert (row["variant_id"], row["reorder_point"], row["lead_time_days"]) == (shop.kopi.pk, 12, 3)
    foreign = make_product(make_store()).variants.get()
    body = json.dumps({"min_stock": 1})
    assert (
        api.put(f"/api/v1/seller/reorder-settings/{foreign.pk}", data=body, content_type="application/json").status_code
        == 404
    )
