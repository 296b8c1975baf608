"""Status, cancel and expire: lookups by either id, the status graph, and expiry over time."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.sandbox import services
from niaga.sandbox.models import Transaction
from niaga.sandbox.protocol import ApiError

from .helpers import assert_signed, charge_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(api) -> dict:
    return api.charge(charge_body()).json()


def test_status_by_order_id_and_by_transaction_id(api, charged):
    by_order = api.status("ORDER-1")
    by_transaction = api.status(charged["transaction_id"])
    assert by_order.status_code == by_transaction.status_code == 200
    assert by_order.json() == by_transaction.json()
    body = by_order.json()
    assert body["status_message"] == "Success, transaction is found"
    assert body["transaction_status"] == "pending"
    assert body["va_numbers"] == charged["va_numbers"]
    assert body["payment_amounts"] == []
    assert_signed(body)


@pytest.mark.parametrize("ref", ["NOPE", "00000000-0000-4000-8000-000000000000"])
def test_unknown_id_is_404(api, charged, ref):
    for response in (api.status(ref), api.cancel(ref), api.expire(ref)):
        assert response.status_code == 404
        assert response.json()["status_code"] == "404"


def test_cancel_answers_200_and_its_notification_carries_202(
    api, charged, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.cancel("ORDER-1")
    assert response.status_code == 200
    body = response.json()
    assert body["transaction_status"] == "cancel"
    assert body["status_code"] == "200"
    assert body["status_message"] == "Success, transaction is canceled"
    status = api.status(charged["transaction_id"]).json()
    assert status["transaction_status"] == "cancel" and status["status_code"] == "200"
    assert_signed(status)
    [notification] = [b for b in receiver.bodies if b["transaction_status"] == "cancel"]
    assert notification["status_code"] == "202"
    assert_signed(notification)


def test_cancel_after_settlement_is_412(api, charged):
    services.settle(Transaction.objects.get(order_id="ORDER-1"))
    response = api.cancel("ORDER-1")
    assert response.status_code == 412
    assert response.json()["status_code"] == "412"
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "settlement"
    assert status["status_code"] == "200"
    assert status["payment_amounts"] == [{"paid_at": status["settlement_time"], "amount": "44000.00"}]


def test_cancel_twice_is_412(api, charged):
    api.cancel("ORDER-1")
    assert api.cancel("ORDER-1").status_code == 412


def test_expire_answers_407_with_http_200_and_its_notification_carries_202(
    api, charged, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.expire("ORDER-1")
    assert response.status_code == 200  # success: the official client accepts a 407 body
    body = response.json()
    assert body["transaction_status"] == "expire"
    assert body["status_code"] == "407"
    assert body["status_message"] == "Success, transaction has expired"
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "expire" and status["status_code"] == "407"
    assert_signed(status)
    [notification] = [b for b in receiver.bodies if b["transaction_status"] == "expire"]
    assert notification["status_code"] == "202"
    assert_signed(notification)


@pytest.mark.parametrize("close", ["cancel", "expire"])
def test_an_order_id_may_be_charged_again_after_cancel_or_expire(api, charged, close):
    getattr(api, close)("ORDER-1")
    again = api.charge(charge_body("gopay"))
    assert again.status_code == 200, again.content
    assert again.json()["transaction_status"] == "pending"
    assert again.json()["transaction_id"] != charged["transaction_id"]
    # The order_id now stands for the new transaction; the old one is still found by its id.
    assert api.status("ORDER-1").json()["transaction_id"] == again.json()["transaction_id"]
    assert api.status(charged["transaction_id"]).json()["transaction_status"] == close
    # Open again, the order_id is taken again.
    assert api.charge(charge_body()).status_code == 406


def test_an_order_id_may_be_charged_again_after_its_deadline_passed(api, charged):
    with clock.travel(dt.timedelta(hours=24, seconds=1)):
        assert api.charge(charge_body()).status_code == 200
        assert Transaction.objects.filter(order_id="ORDER-1").count() == 2


def test_a_paid_order_id_stays_taken(api, charged):
    services.settle(Transaction.objects.get(order_id="ORDER-1"))
    response = api.charge(charge_body())
    assert response.status_code == 406 and response.json()["status_code"] == "406"


def test_acting_on_an_expired_transaction_is_407(api, charged):
    api.expire("ORDER-1")
    for response in (api.cancel("ORDER-1"), api.expire("ORDER-1")):
        assert response.status_code == 407
        assert response.json()["status_code"] == "407"


def test_status_shows_expiry_as_soon_as_the_deadline_passes(api, charged):
    with clock.travel(dt.timedelta(hours=24, seconds=1)):
        assert api.status("ORDER-1").json()["transaction_status"] == "expire"


def test_minute_sweep_expires_overdue_and_notifies(api, receiver, django_capture_on_commit_callbacks):
    api.charge(charge_body(order_id="VA"))
    api.charge(charge_body("gopay", order_id="GP"))
    with clock.travel(dt.timedelta(minutes=16)), django_capture_on_commit_callbacks(execute=True):
        assert services.expire_overdue() == 1
        assert services.expire_overdue() == 0  # safe to run twice
    assert dict(Transaction.objects.values_list("order_id", "status")) == {"VA": "pending", "GP": "expire"}
    [body] = [b for b in receiver.bodies if b["transaction_status"] == "expire"]
    assert body["order_id"] == "GP"
    assert_signed(body)


def test_cancel_honours_idempotency_key(api, charged):
    first = api.cancel("ORDER-1", **{"Idempotency-Key": "cancel-1"})
    again = api.cancel("ORDER-1", **{"Idempotency-Key": "cancel-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()


def test_a_payment_racing_a_cancel_has_one_winner_and_one_notification(
    api, receiver, django_capture_on_commit_callbacks
):
    api.charge(charge_body())
    seen_by_bank = Transaction.objects.get(order_id="ORDER-1")  # read before the merchant cancels
    with django_capture_on_commit_callbacks(execute=True):
        api.cancel("ORDER-1")
        with pytest.raises(ApiError) as refused:
            services.settle(seen_by_bank)
    assert refused.value.code == 412
    assert Transaction.objects.get(order_id="ORDER-1").status == "cancel"
    assert [b["transaction_status"] for b in receiver.bodies] == ["cancel"]
