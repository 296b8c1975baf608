"""The OpenAPI document tells the truth: Schemathesis checks every operation against the app.

Each operation gets a fixed number of generated requests — valid ones and wrong ones — sent
with a buyer's bearer token (a buyer who also runs a store, so the seller's operations act on
real data) through the deployed WSGI application. Every answer must be documented: its status,
its content type, its headers and its body's schema; no answer may be a server error.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig

from niaga.accounts.services import issue_token
from niaga.api import api
from niaga.cart.services import add_item, cart_for
from niaga.core import clock
from niaga.notifications.services import notify
from niaga.orders import services as orders
from niaga.wsgi import application

# Bounded and repeatable: a fixed number of examples per operation, derandomised.
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 17,
        "generation": {"max-examples": 8, "deterministic": True, "mode": "all"},
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            "enabled": True,
            # Well-formed data the marketplace's rules refuse (a region that does not exist, a
            # sale that starts in the past) is a documented 400, like 404 and 409 for state.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", 400, 401, 403, 404, 409, 429, "5xx"]},
        },
        "suppress-health-check": ["all"],
        # The one upload with an optional second file: a generated form whose other parts are not
        # valid UTF-8 leaves Django's multipart parser with no files, and the answer is the
        # documented 422 naming the missing file; a real upload gets 201 or a 400 per field.
        "operations": [
            {
                "include-path": "/api/v1/seller/products-imports",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "3xx", 400, 401, 403, 404, 409, 422, 429, "5xx"]
                    }
                },
            }
        ],
    }
)


@pytest.fixture
def wsgi_app():
    """The deployed application; as Django's test client does, the end of a request must not
    close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, settings, make_user, make_store, make_product, make_address):
    """A buyer with an address, a cart, an order and a notification, who also sells."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # set up fast, 60 times
    product = make_product(make_store(), stock=50)
    me = make_user("Pembeli")
    make_product(make_store(owner=me), stock=5)
    address = make_address(me)
    variant = product.variants.get()
    draft = orders.OrderDraft(
        store_id=product.store_id,
        store_code="TOK",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=18000,
        lines=[orders.LineDraft(variant.pk, product.name, "", product.price, 1, product.weight_grams)],
    )
    orders.place_orders(
        buyer=me,
        drafts=[draft],
        shipping_address={"recipient_name": address.recipient_name},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=1),
    )
    notify(user=me, title="Pesanan dibuat", body="Segera bayar pesananmu.", email=False)
    add_item(cart=cart_for(user=me, create=True), variant_id=variant.pk, quantity=1)
    # Every scope a token can have, so each operation answers past the scope check.
    return f"Bearer {issue_token(user=me, scopes=['read', 'orders', 'products', 'payouts'])}"


# The document /api/v1/openapi.json serves (read here: collection has no database to ask).
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"))), config=CONFIG
)
schema.app = application


def test_the_document_checked_is_the_one_the_api_serves(client):
    assert client.get("/api/v1/openapi.json").json() == schema.raw_schema


@pytest.mark.django_db
@pytest.mark.timeout(120)  # one operation's examples; the whole run takes about two minutes
@schema.parametrize()
def test_every_operation_answers_as_its_document_says(case, bearer, wsgi_app):
    # Identity: the WSGI transport hands back the bytes as sent, and the app gzips for any
    # client that accepts it (core.compress); HTTP clients decode that themselves.
    case.call_and_validate(headers={"Authorization": bearer, "Accept-Encoding": "identity"})
