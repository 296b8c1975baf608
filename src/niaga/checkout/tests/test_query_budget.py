"""What one checkout costs the database: a buyer's "add to cart" and "Buat Pesanan" through
the API take at most 27 SQL statements together, BEGIN and COMMIT included, counted as the
app runs them (background jobs queued, not run inline). The benchmark (bench/queries.py)
reads the same figure off a running shop. Holding stock per location (issue 21) costs two
statements by design: the level's conditional UPDATE beside the Stock total's, and the one
INSERT of the checkout's RESERVED movements."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from niaga.orders.models import Order
from niaga.payments.models import PaymentAttempt

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 27


@pytest.fixture
def jobs_queued():
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def test_add_to_cart_and_buat_pesanan_fit_the_budget(
    sandbox, make_user, make_store, make_product, make_address, jobs_queued
):
    from niaga.accounts.services import issue_token

    store = make_store()
    variants = [make_product(store, name=f"Buku {i}", stock=50).variants.get().pk for i in range(3)]
    buyer = make_user("Pembeli")
    address = make_address(buyer)
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=buyer, name='app')}"}
    costs = []
    for variant in variants:  # the first round also makes the cart and stamps the token's "last used"
        with CaptureQueriesContext(connection) as add:
            added = client.post(
                "/api/v1/cart/items", {"variant_id": variant, "quantity": 1}, content_type="application/json", **auth
            )
        with CaptureQueriesContext(connection) as place:
            placed = client.post(
                "/api/v1/checkout",
                {"address_id": address.pk, "payment_method": "va_bca"},
                content_type="application/json",
                **auth,
            )
        assert added.status_code == 201 and placed.status_code == 201, placed.content
        assert placed.json()["va_number"] and placed.json()["orders"][0]["status"] == "awaiting_payment"
        costs.append((len(add), len(place)))
    statements = "\n".join(q["sql"][:120] for q in add.captured_queries + place.captured_queries)
    assert max(a + p for a, p in costs) <= BUDGET, f"{costs}\n{statements}"  # a new buyer's first checkout too
    # Nothing was skipped to get there: three orders, each reserved, charged and waiting.
    assert Order.objects.filter(buyer=buyer, status="awaiting_payment").count() == 3
    assert PaymentAttempt.objects.filter(group__buyer=buyer, status="pending").exclude(va_number="").count() == 3
    assert len(jobs_queued) > 0  # the seller's e-mails wait for a consumer
