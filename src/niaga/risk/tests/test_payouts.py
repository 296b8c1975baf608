"""A payout right after the bank account changed is held: it cannot be approved, in the
admin or anywhere, until the review decides with a note; released, it is approved as usual."""

import pytest
from django.contrib.messages import get_messages

from niaga.ledger import selectors as ledger
from niaga.payments import money
from niaga.payments.models import Payout
from niaga.payments.tests.test_payouts import completed
from niaga.risk import services
from niaga.risk.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def store_with_income(place, make_product, make_store, bank_account):
    product = make_product(make_store(), price=60_000, stock=1)
    order = completed(place(product=product))
    bank_account(order.store)  # saved once, long enough ago for nobody to mind
    return order.store


@pytest.fixture
def approve_in_admin(client, operator, second_factor):
    """approve_in_admin(payout): the operator, past the admin's second factor, approves it."""
    second_factor(client, operator)

    def approve(payout):
        answer = client.post(
            "/admin/payments/payout/", {"action": "approve", "_selected_action": [payout.pk]}, follow=True
        )
        return [str(m) for m in get_messages(answer.wsgi_request)]

    return approve


def test_a_payout_to_the_account_first_saved_is_not_held(store_with_income, approve_in_admin):
    payout = money.request_payout(store=store_with_income, amount=20_000)
    assert not payout.held and Assessment.objects.get(payout=payout).decision == "released"
    approve_in_admin(payout)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID


def test_a_payout_right_after_a_bank_change_is_held_until_decided(
    store_with_income, bank_account, operator, approve_in_admin
):
    bank_account(store_with_income, bank_code="bni", number="9876543210", name="Orang Lain")
    payout = money.request_payout(store=store_with_income, amount=20_000)
    assert payout.held and (payout.bank, payout.account_number) == ("bni", "9876543210")
    case = Assessment.objects.get(payout=payout)
    assert (case.level, case.decision) == ("high", "pending")
    assert [r["code"] for r in case.reasons][0] == "bank_changed"

    notes = approve_in_admin(payout)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.REQUESTED and any("ditahan untuk tinjauan risiko" in n for n in notes)
    with pytest.raises(money.PayoutHeld):
        money.settle_payout(payout=payout, approve=True, operator=operator)

    services.decide(assessment=case, release=True, operator=operator, note="Pemilik toko dikonfirmasi")
    approve_in_admin(payout)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID and payout.decided_by == operator


def test_a_rejected_payout_returns_the_money_to_the_store(store_with_income, bank_account, operator):
    available = money.seller_balances(store_with_income)["available"]
    bank_account(store_with_income, bank_code="bni", number="9876543210")
    payout = money.request_payout(store=store_with_income, amount=20_000)
    services.decide(
        assessment=Assessment.objects.get(payout=payout), release=False, operator=operator, note="Rekening mencurigakan"
    )
    payout.refresh_from_db()
    assert payout.status == Payout.Status.REJECTED and not payout.held
    assert money.seller_balances(store_with_income) == {"pending": 0, "available": available, "payout_pending": 0}
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_the_api_takes_only_the_amount_and_answers_the_masked_account_and_the_hold(
    store_with_income, bank_account, client
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from niaga.accounts.services import issue_token
    from niaga.conftest import totp_now

    owner = store_with_income.owner
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)  # a payout asks for a step-up: the app sends a fresh code
    bank_account(store_with_income, number="5555000011")  # changed from the first: held
    headers = {
        "Authorization": f"Bearer {issue_token(user=owner, scopes=['read', 'payouts'])}",
        "X-Niaga-OTP": totp_now(secret),
    }
    answer = client.post("/api/v1/seller/payouts", {"amount": 20_000}, content_type="application/json", headers=headers)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["bank"], body["account_number"], body["held"]) == ("bca", "****0011", True)
    assert "5555000011" not in answer.content.decode()
