"""Every payment method, end to end against the sandbox over HTTP.

Charge → instructions → what a person does in the sandbox (bank app, cashier, wallet,
3-D Secure, PayLater approval) → signed notification → "Perlu Dikemas"; and unpaid past
the deadline → "Dibatalkan" with the stock back and the charge closed at the gateway.
"""

import datetime as dt

import pytest

from niaga.checkout.tests import sandbox_actions as person
from niaga.core import clock
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Status
from niaga.payments import services as payments

pytestmark = pytest.mark.django_db(transaction=True)

CHARGED_AT_CHECKOUT = [
    "va_bca",
    "va_bni",
    "va_bri",
    "va_cimb",
    "va_permata",
    "va_mandiri",
    "gopay",
    "shopeepay",
    "qris",
    "indomaret",
    "alfamart",
    "akulaku",
    "kredivo",
]


def pay(base: str, attempt) -> None:
    method = attempt.method
    if method == "va_mandiri":
        person.pay_bill(base, "mandiri", biller_code=attempt.biller_code, bill_key=attempt.bill_key)
    elif method.startswith("va_"):
        person.pay_bill(base, attempt.bank, va_number=attempt.va_number)
    elif method in {"gopay", "shopeepay"}:
        person.confirm_ewallet(attempt.actions["deeplink-redirect"], pin="123456")
    elif method == "qris":
        assert "Pembayaran berhasil" in person.pay_qris(base, attempt.qr_string, wallet="dana").text
    elif method in {"indomaret", "alfamart"}:
        person.pay_at_cashier(base, method, attempt.payment_code)
    elif method in {"akulaku", "kredivo"}:
        person.decide_paylater(attempt.redirect_url, "approve")


@pytest.mark.parametrize("method", CHARGED_AT_CHECKOUT)
def test_each_method_pays_and_the_order_is_perlu_dikemas(sandbox, checkout_group, method):
    group = checkout_group(method)
    attempt = group.payments.get()
    assert attempt.status == "pending", attempt.error_message
    assert (
        attempt.va_number
        or attempt.bill_key
        or attempt.actions
        or attempt.qr_string
        or attempt.payment_code
        or attempt.redirect_url
    )
    pay(sandbox.url, attempt)
    payments.refresh_status(attempt=attempt)  # harmless if the notification came first
    order = group.orders.get()
    assert order.status == Status.TO_PACK, (method, group.payments.get().status)
    assert ledger.total() == 0


@pytest.mark.parametrize("method", CHARGED_AT_CHECKOUT + ["card"])
def test_each_method_unpaid_past_its_deadline_is_cancelled_and_stock_returns(sandbox, checkout_group, method):
    group = checkout_group(method)
    with clock.travel(dt.timedelta(days=2)):
        orders.cancel_overdue()
    order = group.orders.get()
    assert order.status == Status.CANCELLED
    assert order.lines.get().variant.stock.available == 1
    attempt = group.payments.first()
    if attempt is not None:  # the charge is expired at the gateway, not left payable
        attempt.refresh_from_db()
        assert attempt.status == "expire", attempt.status


@pytest.mark.parametrize(
    "card, outcome",
    [("4811111111111114", Status.TO_PACK), ("4911111111111113", Status.AWAITING_PAYMENT)],
)
def test_a_card_is_tokenised_in_the_browser_and_verified_by_3ds(sandbox, checkout_group, card, outcome):
    group = checkout_group("card")
    assert not group.payments.exists()  # nothing is charged until the card is tokenised
    token = person.card_token(sandbox.url, card)
    attempt = payments.charge_card(group=group, token_id=token["token_id"])
    assert attempt.status == "pending" and attempt.redirect_url
    assert person.confirm_3ds(attempt.redirect_url, otp="000000").status_code == 200  # wrong OTP: nothing
    person.confirm_3ds(attempt.redirect_url)
    payments.refresh_status(attempt=attempt)
    assert group.orders.get().status == outcome


def test_a_card_denied_by_fraud_detection_never_reaches_3ds(sandbox, checkout_group):
    group = checkout_group("card")
    token = person.card_token(sandbox.url, "4611111111111116")
    attempt = payments.charge_card(group=group, token_id=token["token_id"])
    assert attempt.status == "deny" and not attempt.redirect_url
    assert group.orders.get().status == Status.AWAITING_PAYMENT  # the buyer may try another card


def test_paylater_rejected_leaves_the_order_waiting_for_another_method(sandbox, checkout_group):
    group = checkout_group("kredivo")
    attempt = group.payments.get()
    person.decide_paylater(attempt.redirect_url, "reject")
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == "deny"
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    assert payments.retry_payment(group=group).status == "pending"  # "Coba Lagi" opens a new request


def test_qris_with_a_short_wallet_balance_changes_nothing(sandbox, checkout_group, settings):
    settings.NIAGA_SANDBOX_WALLET_DEMO_BALANCE = 100
    group = checkout_group("qris")
    attempt = group.payments.get()
    assert "Saldo tidak cukup" in person.pay_qris(sandbox.url, attempt.qr_string, wallet="ovo").text
    assert group.orders.get().status == Status.AWAITING_PAYMENT
