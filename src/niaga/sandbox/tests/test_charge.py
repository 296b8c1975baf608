"""POST /v2/charge: auth, each payment type's answer, and every way a body can be wrong."""

import datetime as dt
import re
import uuid

import pytest

from niaga.core import clock
from niaga.sandbox import protocol
from niaga.sandbox.models import NotificationDelivery, Transaction

from .helpers import Api, charge_body

pytestmark = pytest.mark.django_db

TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def assert_common(body: dict, *, payment_type: str, order_id: str = "ORDER-1") -> None:
    assert body["status_code"] == "201"
    assert body["transaction_status"] == "pending"
    assert body["fraud_status"] == "accept"
    assert body["order_id"] == order_id
    assert body["gross_amount"] == "44000.00"
    assert body["currency"] == "IDR"
    assert body["merchant_id"] == "G000000000"
    assert body["payment_type"] == payment_type
    assert uuid.UUID(body["transaction_id"]).version == 4
    assert TIME.fullmatch(body["transaction_time"]) and TIME.fullmatch(body["expiry_time"])


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic " + "d3Jvbmc6", "Bearer abc", "Basic !!!notbase64", "Basic"],
    ids=["missing", "wrong-key", "wrong-scheme", "garbage", "empty"],
)
def test_bad_or_missing_key_is_401(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post("/sandbox/midtrans/v2/charge", data="{}", content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response.json()["status_code"] == "401"
    assert response.json()["status_message"]


def test_wrong_server_key_is_401(client):
    response = Api(client, key="SB-Mid-server-someone-else").status("ORDER-1")
    assert response.status_code == 401


@pytest.mark.parametrize(("bank", "length"), [("bca", 15), ("bni", 16), ("bri", 16), ("cimb", 16)])
def test_bank_transfer_answers_a_va_number(api, bank, length):
    response = api.charge(charge_body(bank_transfer={"bank": bank}))
    assert response.status_code == 200
    body = response.json()
    assert_common(body, payment_type="bank_transfer")
    assert body["status_message"] == "Success, Bank Transfer transaction is created"
    [va] = body["va_numbers"]
    assert va["bank"] == bank
    assert re.fullmatch(rf"\d{{{length}}}", va["va_number"])


def test_custom_va_number_is_the_customer_part_after_the_prefix(api):
    body = api.charge(charge_body(bank_transfer={"bank": "bri", "va_number": "1234567890123"})).json()
    number = body["va_numbers"][0]["va_number"]
    assert number.endswith("1234567890123") and len(number) == 18


def test_permata_answers_permata_va_number_as_bank_transfer(api):
    body = api.charge(charge_body("permata")).json()
    assert_common(body, payment_type="bank_transfer")
    assert re.fullmatch(r"\d{10,16}", body["permata_va_number"])
    assert "va_numbers" not in body


def test_echannel_answers_biller_code_and_bill_key(api):
    body = api.charge(charge_body("echannel")).json()
    assert_common(body, payment_type="echannel")
    assert body["biller_code"] == "70012"
    assert re.fullmatch(r"\d{12}", body["bill_key"])


def test_gopay_answers_four_actions_pointing_at_the_sandbox(api):
    body = api.charge(
        charge_body("gopay", gopay={"enable_callback": True, "callback_url": "https://shop.test/done"})
    ).json()
    assert_common(body, payment_type="gopay")
    actions = {a["name"]: a for a in body["actions"]}
    assert list(actions) == ["generate-qr-code", "deeplink-redirect", "get-status", "cancel"]
    tid = body["transaction_id"]
    assert actions["deeplink-redirect"]["url"] == f"http://testserver/sandbox/ewallet/{tid}/"
    assert actions["generate-qr-code"]["url"] == f"http://testserver/sandbox/ewallet/{tid}/qr/"
    assert actions["get-status"] == {
        "name": "get-status",
        "method": "GET",
        "url": f"http://testserver/sandbox/midtrans/v2/{tid}/status",
    }
    assert actions["cancel"]["method"] == "POST"
    assert Transaction.objects.get(order_id="ORDER-1").callback_url == "https://shop.test/done"


def test_shopeepay_answers_a_deeplink(api):
    body = api.charge(charge_body("shopeepay", shopeepay={"callback_url": "https://shop.test/done"})).json()
    assert_common(body, payment_type="shopeepay")
    assert [a["name"] for a in body["actions"]] == ["deeplink-redirect"]


def test_default_expiry_is_24_hours_for_va_and_15_minutes_for_wallets(api):
    api.charge(charge_body(order_id="VA-1"))
    api.charge(charge_body("gopay", order_id="GP-1"))
    va, gopay = Transaction.objects.get(order_id="VA-1"), Transaction.objects.get(order_id="GP-1")
    assert (va.expiry_time - va.transaction_time).total_seconds() == pytest.approx(24 * 3600, abs=1)
    assert (gopay.expiry_time - gopay.transaction_time).total_seconds() == pytest.approx(15 * 60, abs=1)


def test_custom_expiry_counts_from_order_time(api, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2030, 1, 1, 2, 0, tzinfo=dt.UTC))  # 09:00 WIB
    expiry = {"order_time": "2030-01-01 10:00:00 +0700", "expiry_duration": 90, "unit": "minute"}
    body = api.charge(charge_body(custom_expiry=expiry)).json()
    assert body["transaction_time"] == "2030-01-01 09:00:00"
    assert body["expiry_time"] == "2030-01-01 11:30:00"


def test_item_details_must_add_up_to_gross_amount(api):
    items = [
        {"id": "a", "name": "Kopi", "price": 20000, "quantity": 2},
        {"id": "fee", "name": "Biaya", "price": 4000, "quantity": 1},
    ]
    assert api.charge(charge_body(item_details=items)).status_code == 200
    items[1]["price"] = 5000
    response = api.charge(charge_body(order_id="ORDER-2", item_details=items))
    assert response.status_code == 400
    assert "sum of item_details" in response.json()["validation_messages"][0]


def test_duplicate_order_id_is_406(api):
    assert api.charge(charge_body()).status_code == 200
    response = api.charge(charge_body("gopay"))
    assert response.status_code == 406
    assert response.json()["status_code"] == "406"
    assert Transaction.objects.count() == 1


def test_custom_va_number_in_use_by_a_pending_charge_is_refused(api):
    assert api.charge(charge_body(bank_transfer={"bank": "bca", "va_number": "555"})).status_code == 200
    response = api.charge(charge_body(order_id="ORDER-2", bank_transfer={"bank": "bca", "va_number": "555"}))
    assert response.status_code == 406
    # Another bank's number space is separate.
    assert (
        api.charge(charge_body(order_id="ORDER-3", bank_transfer={"bank": "bni", "va_number": "555"})).status_code
        == 200
    )


@pytest.mark.parametrize("body", ["not json", "[1, 2]", b"\xff\xfe", "", '"a string"', "{"])
def test_a_body_that_cannot_be_parsed_is_413_and_changes_nothing(api, body):
    response = api.charge(body)
    assert response.status_code == 413, response.content
    assert response.json()["status_code"] == "413"
    assert Transaction.objects.count() == 0


def test_a_null_body_is_answered_as_midtrans_answers_it(api):
    """Midtrans answers a body of `null` with 500 "unexpected issues" (checked by the official
    client's own suite); it is not a validation error."""
    response = api.charge("null")
    assert response.status_code == 500
    assert response.json() == {"status_code": "500", "status_message": protocol.UNEXPECTED}
    assert Transaction.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"payment_type": "bank_transfer", "bank_transfer": {"bank": "bca"}},
        charge_body(amount=-5),
        charge_body(amount=0),
        charge_body(amount=10.5),
        charge_body(amount="abc"),
        charge_body(amount=True),
        charge_body(amount=10**20),
        charge_body(amount=None),
        charge_body(order_id=""),
        charge_body(order_id="a" * 51),
        charge_body(order_id="spaces are bad"),
        charge_body(order_id=123),  # type: ignore[arg-type]  # a wrong type on purpose
        {"transaction_details": {"order_id": "X", "gross_amount": 1000}},
        charge_body(payment_type=None),  # type: ignore[arg-type]  # a wrong type on purpose
        charge_body(transaction_details="nope"),
        charge_body("bank_transfer", bank_transfer={}),
        charge_body("bank_transfer", bank_transfer={"bank": ["bca"]}),
        charge_body("bank_transfer", bank_transfer="bca"),
        charge_body(bank_transfer={"bank": "bca", "va_number": "123456789012"}),
        charge_body(bank_transfer={"bank": "bca", "va_number": "12ab"}),
        charge_body(bank_transfer={"bank": "bni", "va_number": 123}),
        charge_body("permata", bank_transfer={"bank": "permata", "va_number": "123"}),
        charge_body("echannel", echannel={"bill_info1": "Bayar"}),
        charge_body("echannel", echannel={"bill_info1": "a", "bill_info2": "b", "bill_key": "12345"}),
        charge_body("gopay", gopay={"callback_url": ["x"]}),
        charge_body("gopay", gopay="yes"),
        charge_body(custom_expiry={"expiry_duration": 0, "unit": "minute"}),
        charge_body(custom_expiry={"expiry_duration": 5, "unit": "week"}),
        charge_body(custom_expiry={"expiry_duration": 5, "unit": ["minute"]}),
        charge_body(custom_expiry={"expiry_duration": 10**11, "unit": "day"}),
        charge_body(custom_expiry={"expiry_duration": 5, "unit": "hour", "order_time": "tomorrow"}),
        charge_body(custom_expiry={"expiry_duration": 5, "unit": "hour", "order_time": "9999-12-31 23:59:59 +0700"}),
        charge_body(item_details="x"),
        charge_body(item_details=[{"name": "a", "price": 44000, "quantity": 0}]),
        charge_body(item_details=[{"price": 44000, "quantity": 1}]),
        charge_body(customer_details=[1]),
    ],
)
def test_a_missing_or_bad_field_is_400_with_validation_messages_and_changes_nothing(api, body):
    response = api.charge(body)
    assert response.status_code == 400, response.content
    assert response.json()["status_code"] == "400"
    assert response.json()["validation_messages"]
    assert Transaction.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        charge_body("something_else"),
        charge_body("bca_klikpay"),
        charge_body(bank_transfer={"bank": "mandiri"}),
        charge_body(bank_transfer={"bank": "danamon"}),
        charge_body("cstore", cstore={"store": "lawson"}),
        charge_body("qris", qris={"acquirer": "ovo"}),
    ],
)
def test_payment_type_the_sandbox_does_not_offer_is_402(api, body):
    response = api.charge(body)
    assert response.status_code == 402
    assert response.json()["status_code"] == "402"


def test_whole_number_amounts_in_other_spellings_are_accepted(api):
    assert api.charge(charge_body(order_id="A", amount=44000.0)).json()["gross_amount"] == "44000.00"
    assert api.charge(charge_body(order_id="B", amount="44000.00")).json()["gross_amount"] == "44000.00"


def test_idempotency_key_replays_the_first_success(api):
    first = api.charge(charge_body(), **{"Idempotency-Key": "key-1"})
    again = api.charge(charge_body(), **{"Idempotency-Key": "key-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert Transaction.objects.count() == 1


def test_idempotency_key_does_not_remember_failures(api):
    assert api.charge(charge_body(amount=-1), **{"Idempotency-Key": "key-1"}).status_code == 400
    assert api.charge(charge_body(), **{"Idempotency-Key": "key-1"}).status_code == 200


def test_idempotency_key_is_forgotten_after_five_minutes(api):
    api.charge(charge_body(), **{"Idempotency-Key": "key-1"})
    with clock.travel(dt.timedelta(minutes=6)):
        response = api.charge(charge_body(), **{"Idempotency-Key": "key-1"})
    assert response.status_code == 406  # a real second attempt: the order_id is taken


def test_too_long_idempotency_key_is_400(api):
    assert api.charge(charge_body(), **{"Idempotency-Key": "k" * 47}).status_code == 400


def test_notification_urls_default_override_and_append(api, receiver):
    api.charge(charge_body(order_id="D"))
    api.charge(charge_body(order_id="O"), **{"X-Override-Notification": "https://a.test/n, https://b.test/n"})
    api.charge(charge_body(order_id="A"), **{"X-Append-Notification": "https://a.test/n"})
    both = {"X-Override-Notification": "https://a.test/n", "X-Append-Notification": "https://b.test/n"}
    api.charge(charge_body(order_id="B"), **both)
    urls = dict(Transaction.objects.values_list("order_id", "notification_urls"))
    assert urls == {
        "D": [receiver.url],
        "O": ["https://a.test/n", "https://b.test/n"],
        "A": [receiver.url, "https://a.test/n"],
        "B": ["https://a.test/n"],
    }
    assert NotificationDelivery.objects.filter(transaction__order_id="O").count() == 2


@pytest.mark.parametrize(
    "value", ["ftp://a.test/n", "not a url", "https://a/1,https://a/2,https://a/3,https://a/4", ",", "http://[::1"]
)
def test_bad_notification_header_is_400(api, value):
    assert api.charge(charge_body(), **{"X-Override-Notification": value}).status_code == 400


def test_wrong_http_method_is_json_405(api):
    response = api.client.get("/sandbox/midtrans/v2/charge", headers={"Authorization": api.auth})
    assert response.status_code == 405
    assert response.json()["status_code"] == "405"


@pytest.mark.parametrize(
    "raw",
    [
        '{"payment_type": "gopay", "transaction_details": {"order_id": "A", "gross_amount": NaN}}',
        '{"payment_type": "gopay", "transaction_details": {"order_id": "A", "gross_amount": 1000}, "x": Infinity}',
    ],
    ids=["nan", "infinity"],
)
def test_numbers_json_does_not_have_are_413(api, raw):
    assert api.charge(raw).status_code == 413


@pytest.mark.parametrize(
    "raw",
    [
        '{"payment_type": "gopay", "transaction_details": {"order_id": "A", "gross_amount": 1000}, "x": "\\u0000"}',
        '{"payment_type": "gopay", "transaction_details": {"order_id": "A", "gross_amount": 1000}, "x": "\\ud800"}',
    ],
    ids=["nul", "lone-surrogate"],
)
def test_text_the_database_cannot_store_is_400(api, raw):
    assert api.charge(raw).status_code == 400


def test_ids_that_cannot_exist_are_404(api):
    assert api.status("a%00b").status_code == 404
    assert api.status("ü" * 10).status_code == 404


def test_absurdly_nested_body_is_refused(api):
    deep = '{"payment_type": "gopay", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert api.charge(deep).status_code == 413  # beyond what the parser reads
    assert api.charge('{"payment_type": "gopay", "x": ' + "[" * 40 + "]" * 40 + "}").status_code == 400
