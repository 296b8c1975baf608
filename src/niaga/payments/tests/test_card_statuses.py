"""The card statuses a real integration meets (payments.md): a capture the fraud check holds
(`challenge`) waits for the operator's approve or deny; `authorize` waits for capture;
`failure` is a failed payment the buyer may try again; a chargeback takes the money back.

The tests marked "sandbox" drive the gateway's own test cards for these outcomes."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.checkout.tests import sandbox_actions as person
from niaga.core import clock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders.status import Status
from niaga.payments import money, refusals
from niaga.payments import services as payments
from niaga.payments.tests.test_notifications import notification, post

pytestmark = pytest.mark.django_db(transaction=True)

CHALLENGE_CARD = "4511111111111117"  # the sandbox's fraud check holds it for review
FAILURE_CARD = "4011111111111112"  # the bank's processing fails
CHARGEBACK_CARD = "4021111111111110"  # accepted, settled, then charged back in full


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


@pytest.fixture
def card_attempt(sandbox, checkout_group):
    """card_attempt(number) → (group, attempt) after the buyer passed 3-D Secure."""

    def make(number: str = "4811111111111114"):
        group = checkout_group("card")
        attempt = payments.charge_card(group=group, token_id=person.card_token(sandbox.url, number)["token_id"])
        assert attempt.status == "pending" and attempt.redirect_url
        return group, attempt

    return make


def card_notification(attempt, status: str, code: str, fraud: str):
    return notification(attempt, status, code, payment_type="credit_card", fraud_status=fraud)


def test_a_challenged_capture_is_not_paid_until_the_gateway_accepts_it(client, card_attempt):
    group, attempt = card_attempt()
    assert post(client, card_notification(attempt, "capture", "201", "challenge")).json()["status"] == "challenge"
    attempt.refresh_from_db()
    assert attempt.fraud_status == "challenge" and attempt.status == "pending"
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    assert not ledger.postings(attempt.gateway_order_id).exists()
    # The operator approved it at the gateway: its notification pays the order, once.
    body = card_notification(attempt, "capture", "200", "accept")
    assert [post(client, body).json()["status"] for _ in range(2)] == ["applied", "duplicate"]
    assert group.orders.get().status == Status.TO_PACK
    books_balance()


def test_a_challenged_capture_denied_leaves_the_checkout_open_for_another_card(client, card_attempt):
    group, attempt = card_attempt()
    post(client, card_notification(attempt, "capture", "201", "challenge"))
    assert post(client, card_notification(attempt, "deny", "202", "deny")).json()["status"] == "applied"
    attempt.refresh_from_db()
    assert attempt.status == "deny" and "sistem keamanan" in attempt.error_message  # the fraud check said no
    assert group.orders.get().status == Status.AWAITING_PAYMENT


def test_only_a_challenged_payment_can_be_decided(card_attempt):
    _, attempt = card_attempt()
    with pytest.raises(payments.NotChallenged):
        payments.decide_challenge(attempt=attempt, approve=True)


def test_failure_is_a_failed_payment_the_buyer_may_try_again(client, card_attempt):
    group, attempt = card_attempt()
    assert post(client, card_notification(attempt, "failure", "202", "accept")).json()["status"] == "applied"
    attempt.refresh_from_db()
    assert attempt.status == "failure" and attempt.error_message == refusals.BY_CODE["202"]
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    client.force_login(group.buyer)
    page = client.get(reverse("payments:page", args=[group.code]))
    assert page.context["failed"] and page.context["card_form"]  # the card form is offered again


def test_authorize_waits_for_capture(client, card_attempt):
    group, attempt = card_attempt()
    assert post(client, card_notification(attempt, "authorize", "200", "accept")).json()["status"] == "applied"
    attempt.refresh_from_db()
    assert attempt.status == "authorize" and group.orders.get().status == Status.AWAITING_PAYMENT
    assert not ledger.postings(attempt.gateway_order_id).exists()
    assert post(client, card_notification(attempt, "capture", "200", "accept")).json()["status"] == "applied"
    assert group.orders.get().status == Status.TO_PACK
    books_balance()


def test_only_an_authorised_card_is_captured(card_attempt):
    from niaga.core.errors import Conflict

    _, attempt = card_attempt()
    with pytest.raises(Conflict):
        payments.capture_authorized(attempt=attempt)


# --- end to end with the sandbox's test cards for these outcomes ------------------------------


def test_sandbox_the_operator_approves_a_challenged_card_and_the_order_is_paid(sandbox, card_attempt):
    group, attempt = card_attempt(CHALLENGE_CARD)
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.fraud_status == "challenge" and group.orders.get().status == Status.AWAITING_PAYMENT
    attempt = payments.decide_challenge(attempt=attempt, approve=True)
    assert attempt.status == "capture" and attempt.fraud_status == "accept"
    assert group.orders.get().status == Status.TO_PACK
    books_balance()


def test_sandbox_the_operator_denies_a_challenged_card_and_the_checkout_stays_open(sandbox, card_attempt):
    group, attempt = card_attempt(CHALLENGE_CARD)
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    attempt = payments.decide_challenge(attempt=attempt, approve=False)
    assert attempt.status == "deny"
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    assert not ledger.postings(attempt.gateway_order_id).exists()


def test_sandbox_a_card_the_bank_fails_is_a_failed_payment(sandbox, card_attempt):
    group, attempt = card_attempt(FAILURE_CARD)
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == "failure" and group.orders.get().status == Status.AWAITING_PAYMENT


def test_sandbox_a_chargeback_takes_the_money_back_and_cancels_the_order(sandbox, card_attempt, settings):
    settings.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = 3600
    group, attempt = card_attempt(CHARGEBACK_CARD)
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    from niaga.sandbox import notify
    from niaga.sandbox import services as bank

    with clock.travel(dt.timedelta(hours=2)):
        bank.settle_captured()
        notify.send_due()
    with clock.travel(dt.timedelta(hours=3)):
        notify.send_due()  # the chargeback follows the settlement
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    order = group.orders.get()
    assert attempt.status == "chargeback" and order.status == Status.CANCELLED
    assert money.escrow_balance(order) == 0 and ledger.balance(acc.WORLD_BUYERS) == 0
    books_balance()


@pytest.fixture
def operator(client, make_user, second_factor):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    second_factor(client, user)  # staff pages ask for a second factor
    return user


def test_the_operators_admin_lists_payments_held_for_review_and_refuses_to_decide_others(
    client, operator, card_attempt
):
    group, attempt = card_attempt()
    post(client, card_notification(attempt, "capture", "201", "challenge"))
    listing = client.get(reverse("admin:payments_paymentattempt_changelist"), {"fraud_status__exact": "challenge"})
    assert listing.status_code == 200 and attempt.gateway_order_id in listing.content.decode()
    other_group, other = card_attempt()  # not held: the operator's decision does not apply
    action = {"action": "approve_challenge", "_selected_action": [other.pk]}
    answer = client.post(reverse("admin:payments_paymentattempt_changelist"), action, follow=True)
    assert "tidak sedang menunggu keputusan" in answer.content.decode()
    other.refresh_from_db()
    assert other.status == "pending" and other_group.orders.get().status == Status.AWAITING_PAYMENT


def test_sandbox_the_operator_approves_from_the_admin(sandbox, client, operator, card_attempt):
    group, attempt = card_attempt(CHALLENGE_CARD)
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.fraud_status == "challenge" and group.orders.get().status == Status.AWAITING_PAYMENT
    action = {"action": "approve_challenge", "_selected_action": [attempt.pk]}
    assert client.post(reverse("admin:payments_paymentattempt_changelist"), action).status_code == 302
    assert group.orders.get().status == Status.TO_PACK
