"""The orders API: an order's own answer carries its timeline; a list leaves it out and reads
the same number of queries for one order as for many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from niaga.accounts.services import issue_token


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}


def test_a_list_leaves_the_timeline_to_the_orders_own_answer(client, place):
    order = place().orders.get()
    auth = bearer(order.buyer)

    listed = client.get("/api/v1/orders", **auth).json()
    own = client.get(f"/api/v1/orders/{order.pk}", **auth).json()

    assert [o["id"] for o in listed] == [order.pk]
    assert listed[0]["events"] == []
    assert [(e["from_status"], e["to_status"], e["to_label"]) for e in own["events"]] == [
        ("", "awaiting_payment", "Menunggu Pembayaran")
    ]
    assert {**own, "events": []} == listed[0]


def test_a_sellers_list_reads_as_many_queries_for_three_orders_as_for_one(client, place, make_store, make_product):
    product = make_product(make_store(), stock=10)
    auth = bearer(product.store.owner)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/seller/orders", **auth).status_code == 200
        return len(queries)

    place(product=product)
    queries_for_the_list()  # the token's first use is written down once
    one = queries_for_the_list()
    place(product=product)
    place(product=product)
    three = queries_for_the_list()

    assert len(client.get("/api/v1/seller/orders", **auth).json()) == 3
    assert three == one
