"""POST /v2/{id}/refund: full, partial, too much, too early, not refundable, repeated keys."""

import pytest

from niaga.sandbox import faults, services, wallets
from niaga.sandbox.models import Refund, Transaction

from .helpers import assert_signed, charge_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(api):
    """A charge of `payment_type`, paid (GoPay by default)."""

    def make(payment_type: str = "gopay", order_id: str = "ORDER-1", **extra) -> Transaction:
        assert api.charge(charge_body(payment_type, order_id=order_id, **extra)).status_code == 200
        return services.settle(Transaction.objects.get(order_id=order_id))

    return make


def test_full_refund(api, settled, receiver, django_capture_on_commit_callbacks):
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.refund("ORDER-1", {"refund_key": "RF-1", "amount": 44000, "reason": "Barang habis"})
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == "200" and body["status_message"] == "Success, refund request is approved"
    assert body["transaction_status"] == "refund"
    assert body["refund_amount"] == "44000.00" and body["refund_key"] == "RF-1"
    assert isinstance(body["refund_chargeback_id"], int)
    assert body["order_id"] == "ORDER-1" and body["gross_amount"] == "44000.00" and body["payment_type"] == "gopay"
    [notification] = [b for b in receiver.bodies if b["transaction_status"] == "refund"]
    assert notification["status_code"] == "200" and notification["refund_amount"] == "44000.00"
    [entry] = notification["refunds"]
    assert entry["refund_key"] == "RF-1" and entry["refund_amount"] == "44000.00" and entry["reason"] == "Barang habis"
    assert_signed(notification)
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "refund" and status["refund_amount"] == "44000.00"


def test_refund_without_amount_refunds_the_rest(api, settled):
    settled("qris")
    assert api.refund("ORDER-1", {"refund_key": "a", "amount": 4000}).json()["transaction_status"] == "partial_refund"
    body = api.refund("ORDER-1", {"refund_key": "b"}).json()
    assert body["transaction_status"] == "refund" and body["refund_amount"] == "40000.00"


def test_partial_refunds_add_up(api, settled, receiver, django_capture_on_commit_callbacks):
    settled("kredivo")
    with django_capture_on_commit_callbacks(execute=True):
        first = api.refund("ORDER-1", {"refund_key": "P-1", "amount": 10000}).json()
        second = api.refund("ORDER-1", {"refund_key": "P-2", "amount": "4000.00"}).json()
    assert first["transaction_status"] == second["transaction_status"] == "partial_refund"
    assert first["refund_amount"] == "10000.00" and second["refund_amount"] == "4000.00"
    assert first["refund_chargeback_id"] != second["refund_chargeback_id"]
    status = api.status("ORDER-1").json()
    assert status["refund_amount"] == "14000.00"
    assert [r["refund_key"] for r in status["refunds"]] == ["P-1", "P-2"]
    partials = [b for b in receiver.bodies if b["transaction_status"] == "partial_refund"]
    assert [b["refund_amount"] for b in partials] == ["10000.00", "14000.00"]
    final = api.refund("ORDER-1", {"refund_key": "P-3", "amount": 30000}).json()
    assert final["transaction_status"] == "refund"
    assert Transaction.objects.get().refunded_amount == 44000


@pytest.mark.parametrize("amount", [44001, 0, -5])
def test_refund_amount_out_of_range_is_a_400_validation_error(api, settled, amount):
    settled()
    response = api.refund("ORDER-1", {"refund_key": "X", "amount": amount})
    assert response.status_code == 400 and response.json()["status_code"] == "400"
    assert "amount" in response.json()["validation_messages"][0]
    assert Transaction.objects.get().status == "settlement" and Refund.objects.count() == 0


def test_over_refund_after_a_partial_is_a_400_validation_error(api, settled):
    settled()
    api.refund("ORDER-1", {"refund_key": "A", "amount": 40000})
    response = api.refund("ORDER-1", {"refund_key": "B", "amount": 5000})
    assert response.status_code == 400
    assert "4000.00" in response.json()["validation_messages"][0]


def test_414_is_the_merchants_insufficient_funds_and_changes_nothing(api, settled):
    """Midtrans answers 414 when the merchant's balance cannot cover a refund; the sandbox
    does so for the next N refunds when the `refund_414` fault is set."""
    settled()
    faults.update({"refund_414": 1})
    response = api.refund("ORDER-1", {"refund_key": "A", "amount": 1000})
    assert response.status_code == 414 and response.json()["status_code"] == "414"
    assert "insufficient" in response.json()["status_message"]
    assert Transaction.objects.get().status == "settlement" and Refund.objects.count() == 0
    assert api.refund("ORDER-1", {"refund_key": "A", "amount": 1000}).status_code == 200  # used up


def test_refund_of_an_unpaid_transaction_is_412(api):
    api.charge(charge_body("gopay"))
    response = api.refund("ORDER-1", {"refund_key": "A"})
    assert response.status_code == 412 and response.json()["status_code"] == "412"
    assert "settled" in response.json()["status_message"]
    api.cancel("ORDER-1")
    assert api.refund("ORDER-1", {"refund_key": "A"}).status_code == 412


def test_refund_of_a_fully_refunded_transaction_is_412(api, settled):
    settled()
    api.refund("ORDER-1", {"refund_key": "A"})
    assert api.refund("ORDER-1", {"refund_key": "B", "amount": 1}).status_code == 412


@pytest.mark.parametrize(
    ("payment_type", "extra"),
    [
        ("bank_transfer", {}),
        ("permata", {}),
        ("echannel", {}),
        ("cstore", {}),
        ("cstore", {"cstore": {"store": "alfamart"}}),
    ],
)
def test_methods_without_refunds_are_412_with_a_clear_message(api, settled, payment_type, extra):
    settled(payment_type, **extra)
    response = api.refund("ORDER-1", {"refund_key": "A", "amount": 1000})
    assert response.status_code == 412
    assert "Refund is not supported for payment type" in response.json()["status_message"]
    assert Transaction.objects.get().status == "settlement"


def test_shopeepay_refunds_only_in_full(api, settled):
    settled("shopeepay")
    response = api.refund("ORDER-1", {"refund_key": "A", "amount": 1000})
    assert response.status_code == 412 and "ShopeePay only supports a full refund" in response.json()["status_message"]
    assert api.refund("ORDER-1", {"refund_key": "B"}).json()["transaction_status"] == "refund"


def test_repeated_refund_key_returns_the_first_answer(api, settled, receiver, django_capture_on_commit_callbacks):
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        first = api.refund("ORDER-1", {"refund_key": "SAME", "amount": 1000})
        again = api.refund("ORDER-1", {"refund_key": "SAME", "amount": 1000})
        different = api.refund("ORDER-1", {"refund_key": "SAME", "amount": 9999})
    assert first.status_code == again.status_code == different.status_code == 200
    assert again.json() == first.json() == different.json()
    assert Transaction.objects.get().refunded_amount == 1000
    assert len([b for b in receiver.bodies if b["transaction_status"] == "partial_refund"]) == 1


def test_refund_by_transaction_id_and_of_an_unknown_id(api, settled):
    txn = settled()
    assert api.refund(str(txn.transaction_id), {"refund_key": "A"}).json()["transaction_status"] == "refund"
    assert api.refund("NOPE", {"refund_key": "A"}).status_code == 404


def test_refund_without_key_gets_one(api, settled):
    settled()
    body = api.refund("ORDER-1", None).json()
    assert body["transaction_status"] == "refund" and body["refund_key"].startswith("sandbox-")


@pytest.mark.parametrize("body", ["not json", "[1]"])
def test_a_refund_body_that_cannot_be_parsed_is_413(api, settled, body):
    settled()
    response = api.refund("ORDER-1", body)
    assert response.status_code == 413 and response.json()["status_code"] == "413"


@pytest.mark.parametrize(
    "body",
    [
        {"refund_key": 5},
        {"refund_key": "has space"},
        {"amount": "abc"},
        {"amount": 10.5},
        {"reason": ["x"]},
        {"reason": "a\u0000b"},
        {"refund_key": "k\u0000"},
    ],
)
def test_a_bad_refund_field_is_400(api, settled, body):
    settled()
    response = api.refund("ORDER-1", body)
    assert response.status_code == 400 and response.json()["status_code"] == "400"
    assert Refund.objects.count() == 0


def captured_card(api) -> Transaction:
    token = api.token().json()["token_id"]
    assert (
        api.charge(charge_body("credit_card", credit_card={"token_id": token})).json()["transaction_status"]
        == "capture"
    )
    return Transaction.objects.get(order_id="ORDER-1")


@pytest.mark.parametrize("path", ["refund", "refund/online/direct"])
def test_refund_of_a_captured_card_is_refused_and_cancel_voids_it(
    api, receiver, path, django_capture_on_commit_callbacks
):
    captured_card(api)
    response = api.client.post(
        f"{api.base}/ORDER-1/{path}", data='{"refund_key": "A", "amount": 4000}', content_type="application/json",
        headers={"Authorization": api.auth},
    )  # fmt: skip
    assert response.status_code == 412 and response.json()["status_code"] == "412"
    assert "cancel" in response.json()["status_message"]
    assert Transaction.objects.get().status == "capture" and Refund.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        voided = api.cancel("ORDER-1")
    assert voided.status_code == 200
    assert voided.json()["status_code"] == "200" and voided.json()["transaction_status"] == "cancel"
    assert [b["transaction_status"] for b in receiver.bodies][-1] == "cancel"


def test_a_settled_card_is_refunded_directly_too(api, django_capture_on_commit_callbacks):
    txn = captured_card(api)
    Transaction.objects.filter(pk=txn.pk).update(settle_after=txn.transaction_time)
    assert services.settle_captured() == 1
    response = api.client.post(
        f"{api.base}/ORDER-1/refund/online/direct", data='{"refund_key": "A", "amount": 4000}',
        content_type="application/json", headers={"Authorization": api.auth},
    )  # fmt: skip
    body = response.json()
    assert body["transaction_status"] == "partial_refund" and body["payment_type"] == "credit_card"
    assert body["masked_card"] == "481111-1114" and body["refund_amount"] == "4000.00"


def test_refund_goes_back_to_the_paying_wallet(api):
    api.charge(charge_body("gopay"))
    account = wallets.get_or_open("gopay", wallets.DEMO_PHONE)
    services.pay_with_wallet(Transaction.objects.get(), account)
    account.refresh_from_db()
    assert account.balance == 1_000_000 - 44000
    api.refund("ORDER-1", {"refund_key": "A", "amount": 4000})
    account.refresh_from_db()
    assert account.balance == 1_000_000 - 40000


def test_refund_honours_idempotency_key_header(api, settled):
    settled()
    first = api.refund("ORDER-1", {"amount": 1000}, **{"Idempotency-Key": "rf-1"})
    again = api.refund("ORDER-1", {"amount": 1000}, **{"Idempotency-Key": "rf-1"})
    assert again.json() == first.json()
    assert Transaction.objects.get().refunded_amount == 1000
