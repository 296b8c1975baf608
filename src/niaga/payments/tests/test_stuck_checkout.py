"""A checkout cut off between the order's commit and the gateway's answer (the web worker
killed) leaves an attempt in "creating" with no payment number and the stock held. It is
resolved — the gateway asked by its order id, then completed or charged again — by the
periodic sweep and by the buyer's "Coba lagi", so nobody waits a day on stock held for nothing."""

import datetime as dt

import pytest
import requests
from django.conf import settings

from niaga.checkout.tests import sandbox_actions as person
from niaga.core import clock
from niaga.orders.status import Status
from niaga.payments import services as payments
from niaga.payments import tasks
from niaga.payments.gateway import get_gateway

pytestmark = pytest.mark.django_db(transaction=True)


class WorkerKilled(BaseException):
    """What `kill -9` looks like from inside the request: nothing after it runs."""


@pytest.fixture
def killed_checkout(sandbox, checkout_group, monkeypatch):
    """place(after_gateway=...) → the group whose worker died while charging it."""

    def place(*, after_gateway: bool):
        session = get_gateway().session
        real = session.request

        def die(method, url, **kwargs):
            if url.endswith("/v2/charge"):
                if after_gateway:
                    real(method, url, **kwargs)  # the gateway took the charge; its answer is lost
                raise WorkerKilled
            return real(method, url, **kwargs)

        monkeypatch.setattr(session, "request", die)
        with pytest.raises(WorkerKilled):
            checkout_group("va_bca")
        monkeypatch.setattr(session, "request", real)
        from niaga.orders.models import OrderGroup

        group = OrderGroup.objects.get()
        attempt = group.payments.get()
        assert attempt.status == "creating" and not attempt.va_number  # committed, never answered
        assert group.orders.get().status == Status.AWAITING_PAYMENT
        return group, attempt

    return place


def gateway_charge(base: str, attempt) -> dict:
    return requests.get(
        f"{base}/sandbox/midtrans/v2/{attempt.gateway_order_id}/status",
        auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""),
        timeout=10,
    ).json()


def test_the_sweep_charges_an_attempt_the_gateway_never_saw_and_a_second_run_changes_nothing(sandbox, killed_checkout):
    group, attempt = killed_checkout(after_gateway=False)
    assert gateway_charge(sandbox.url, attempt)["status_code"] == "404"
    assert tasks.resolve_stuck_attempts.call_local() == 0  # still in flight, for all the sweep knows
    with clock.travel(payments.STUCK_AFTER + dt.timedelta(seconds=1)):
        assert tasks.resolve_stuck_attempts.call_local() == 1
        assert tasks.resolve_stuck_attempts.call_local() == 0
    attempt.refresh_from_db()
    assert attempt.status == "pending" and attempt.va_number
    assert gateway_charge(sandbox.url, attempt)["va_numbers"][0]["va_number"] == attempt.va_number
    person.pay_bill(sandbox.url, "bca", va_number=attempt.va_number)
    assert group.orders.get().status == Status.TO_PACK


def test_the_sweep_completes_an_attempt_the_gateway_did_charge_without_charging_it_again(sandbox, killed_checkout):
    group, attempt = killed_checkout(after_gateway=True)
    held = gateway_charge(sandbox.url, attempt)
    assert held["transaction_status"] == "pending"
    with clock.travel(payments.STUCK_AFTER + dt.timedelta(seconds=1)):
        assert payments.resolve_stuck_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.status == "pending" and attempt.va_number == held["va_numbers"][0]["va_number"]
    assert attempt.transaction_id == held["transaction_id"]
    assert group.payments.count() == 1


@pytest.mark.parametrize("after_gateway", [False, True])
def test_coba_lagi_resolves_a_stuck_attempt_at_once(sandbox, killed_checkout, client, after_gateway):
    group, attempt = killed_checkout(after_gateway=after_gateway)
    client.force_login(group.buyer)
    answer = client.post(f"/api/v1/payments/{group.code}/retry")
    assert answer.status_code == 200
    body = answer.json()
    assert body["attempt_status"] == "pending" and body["va_number"]
    assert group.payments.count() == 1  # the same attempt, completed: not a second bill
    assert gateway_charge(sandbox.url, attempt)["va_numbers"][0]["va_number"] == body["va_number"]


def test_cek_status_resolves_a_stuck_attempt_too(sandbox, killed_checkout, client):
    group, attempt = killed_checkout(after_gateway=True)
    client.force_login(group.buyer)
    body = client.post(f"/api/v1/payments/{group.code}/refresh").json()
    assert body["attempt_status"] == "pending" and body["va_number"]


def test_a_stuck_card_attempt_cannot_be_charged_again_and_asks_for_the_card(sandbox, checkout_group, monkeypatch):
    group = checkout_group("card")
    token = person.card_token(sandbox.url, "4811111111111114")
    session = get_gateway().session
    real = session.request

    def die(method, url, **kwargs):
        if url.endswith("/v2/charge"):
            raise WorkerKilled
        return real(method, url, **kwargs)

    monkeypatch.setattr(session, "request", die)
    with pytest.raises(WorkerKilled):
        payments.charge_card(group=group, token_id=token["token_id"])
    monkeypatch.setattr(session, "request", real)
    attempt = group.payments.get()
    assert attempt.status == "creating"
    assert payments.resolve_creating(attempt=attempt).status == "failed"  # the token is single-use
    assert payments.charge_card(
        group=group, token_id=person.card_token(sandbox.url, "4811111111111114")["token_id"]
    ).redirect_url
