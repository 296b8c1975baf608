"""Apps call the API with a bearer token. A token that is unknown, deleted or belongs to a
deactivated account is told so plainly (401 invalid_token) and changes nothing; it is never
mistaken for a browser and answered with a CSRF error."""

import datetime as dt

import pytest

from niaga.accounts.models import ApiToken
from niaga.accounts.services import issue_token
from niaga.cart.models import CartItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def adding(client, make_store, make_product):
    variant = make_product(make_store(), stock=5).variants.get()

    def add(headers: dict):
        return client.post(
            "/api/v1/cart/items",
            {"variant_id": variant.pk, "quantity": 1},
            content_type="application/json",
            headers=headers,
        )

    return add


def test_a_live_token_adds_to_the_cart(adding, make_user):
    key = issue_token(user=make_user("Aplikasi Kasir"))
    assert adding({"Authorization": f"Bearer {key}"}).status_code == 201
    assert CartItem.objects.count() == 1


@pytest.mark.parametrize("case", ["unknown", "deleted", "inactive account"])
def test_a_dead_token_is_told_so_and_changes_nothing(adding, make_user, case):
    user = make_user("Aplikasi Lama")
    key = issue_token(user=user)
    if case == "unknown":
        key = key[:-4] + "xxxx"
    elif case == "deleted":
        ApiToken.objects.filter(user=user).delete()
    else:
        user.is_active = False
        user.save(update_fields=["is_active"])
    answer = adding({"Authorization": f"Bearer {key}"})
    assert answer.status_code == 401
    assert answer.json() == {
        "code": "invalid_token",
        "message": "Token tidak dikenal atau sudah dicabut. Buat token baru.",
        "fields": {},
    }
    assert not CartItem.objects.exists()


def test_a_browser_without_a_token_still_needs_its_csrf_token(adding, client, make_user):
    client.handler.enforce_csrf_checks = True
    client.force_login(make_user("Pembeli"))
    assert adding({}).status_code == 403
    assert not CartItem.objects.exists()


def test_a_token_is_stamped_last_used_once_a_minute_not_on_every_call(adding, make_user):
    """Apps call many times a second; the stamp is one write a minute, not one per call."""
    key = issue_token(user=make_user("Aplikasi Kasir"))
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    adding({"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    adding({"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    adding({"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    assert token.last_used_at > first
