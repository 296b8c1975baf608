"""Every API operation, fed malformed input, answers 4xx with the error shape — never 5xx."""

import itertools
import json

import pytest
from django.test import Client

from niaga.accounts.services import issue_token
from niaga.api import api
from niaga.cart.services import add_item, cart_for

BAD_BODIES = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'"text"',
    b"12",
    json.dumps({"unexpected": True}).encode(),
    '{"name": "\u0000"}'.encode(),
]
BAD_PATH_VALUES = ["999999999", "-1", "abc", "0", "9" * 40, "%00", "..%2F..%2Fetc"]


def _wrong_values(schema: dict):
    """Values of the wrong type or out of range for each property of a request schema."""
    wrong: tuple[object, ...] = (None, "", "x" * 20000, -1, 0, 10**30, 1.5, [], {}, True, "<script>")
    for name in schema.get("properties", {}):
        for value in wrong:
            yield {name: value}


def _operations():
    spec = api.get_openapi_schema()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body_schema = {}
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"]["schema"].get("$ref", "")
                body_schema = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            yield path, method, op, body_schema


@pytest.fixture
def world(make_user, make_store, make_product, make_address, category):
    seller = make_user("Penjual")
    store = make_store(owner=seller)
    product = make_product(store, stock=5)
    buyer = make_user("Pembeli")
    make_address(buyer)
    add_item(cart=cart_for(user=buyer, create=True), variant_id=product.variants.get().pk, quantity=1)
    return {"buyer": issue_token(user=buyer), "seller": issue_token(user=seller)}


def _fill(path: str, value: str) -> str:
    out = path
    while "{" in out:
        start, end = out.index("{"), out.index("}")
        out = out[:start] + value + out[end + 1 :]
    return out


@pytest.mark.django_db
@pytest.mark.timeout(900)  # hundreds of requests: minutes on a slow machine
def test_malformed_requests_never_cause_a_server_error(world):
    client = Client(raise_request_exception=False)
    failures = []
    checked = 0
    for (path, method, _op, body_schema), who in itertools.product(_operations(), ["buyer", "seller", None]):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world[who]}"} if who else {}
        values = BAD_PATH_VALUES if "{" in path else [""]
        bodies = BAD_BODIES + [json.dumps(b).encode() for b in _wrong_values(body_schema)] if method != "get" else [b""]
        for value, body in itertools.product(values, bodies):
            url = _fill(path, value)
            if method == "get":
                response = client.get(url, {"q": "x" * 500, "min_price": "abc", "tab": "???", "limit": "-5"}, **headers)
            else:
                response = getattr(client, method)(url, data=body, content_type="application/json", **headers)
            checked += 1
            if response.status_code >= 500:
                failures.append((method.upper(), url, body[:80], response.status_code))
            elif response.status_code >= 400 and response.headers.get("Content-Type", "").startswith(
                "application/json"
            ):
                payload = response.json()
                if "code" not in payload or "message" not in payload:
                    failures.append((method.upper(), url, body[:80], "error without code/message"))
    assert checked > 1000
    assert failures == []


def test_the_openapi_document_covers_every_operation(client):
    spec = client.get("/api/v1/openapi.json").json()
    operations = [(p, m) for p, ms in spec["paths"].items() for m in ms]
    assert len(operations) >= 40
    assert all(spec["paths"][p][m].get("operationId") for p, m in operations)
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, body",
    [
        ("get", "/api/v1/stores/%00", None),
        ("get", "/api/v1/products?q=buku%00", None),
        ("post", "/api/v1/auth/register", '{"email": "a@b.id", "password": "x", "full_name": "\\u0000"}'),
        ("get", "/cari/?q=%00", None),
    ],
)
def test_nul_characters_are_refused_before_the_database_sees_them(client, method, url, body):
    response = getattr(client, method)(url, data=body, content_type="application/json") if body else client.get(url)
    assert response.status_code == 400
