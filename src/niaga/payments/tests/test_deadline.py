"""One payment deadline, the gateway's `expiry_time`: on the attempt, the checkout, its orders,
the payment page, the order page, the sandbox's pages (3-D Secure too) and the expiry sweep."""

import datetime as dt
import re

import pytest
import requests

from niaga.checkout.tests import sandbox_actions as person
from niaga.core import clock
from niaga.core.templatetags.niaga import wib
from niaga.orders import services as orders
from niaga.orders.status import Status
from niaga.payments import services as payments
from niaga.payments.models import PaymentAttempt

pytestmark = pytest.mark.django_db(transaction=True)
WIB = dt.timezone(dt.timedelta(hours=7))


def gateway_expiry(attempt) -> dt.datetime:
    answer = payments.get_gateway().status(attempt.gateway_order_id)
    return dt.datetime.strptime(answer["expiry_time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB)


def batas_bayar(html: str) -> str:
    found = re.search(r"Batas bayar</dt><dd>([^<]+)</dd>", html)
    assert found, "the page shows its deadline"
    return found.group(1)


def test_a_va_deadline_is_the_gateways_to_the_second_everywhere(sandbox, checkout_group, client):
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    expiry = gateway_expiry(attempt)
    group.refresh_from_db()
    order = group.orders.get()
    # To the second (the gateway keeps no fractions; the old charge asked for whole minutes).
    assert (
        attempt.expires_at
        == group.payment_due_at.replace(microsecond=0)
        == order.payment_due_at.replace(microsecond=0)
        == expiry
    )

    client.force_login(group.buyer)
    page = client.get(f"/pembayaran/{group.code}/").content.decode()
    shown = re.search(r'id="deadline">([^<]+)<', page).group(1)
    bank = requests.get(
        f"{sandbox.url}/sandbox/bank/", params={"bank": "bca", "va_number": attempt.va_number}, timeout=30
    )
    assert shown == batas_bayar(bank.text) == wib(expiry)
    assert f"Bayar sebelum <strong>{shown}</strong>" in client.get(f"/pesanan/{order.pk}/").content.decode()


def test_a_cards_deadline_is_its_3ds_expiry_on_the_payment_page_and_the_bank_page(sandbox, checkout_group, client):
    group = checkout_group("card")
    before = group.payment_due_at
    token = person.card_token(sandbox.url, "4811111111111114")["token_id"]
    attempt = payments.charge_card(group=group, token_id=token)
    expiry = gateway_expiry(attempt)
    assert expiry < before  # the gateway keeps an unfinished 3-D Secure open for less
    group.refresh_from_db()
    assert group.payment_due_at == attempt.expires_at == group.orders.get().payment_due_at == expiry

    client.force_login(group.buyer)
    page = client.get(f"/pembayaran/{group.code}/").content.decode()
    shown = re.search(r'id="deadline">([^<]+)<', page).group(1)
    assert shown == batas_bayar(requests.get(attempt.redirect_url, timeout=30).text) == wib(expiry)


def test_the_expiry_sweep_cancels_at_the_gateways_deadline(sandbox, checkout_group):
    group = checkout_group("card")
    token = person.card_token(sandbox.url, "4811111111111114")["token_id"]
    attempt = payments.charge_card(group=group, token_id=token)
    with clock.travel(attempt.expires_at - clock.now() - dt.timedelta(seconds=5)):
        assert orders.cancel_overdue() == 0
    with clock.travel(attempt.expires_at - clock.now() + dt.timedelta(seconds=5)):
        assert orders.cancel_overdue() == 1
    assert group.orders.get().status == Status.CANCELLED
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == "expire"
