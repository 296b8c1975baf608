"""The API's accounts endpoints on allauth: register and reset never tell whether an e-mail has an
account, only a verified e-mail gets a token, and a password change ends the other sessions."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from niaga.accounts.models import ApiToken, User
from niaga.accounts.services import issue_token
from niaga.audit.models import Event

PASSWORD = "rahasia-kuat-123"
NEW_PASSWORD = "kata-sandi-baru-789"

pytestmark = pytest.mark.django_db


def post(client, path: str, body: dict, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", headers=headers)


def register(client, email: str, **overrides):
    body = {"email": email, "password": PASSWORD, "full_name": "Sari Wulandari", "phone": "081234567890"}
    return post(client, "/auth/register", {**body, **overrides})


def test_register_answers_alike_for_a_new_and_a_taken_email(client, make_user):
    owner = make_user(email="budi@contoh.id")
    new = register(client, "sari@contoh.id")
    taken = register(client, "BUDI@contoh.id", full_name="Penyusup", password="kata-sandi-penyusup-1")
    assert new.status_code == taken.status_code == 202
    assert new.json() == taken.json() and "Cek email" in new.json()["message"]
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        "sari@contoh.id": "[Niaga] Verifikasi email Anda",
        "budi@contoh.id": "[Niaga] Email Anda sudah terdaftar",
    }
    owner.refresh_from_db()
    assert owner.full_name != "Penyusup" and owner.check_password(PASSWORD)


def test_register_still_refuses_what_is_wrong_with_the_input_itself(client):
    answer = register(client, "bukan-email", full_name="", password="123", phone="999")
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"email", "password", "full_name", "phone"}
    assert not User.objects.exists() and not mail.outbox


def test_a_token_needs_the_verified_email_the_link_gives(client):
    register(client, "sari@contoh.id")
    [welcome] = mail.outbox
    refused = post(client, "/auth/token", {"email": "sari@contoh.id", "password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "email_unverified"
    assert not ApiToken.objects.exists()
    link = re.search(r"https?://testserver(/\S+)", welcome.body)[1]
    assert client.post(link).status_code == 302  # the buyer opens the link
    granted = post(client, "/auth/token", {"email": "Sari@Contoh.id", "password": PASSWORD})
    assert granted.status_code == 201 and granted.json()["user"]["full_name"] == "Sari Wulandari"


def test_wrong_credentials_are_refused_as_before(client, make_user):
    make_user(email="budi@contoh.id")
    answer = post(client, "/auth/token", {"email": "budi@contoh.id", "password": "salah-sekali"})
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_credentials"


def test_password_reset_answers_alike_for_a_known_and_an_unknown_email(client, make_user):
    make_user(email="budi@contoh.id")
    known = post(client, "/auth/password/reset", {"email": "budi@contoh.id"})
    unknown = post(client, "/auth/password/reset", {"email": "tidak-ada@contoh.id"})
    assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()
    assert sorted(m.to[0] for m in mail.outbox) == ["budi@contoh.id", "tidak-ada@contoh.id"]
    reset = next(m for m in mail.outbox if m.to == ["budi@contoh.id"])
    assert "/akun/password/reset/key/" in reset.body
    assert post(client, "/auth/password/reset", {"email": "bukan-email"}).status_code == 400


def test_password_change_with_a_token_ends_every_session_and_keeps_the_tokens(client, make_user):
    user = make_user(email="budi@contoh.id")
    browser = type(client)()
    assert browser.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 302
    key = issue_token(user=user)
    auth = {"Authorization": f"Bearer {key}"}

    wrong = post(client, "/auth/password/change", {"current_password": "bukan", "new_password": NEW_PASSWORD}, **auth)
    assert wrong.status_code == 400 and "current_password" in wrong.json()["fields"]
    weak = post(client, "/auth/password/change", {"current_password": PASSWORD, "new_password": "12345678"}, **auth)
    assert weak.status_code == 400 and "new_password" in weak.json()["fields"]
    changed = post(
        client, "/auth/password/change", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, **auth
    )
    assert changed.status_code == 200

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert browser.get(reverse("accounts:security")).status_code == 302  # that browser is signed out
    assert client.get("/api/v1/me", headers=auth).status_code == 200  # tokens are the owner's to revoke
    assert Event.objects.filter(action="password.changed", user=user).count() == 1
    assert [m.subject for m in mail.outbox] == ["[Niaga] Kata sandi Anda diubah"]


def test_password_change_through_the_session_keeps_that_session(client, make_user):
    user = make_user(email="budi@contoh.id")
    other = type(client)()
    for c in (client, other):
        assert c.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 302
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").json()["csrf_token"]}
    changed = post(
        client, "/auth/password/change", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, **csrf
    )
    assert changed.status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    assert other.get("/api/v1/me").status_code == 401
    sessions = client.get("/api/v1/me/sessions").json()
    assert [s["current"] for s in sessions] == [True]
    assert Event.objects.filter(action="password.changed", user=user).count() == 1


def test_session_login_through_the_api_is_listed_at_once(client, make_user):
    make_user(email="budi@contoh.id")
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").json()["csrf_token"]}
    assert post(client, "/auth/login", {"email": "budi@contoh.id", "password": PASSWORD}, **csrf).status_code == 200
    assert [s["current"] for s in client.get("/api/v1/me/sessions").json()] == [True]


def test_reset_requests_are_limited_per_email_as_on_the_page(client, make_user, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,2/m/key"}
    make_user(email="budi@contoh.id")
    answers = [post(client, "/auth/password/reset", {"email": "budi@contoh.id"}).status_code for _ in range(3)]
    assert answers == [202, 202, 429] and len(mail.outbox) == 2
    assert post(client, "/auth/password/reset", {"email": "tidak-ada@contoh.id"}).status_code == 202
