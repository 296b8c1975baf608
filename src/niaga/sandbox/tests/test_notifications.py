"""Notifications: signed bodies, the retry timetable per response code, and the sweeps."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.sandbox import notify, services
from niaga.sandbox.models import NotificationDelivery, Transaction

from .helpers import assert_signed, charge_body, unreachable_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def settle(api, receiver, django_capture_on_commit_callbacks):
    """Charge a BCA VA and pay it; the receiver answers the settlement notification with `codes`."""

    def run(codes: list[int] | None = None) -> NotificationDelivery:
        api.charge(charge_body())
        with later(0.1):
            notify.send_due()  # the "pending" notification, out of the way
        receiver.bodies.clear()
        receiver.codes = list(codes or [])
        with django_capture_on_commit_callbacks(execute=True):
            services.settle(Transaction.objects.get(order_id="ORDER-1"))
        return NotificationDelivery.objects.get(body__transaction_status="settlement")

    return run


def later(minutes: float):
    return clock.travel(dt.timedelta(minutes=minutes))


def test_settlement_notification_has_the_reference_fields(settle, receiver):
    delivery = settle()
    [body] = receiver.bodies
    assert body == delivery.body
    assert delivery.delivered and delivery.attempts == 1 and delivery.response_code == 200
    assert delivery.next_attempt_at is None
    expected = {
        "transaction_time", "transaction_status", "transaction_id", "status_message", "status_code",
        "signature_key", "settlement_time", "payment_type", "order_id", "merchant_id", "gross_amount",
        "fraud_status", "currency", "expiry_time", "va_numbers", "payment_amounts",
    }  # fmt: skip
    assert set(body) == expected
    assert body["status_code"] == "200" and body["transaction_status"] == "settlement"
    assert body["status_message"] == "midtrans payment notification"
    assert body["payment_amounts"] == [{"paid_at": body["settlement_time"], "amount": "44000.00"}]
    assert_signed(body)


def test_pending_notification_follows_the_charge_answer(api, receiver):
    api.charge(charge_body())
    assert receiver.bodies == []  # not before the merchant has the charge answer
    with later(0.1):
        assert notify.send_due() == 1
    [body] = receiver.bodies
    assert body["transaction_status"] == "pending" and body["status_code"] == "201"
    assert_signed(body)


def test_500_is_retried_once_after_two_minutes(settle, receiver):
    delivery = settle(codes=[500, 500, 500])
    assert delivery.attempts == 1 and not delivery.delivered and delivery.response_code == 500
    assert delivery.next_attempt_at - delivery.last_attempt_at == pytest.approx(
        dt.timedelta(minutes=2), abs=dt.timedelta(seconds=1)
    )
    with later(1):
        assert notify.send_due() == 0  # not due yet
    with later(2.1):
        notify.send_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at is None  # given up
    with later(500):
        assert notify.send_due() == 0
    assert len(receiver.bodies) == 2


def test_503_is_retried_four_times_on_the_scaled_timetable(settle, receiver, settings):
    settings.NIAGA_SANDBOX_RETRY_SCALE = 0.5
    delivery = settle(codes=[503] * 10)
    waits = []
    elapsed = 0.0
    while delivery.next_attempt_at is not None:
        waits.append(round((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() / 60, 2))
        elapsed += waits[-1] + 0.1
        with later(elapsed):
            notify.send_due()
        delivery.refresh_from_db()
    # 2, 10, 30, 90 minutes at half scale, counted from the answer (a slow POST may take seconds)
    assert waits == pytest.approx([1.0, 5.0, 15.0, 45.0], abs=0.05)
    assert delivery.attempts == 5 and len(receiver.bodies) == 5 and not delivery.delivered


def test_a_later_success_ends_the_retries(settle, receiver):
    delivery = settle(codes=[404])
    with later(3):
        notify.send_due()
    delivery.refresh_from_db()
    assert delivery.delivered and delivery.attempts == 2 and delivery.next_attempt_at is None
    assert receiver.bodies[0] == receiver.bodies[1]  # a retry repeats the same body


def test_unreachable_url_is_retried_five_times(api, django_capture_on_commit_callbacks):
    api.charge(charge_body(), **{"X-Override-Notification": unreachable_url()})
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel("ORDER-1")
    delivery = NotificationDelivery.objects.get(body__transaction_status="cancel")
    assert delivery.response_code is None and delivery.error
    for hours in range(1, 10):
        with later(60 * hours):
            notify.send_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 6 and delivery.next_attempt_at is None


@pytest.mark.parametrize(("code", "retries"), [(500, 1), (503, 4), (400, 2), (404, 2), (502, 5), (302, 5), (None, 5)])
def test_retries_by_response_code(code, retries):
    waits = [notify.retry_delay(code, attempts) for attempts in range(1, 7)]
    expected = [dt.timedelta(minutes=m) for m in notify.RETRY_MINUTES[:retries]]
    assert waits == expected + [None] * (6 - retries)


def test_an_attempt_is_sent_once_even_when_two_workers_pick_it(settle, receiver):
    delivery = settle(codes=[500])
    with later(3):
        assert notify.attempt(delivery.pk) is None  # 500 has used its one retry
        assert notify.attempt(delivery.pk) is None  # nothing due any more: not sent again
    assert len(receiver.bodies) == 2


def test_a_crashed_attempt_is_retried_after_its_lease(settle, receiver):
    delivery = settle(codes=[500])
    # A worker claimed the retry and died before recording the answer.
    with later(3):
        NotificationDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=clock.now() + notify.LEASE)
    with later(3.5):
        assert notify.send_due() == 0
    with later(3 + notify.LEASE.total_seconds() / 60 + 0.1):
        assert notify.send_due() == 1
    assert len(receiver.bodies) == 2


def test_each_status_change_notifies_every_url(api, receiver, django_capture_on_commit_callbacks):
    api.charge(charge_body(), **{"X-Append-Notification": receiver.url + "?copy=1"})
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel("ORDER-1")
    assert [b["transaction_status"] for b in receiver.bodies] == ["cancel", "cancel"]
