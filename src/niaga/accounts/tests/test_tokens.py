"""API tokens carry scopes, expire, end when their owner signs out with them or ends them,
and are listed with where and on what they were made. Every operation that changes something
needs a scope, by construction: the OpenAPI walk below fails on a write no rule names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.accounts import scopes
from niaga.accounts.models import ApiToken
from niaga.accounts.services import create_token, issue_token
from niaga.api import api
from niaga.audit.models import Event
from niaga.cart.models import CartItem

pytestmark = pytest.mark.django_db

WRITES = {"post", "put", "patch", "delete"}


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_every_write_operation_in_the_api_needs_a_scope():
    """Walks the OpenAPI document: a signed-in write whose path no rule in scopes.WRITES names
    fails here (tokens are refused it meanwhile: fail closed)."""
    document = api.get_openapi_schema()
    unnamed, seen = [], 0
    for path, operations in document["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method, operation in operations.items():
            if method not in WRITES or not operation.get("security"):
                continue
            seen += 1
            if scopes.required(method, concrete) is None:
                unnamed.append(f"{method.upper()} {path}")
    assert seen > 50
    assert unnamed == []


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/api/v1/orders", scopes.READ),
        ("POST", "/api/v1/cart/items", scopes.ORDERS),
        ("POST", "/api/v1/checkout", scopes.ORDERS),
        ("POST", "/api/v1/seller/orders/7/ship", scopes.ORDERS),
        ("POST", "/api/v1/seller/products", scopes.PRODUCTS),
        ("POST", "/api/v1/seller/store/logo", scopes.PRODUCTS),
        ("POST", "/api/v1/seller/payouts", scopes.PAYOUTS),
        ("POST", "/api/v1/operator/complaints/3/decide", scopes.OPERATOR),
        ("POST", "/api/v1/auth/logout", scopes.NONE),
        ("POST", "/api/v1/something-new", None),
    ],
)
def test_the_scope_table(method, path, scope):
    assert scopes.required(method, path) == scope


@pytest.fixture
def variant(make_store, make_product):
    return make_product(make_store(), stock=5).variants.get()


def add_to_cart(client, key, variant):
    return client.post(
        "/api/v1/cart/items",
        {"variant_id": variant.pk, "quantity": 1},
        content_type="application/json",
        headers=bearer(key),
    )


def test_a_token_without_the_scope_is_refused_and_changes_nothing(client, make_user, variant):
    user = make_user()
    reader = issue_token(user=user, scopes=["read"])
    answer = add_to_cart(client, reader, variant)
    assert answer.status_code == 403
    assert answer.json()["code"] == "scope_missing"
    assert "orders" in answer.json()["message"]
    assert not CartItem.objects.exists()
    assert client.get("/api/v1/me", headers=bearer(reader)).status_code == 200  # reading is fine

    buyer_app = issue_token(user=user)  # default: read + orders
    assert add_to_cart(client, buyer_app, variant).status_code == 201


def test_a_buyers_token_cannot_touch_the_catalogue_or_payouts(client, make_store, make_user):
    store = make_store()
    key = issue_token(user=store.owner)  # read + orders
    product = client.post(
        "/api/v1/seller/products",
        {"name": "Kaos", "price": 50000, "stock": 3, "weight_grams": 200},
        content_type="application/json",
        headers=bearer(key),
    )
    assert product.status_code == 403 and product.json()["code"] == "scope_missing"
    payout = client.post(
        "/api/v1/seller/payouts", {"amount": 10000}, content_type="application/json", headers=bearer(key)
    )
    assert payout.status_code == 403 and payout.json()["code"] == "scope_missing"


def test_operator_actions_are_never_a_tokens(client, make_user):
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    key = issue_token(user=staff, scopes=list(scopes.GRANTABLE))
    answer = client.post(
        "/api/v1/operator/reviews/1/hide", {"reason": "x"}, content_type="application/json", headers=bearer(key)
    )
    assert answer.status_code == 403 and answer.json()["code"] == "scope_missing"


def test_the_session_is_not_scope_limited(client, make_user, variant):
    client.force_login(make_user())
    assert (
        client.post(
            "/api/v1/cart/items", {"variant_id": variant.pk, "quantity": 1}, content_type="application/json"
        ).status_code
        == 201
    )


def test_an_expired_token_is_an_invalid_token(client, make_user):
    user = make_user()
    token, key = create_token(user=user, days=1)
    assert client.get("/api/v1/me", headers=bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = client.get("/api/v1/me", headers=bearer(key))
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_token"


def test_a_token_lives_ninety_days_unless_asked_for_less(client, make_user, settings):
    user = make_user()
    answer = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "rahasia-kuat-123", "name": "HP Budi"},
        content_type="application/json",
        HTTP_USER_AGENT="NiagaApp/2.1 (Android 13)",
        REMOTE_ADDR="10.20.0.5",
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["scopes"] == ["read", "orders"]
    token = ApiToken.objects.get()
    assert dt.timedelta(days=89) < token.expires_at - timezone.now() <= dt.timedelta(days=90)
    assert (token.created_ip, token.user_agent) == ("10.20.0.5", "NiagaApp/2.1 (Android 13)")
    assert token.digest == ApiToken.digest_of(body["token"])  # only the digest is kept

    short = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "rahasia-kuat-123", "scopes": ["read", "products"], "days": 7},
        content_type="application/json",
    )
    assert short.status_code == 201 and short.json()["scopes"] == ["read", "products"]
    too_long = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "rahasia-kuat-123", "days": 400},
        content_type="application/json",
    )
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid_expiry"
    unknown = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "rahasia-kuat-123", "scopes": ["admin"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid_scope"


def test_signing_out_with_a_token_revokes_it(client, make_user):
    user = make_user()
    key = issue_token(user=user)
    other = issue_token(user=user)
    answer = client.post("/api/v1/auth/logout", headers=bearer(key))
    assert answer.status_code == 200
    after = client.get("/api/v1/me", headers=bearer(key))
    assert after.status_code == 401 and after.json()["code"] == "invalid_token"
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200  # only that one
    event = Event.objects.get(action="token.revoked")
    assert event.user == user and "token" not in str(event.changes).lower()


def test_listing_and_ending_tokens(client, make_user):
    user, stranger = make_user(), make_user()
    key = issue_token(user=user, name="Kasir")
    token = ApiToken.objects.get(user=user)
    theirs = create_token(user=stranger, name="Milik orang")[0]
    ended = create_token(user=user, name="Lama")[0]
    client.post("/api/v1/auth/logout", headers=bearer(create_token(user=user)[1]))
    ApiToken.objects.filter(pk=ended.pk).update(revoked_at=timezone.now())

    listed = client.get("/api/v1/me/tokens", headers=bearer(key)).json()
    assert [(t["name"], t["current"]) for t in listed] == [("Kasir", True)]
    assert set(listed[0]) >= {"scopes", "created_at", "last_used_at", "created_ip", "device", "expires_at"}
    assert "token" not in listed[0] and "digest" not in listed[0]

    foreign = client.delete(f"/api/v1/me/tokens/{theirs.pk}", headers=bearer(key))
    assert foreign.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None

    assert client.delete(f"/api/v1/me/tokens/{token.pk}", headers=bearer(key)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(key)).status_code == 401


def test_a_token_makes_tokens_no_wider_than_itself(client, make_user):
    user = make_user()
    key = issue_token(user=user, scopes=["read", "orders"])
    wider = client.post(
        "/api/v1/me/tokens",
        {"name": "x", "scopes": ["read", "payouts"]},
        content_type="application/json",
        headers=bearer(key),
    )
    assert wider.status_code == 403 and wider.json()["code"] == "scope_missing"
    same = client.post(
        "/api/v1/me/tokens", {"name": "Tablet", "days": 30}, content_type="application/json", headers=bearer(key)
    )
    assert same.status_code == 201
    made = same.json()
    assert made["token"].startswith("nga_") and made["scopes"] == ["read", "orders"]
    assert client.get("/api/v1/me", headers=bearer(made["token"])).status_code == 200
    assert Event.objects.filter(action="token.created", user=user).count() == 2


def test_the_token_page_makes_shows_once_and_ends(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.get(reverse("accounts:tokens"))
    assert page.status_code == 200 and "Token API" in page.content.decode()

    made = client.post(
        reverse("accounts:tokens"),
        {"action": "create", "name": "Kasir toko", "scopes": ["orders", "products"], "days": "30"},
    )
    assert made.status_code == 200
    token = ApiToken.objects.get(user=user)
    shown = re.search(r"nga_[\w-]+", made.content.decode()).group(0)
    assert ApiToken.digest_of(shown) == token.digest
    assert token.scope_list == ["read", "orders", "products"]
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert shown not in again and "Kasir toko" in again  # the key was shown once

    theirs = create_token(user=make_user())[0]
    assert client.post(reverse("accounts:tokens"), {"action": "revoke", "token": theirs.pk}).status_code == 404
    ended = client.post(reverse("accounts:tokens"), {"action": "revoke", "token": token.pk})
    assert ended.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_password_reset_ends_every_token(make_user, rf):
    from allauth.account.signals import password_reset

    user = make_user()
    key = issue_token(user=user)
    password_reset.send(sender=type(user), request=rf.post("/"), user=user)
    assert ApiToken.objects.get(digest=ApiToken.digest_of(key)).revoked_at is not None
