"""Step-up before a payout, on the page and in the API, and the API's two-step token.

A seller signed in long ago — or by password alone — is asked for a second factor again at the
moment of withdrawing; a code passed within NIAGA_STEP_UP_MINUTES lets the request through, and
after that it is asked again. Apps send the code in X-Niaga-OTP."""

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.urls import reverse

from niaga.accounts import scopes
from niaga.accounts.services import issue_token
from niaga.conftest import totp_now
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import Payout

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-kuat-123"
# A payout goes to the store's saved bank account (the `store` fixture saves one): only the amount.
WITHDRAW = {"amount": "10.000"}
WITHDRAW_JSON = {"amount": 10_000}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def store(place, make_product, make_store, bank_account):
    """A store with saldo to withdraw and a saved bank account to receive it: one order paid,
    shipped and received, through the real services."""
    product = make_product(make_store(), price=20_000, stock=1)
    group = place(product=product)
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    order = group.orders.get()
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    assert money.seller_balances(order.store)["available"] > 10_000
    bank_account(order.store, number="1234567890", name="Sari")
    return order.store


def enrol(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def age_second_factor(client, minutes: float) -> None:
    """Move this session's record of the last second factor `minutes` into the past."""
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= minutes * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


# --- the page ------------------------------------------------------------------------------


def test_a_seller_without_a_second_factor_is_sent_to_enrol_then_back(client, store):
    client.force_login(store.owner)
    answer = client.get(reverse("seller:payout"))
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('mfa_index')}?next=%2Ftoko-saya%2Fsaldo%2Ftarik%2F"
    assert client.post(reverse("seller:payout"), WITHDRAW).status_code == 302
    assert not Payout.objects.exists()
    enrol(store.owner)
    back = client.get(reverse("accounts:mfa_continue"))
    assert back["Location"] == reverse("seller:payout")


def test_a_signed_in_seller_is_asked_for_the_code_and_the_withdrawal_then_goes_through(client, store):
    secret = enrol(store.owner)
    client.force_login(store.owner)  # signed in, but no second factor in this session
    asked = client.post(reverse("seller:payout"), WITHDRAW)
    assert asked.status_code == 302
    assert asked["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Ftoko-saya%2Fsaldo%2Ftarik%2F"
    assert not Payout.objects.exists()

    page = client.get(asked["Location"]).content.decode()
    assert "Konfirmasi dulu" in page and 'autocomplete="one-time-code"' in page
    # the kept form is sent on by allauth once the code is right
    done = client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret), "next": reverse("seller:payout")})
    assert done.status_code == 302 and done["Location"] == reverse("seller:balance")
    payout = Payout.objects.get()
    assert (payout.store, payout.amount, payout.account_number) == (store, 10_000, "1234567890")


def test_the_password_alone_is_not_a_step_up(client, store):
    enrol(store.owner)
    client.force_login(store.owner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    answer = client.post(reverse("seller:payout"), WITHDRAW)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not Payout.objects.exists()


def test_a_second_factor_counts_for_the_step_up_minutes_then_is_asked_again(client, store, second_factor, settings):
    settings.NIAGA_STEP_UP_MINUTES = 5
    second_factor(client, store.owner)
    assert client.get(reverse("seller:payout")).status_code == 200
    age_second_factor(client, minutes=4)
    assert client.get(reverse("seller:payout")).status_code == 200
    age_second_factor(client, minutes=1.1)  # now 5 min 6 s ago
    answer = client.post(reverse("seller:payout"), WITHDRAW)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not Payout.objects.exists()


def test_the_balance_page_shows_without_a_step_up_and_posts_to_the_guarded_page(client, store):
    client.force_login(store.owner)
    page = client.get(reverse("seller:balance"))
    html = page.content.decode()
    assert page.status_code == 200 and f'action="{reverse("seller:payout")}"' in html
    assert client.post(reverse("seller:balance"), WITHDRAW).status_code == 405
    assert not Payout.objects.exists()


# --- the API: a token in two steps -------------------------------------------------------------


def ask_token(client, user, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": password, "name": "Kasir"},
        content_type="application/json",
    )


def test_an_account_with_mfa_gets_a_challenge_then_a_token_for_a_code(client, make_user):
    user = make_user("Penjual")
    secret = enrol(user)
    first = ask_token(client, user)
    assert first.status_code == 401
    body = first.json()
    assert body["code"] == "mfa_required" and body["expires_in"] == 300 and body["challenge"]
    assert "token" not in body

    def second(code):
        return client.post(
            "/api/v1/auth/token/mfa", {"challenge": body["challenge"], "code": code}, content_type="application/json"
        )

    wrong = second("000000" if totp_now(secret) != "000000" else "111111")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_code"
    right = second(totp_now(secret))
    assert right.status_code == 201
    token = right.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == user.email
    replay = second(totp_now(secret, steps=1))
    assert replay.status_code == 403 and replay.json()["code"] == "challenge_expired"


def test_a_recovery_code_gets_a_token_once(client, make_user):
    user = make_user("Penjual")
    enrol(user)
    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()[0]
    for expected in (201, 400):
        challenge = ask_token(client, user).json()["challenge"]
        answer = client.post(
            "/api/v1/auth/token/mfa", {"challenge": challenge, "code": code}, content_type="application/json"
        )
        assert answer.status_code == expected


def test_a_forged_or_worn_out_challenge_is_refused(client, make_user):
    user = make_user("Penjual")
    secret = enrol(user)
    challenge = ask_token(client, user).json()["challenge"]
    forged = client.post(
        "/api/v1/auth/token/mfa",
        {"challenge": challenge[:-3] + "abc", "code": totp_now(secret)},
        content_type="application/json",
    )
    assert forged.status_code == 403 and forged.json()["code"] == "challenge_expired"
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/mfa", {"challenge": challenge, "code": "99999999"}, content_type="application/json"
        )
    spent = client.post(
        "/api/v1/auth/token/mfa", {"challenge": challenge, "code": totp_now(secret)}, content_type="application/json"
    )
    assert spent.status_code == 403 and spent.json()["code"] == "challenge_expired"


def test_without_mfa_the_token_comes_at_once_but_staff_must_enrol(client, make_user):
    buyer = make_user("Pembeli")
    assert ask_token(client, buyer).status_code == 201
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save()
    refused = ask_token(client, staff)
    assert refused.status_code == 403 and refused.json()["code"] == "mfa_enrolment_required"


def test_a_browser_session_cannot_start_on_the_password_alone(client, make_user):
    user = make_user("Pembeli")
    enrol(user)
    answer = client.post(
        "/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, content_type="application/json"
    )
    assert answer.status_code == 403 and answer.json()["code"] == "mfa_required"
    assert "_auth_user_id" not in client.session


# --- the API: step-up before a payout ------------------------------------------------------------


def payout_call(client, token, otp: str | None = None):
    headers = {"Authorization": f"Bearer {token}"}
    if otp is not None:
        headers["X-Niaga-OTP"] = otp
    return client.post("/api/v1/seller/payouts", WITHDRAW_JSON, content_type="application/json", headers=headers)


def test_an_api_payout_needs_a_fresh_code_in_the_header(client, store):
    secret = enrol(store.owner)
    token = issue_token(user=store.owner, scopes=[scopes.PAYOUTS])  # past the scope check to the step-up
    missing = payout_call(client, token)
    assert missing.status_code == 403 and missing.json()["code"] == "step_up_required"
    wrong = payout_call(client, token, otp="000000" if totp_now(secret) != "000000" else "111111")
    assert wrong.status_code == 403 and wrong.json()["code"] == "step_up_required"
    assert not Payout.objects.exists()

    code = totp_now(secret)
    done = payout_call(client, token, otp=code)
    assert done.status_code == 201 and done.json()["amount"] == 10_000
    again = payout_call(client, token, otp=code)  # the same code twice: no
    assert again.status_code == 403 and Payout.objects.count() == 1


def test_an_api_payout_without_a_second_factor_is_refused_until_one_is_enrolled(client, store):
    token = issue_token(user=store.owner, scopes=[scopes.PAYOUTS])  # past the scope check to the step-up
    answer = payout_call(client, token, otp="123456")
    assert answer.status_code == 403 and answer.json()["code"] == "mfa_enrolment_required"
    assert not Payout.objects.exists()
