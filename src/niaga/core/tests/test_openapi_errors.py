"""The OpenAPI document lists the error answers every operation can give, in the error shape."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache

from niaga.accounts.services import issue_token


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _error_ref(answer) -> str:
    return answer["content"]["application/json"]["schema"]["$ref"]


def test_every_operation_behind_sign_in_documents_401(document):
    secured = [(p, m, op) for p, m, op in _operations(document) if op.get("security")]
    assert len(secured) >= 30
    for path, method, operation in secured:
        assert _error_ref(operation["responses"]["401"]) == "#/components/schemas/Error", (method, path)


def test_every_operation_that_takes_input_documents_422(document):
    for path, method, operation in _operations(document):
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], (method, path)
    assert "422" in document["paths"]["/api/v1/checkout/quote"]["post"]["responses"]
    assert "422" in document["paths"]["/api/v1/products"]["get"]["responses"]


def test_every_rate_limited_operation_documents_429_with_retry_after(document):
    for path, method, operation in _operations(document):
        if path == "/api/v1/payments/midtrans/notification":
            assert "429" not in operation["responses"]  # the gateway's callback is never limited
            continue
        answer = operation["responses"]["429"]
        assert _error_ref(answer) == "#/components/schemas/Error"
        assert answer["headers"]["Retry-After"]["required"] is True, (method, path)


def test_every_operation_on_a_named_object_documents_404(document):
    for path, method, operation in _operations(document):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)


@pytest.mark.django_db
def test_the_answers_the_document_promises_are_the_ones_given(client, document, settings, monkeypatch, make_user):
    """A 401, a 422 and a 429 from the running API, each listed for its operation."""
    token = issue_token(user=make_user())
    unauthenticated = client.get("/api/v1/cart")
    invalid = client.post(
        "/api/v1/cart/items",
        {"quantity": "banyak"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    settings.RATELIMIT_ENABLE = True
    settings.NIAGA_CLASS_SIZE = 1  # sign-ins per address at their floor, 20 a minute
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))  # one window
    cache.clear()
    try:
        answers = [
            client.post(
                "/api/v1/auth/token", {"email": "x@contoh.id", "password": "salah"}, content_type="application/json"
            )
            for _ in range(21)
        ]
    finally:
        cache.clear()
    limited = answers[-1]

    assert unauthenticated.status_code == 401 and "401" in document["paths"]["/api/v1/cart"]["get"]["responses"]
    assert invalid.status_code == 422 and "422" in document["paths"]["/api/v1/cart/items"]["post"]["responses"]
    assert limited.status_code == 429 and "429" in document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert limited["Retry-After"]
    for answer in (unauthenticated, invalid, limited):
        assert set(answer.json()) >= {"code", "message", "fields"}


def test_operations_that_wait_on_the_gateway_or_a_courier_document_503(document):
    for path in (
        "/api/v1/payments/{code}/method",
        "/api/v1/seller/orders/{order_id}/package",
        "/api/v1/seller/pickups",
    ):
        assert _error_ref(document["paths"][path]["post"]["responses"]["503"]) == "#/components/schemas/Error", path
