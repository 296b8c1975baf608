"""A form refused by the CSRF check says so in the shop's words, with a way back, and the
API says it in its own error format; nothing is changed either way."""

import pytest
from django.urls import reverse

from niaga.cart.models import CartItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(client):
    client.handler.enforce_csrf_checks = True
    yield client
    client.handler.enforce_csrf_checks = False


def test_a_stale_form_gets_an_indonesian_page_that_leads_back(strict, make_user):
    make_user("Pembeli", email="pembeli@contoh.id")
    login = reverse("accounts:login")
    answer = strict.post(
        login, {"email": "pembeli@contoh.id", "password": "rahasia-kuat-123"}, HTTP_REFERER=f"http://testserver{login}"
    )
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "Sesi halaman ini sudah berakhir" in page and "CSRF" not in page and "Forbidden" not in page
    assert f'href="http://testserver{login}"' in page
    assert "_auth_user_id" not in strict.session  # not logged in


def test_a_referrer_from_elsewhere_is_not_offered_as_the_way_back(strict):
    answer = strict.post(reverse("accounts:login"), {}, HTTP_REFERER="https://phishing.example/masuk/")
    assert answer.status_code == 403 and "phishing.example" not in answer.content.decode()
    assert f'href="{reverse("catalog:home")}"' in answer.content.decode()


def test_the_api_answers_a_session_without_its_csrf_token_in_its_own_format(
    strict, make_user, make_store, make_product
):
    product = make_product(make_store(), name="Kopi Gayo", price=50_000, stock=5)
    strict.force_login(make_user("Pembeli"))
    answer = strict.post(
        "/api/v1/cart/items", {"variant_id": product.variants.get().pk, "quantity": 1}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "csrf_failed" and "Muat ulang" in answer.json()["message"]
    assert not CartItem.objects.exists()
