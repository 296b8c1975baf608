"""A request body is a JSON object: any other JSON value is a 422 that changes nothing."""

import re

import pytest
from django.test import Client

from niaga.accounts.services import issue_token
from niaga.api import api
from niaga.cart.models import CartItem
from niaga.cart.services import add_item, cart_for
from niaga.orders.models import Order

NOT_OBJECTS = ["[null, null]", "null", "12", '"teks"', "[]", "true"]


def _json_body_operations():
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                yield path, method


@pytest.fixture
def seller_buyer(make_user, make_store, make_product, make_address):
    """A user with a store, an address and a cart: every operation reaches its body."""
    me = make_user("Penjual")
    make_store(owner=me)
    make_address(me)
    product = make_product(make_store(), stock=5)
    add_item(cart=cart_for(user=me, create=True), variant_id=product.variants.get().pk, quantity=1)
    return me


@pytest.mark.django_db
def test_a_quote_for_a_body_that_is_not_an_object_is_refused_and_changes_nothing(client, seller_buyer):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=seller_buyer)}"}
    for body in NOT_OBJECTS:
        response = client.post("/api/v1/checkout/quote", data=body, content_type="application/json", **bearer)
        assert response.status_code == 422, body
        assert response.json()["code"] == "validation_error"
    assert CartItem.objects.filter(cart__user=seller_buyer).count() == 1
    assert not Order.objects.exists()
    wrong_type = client.post(
        "/api/v1/checkout/quote", data={"address_id": False}, content_type="application/json", **bearer
    )
    assert wrong_type.status_code == 422 and "address_id" in wrong_type.json()["fields"]
    valid = client.post("/api/v1/checkout/quote", data={"couriers": {}}, content_type="application/json", **bearer)
    assert valid.status_code == 200
    assert valid.json()["subtotal"] == 5000


@pytest.mark.django_db
def test_every_operation_with_a_json_body_refuses_a_body_that_is_not_an_object(client, seller_buyer):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=seller_buyer)}"}
    accepted = []
    operations = list(_json_body_operations())
    for path, method in operations:
        url = re.sub(r"{[^}]+}", "1", path)  # the first row of each table: often the user's own
        for body in NOT_OBJECTS:
            response = getattr(client, method)(url, data=body, content_type="application/json", **bearer)
            if response.status_code < 400:
                accepted.append((method.upper(), path, body, response.status_code))
    assert len(operations) >= 15
    assert accepted == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/auth/register", "/api/v1/payments/midtrans/notification"])
@pytest.mark.parametrize(
    "body", [b"", b'--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.id\r\n--x--\r\n']
)
def test_a_form_sent_to_an_operation_that_reads_json_is_refused_not_a_server_error(path, body):
    client = Client(raise_request_exception=False)
    response = client.generic("POST", path, body, content_type="multipart/form-data; boundary=x")
    assert 400 <= response.status_code < 500, response.content[:200]
    assert response.json()["code"]


@pytest.mark.django_db
def test_an_integer_field_takes_a_whole_json_number_and_nothing_else(client, seller_buyer, make_store, make_product):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=seller_buyer)}"}
    variant = make_product(make_store(), stock=5).variants.get()
    for wrong in (True, False, str(variant.pk), variant.pk + 0.5, [variant.pk]):
        response = client.post("/api/v1/cart/items", {"variant_id": wrong}, content_type="application/json", **bearer)
        assert response.status_code == 422, wrong
        assert "variant_id" in response.json()["fields"]
    assert CartItem.objects.filter(cart__user=seller_buyer).count() == 1
    whole = client.post(
        "/api/v1/cart/items", {"variant_id": float(variant.pk)}, content_type="application/json", **bearer
    )
    assert whole.status_code == 201
