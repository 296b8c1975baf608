"""The pages a person uses: the index, the bank app, the e-wallet app."""

import datetime as dt
import re

import pytest
from django.test import Client

from niaga.core import clock
from niaga.sandbox.models import Transaction

from .helpers import assert_signed, charge_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def va(api) -> str:
    return api.charge(charge_body(bank_transfer={"bank": "bni"})).json()["va_numbers"][0]["va_number"]


def status() -> str:
    return Transaction.objects.get(order_id="ORDER-1").status


def test_index_lists_pending_bills_with_pay_links(client, api, va):
    api.charge(charge_body("echannel", order_id="MANDIRI-1"))
    api.charge(charge_body("gopay", order_id="GOPAY-1"))
    page = client.get("/sandbox/").content.decode()
    assert "Niaga Sandbox — simulasi, bukan uang sungguhan" in page
    assert f"/sandbox/bank/?bank=bni&amp;va_number={va}" in page
    assert "bank=mandiri&amp;biller_code=70012&amp;bill_key=" in page
    tid = Transaction.objects.get(order_id="GOPAY-1").transaction_id
    assert f"/sandbox/ewallet/{tid}/" in page
    assert "Rp44.000" in page


def test_bank_form_renders_with_stable_field_names(client):
    page = client.get("/sandbox/bank/").content.decode()
    for name in ("bank", "va_number", "biller_code", "bill_key"):
        assert f'name="{name}"' in page
    assert "Cek Tagihan" in page


def test_looking_up_a_va_shows_the_bill_and_changes_nothing(client, va):
    page = client.get("/sandbox/bank/", {"bank": "bni", "va_number": va}).content.decode()
    assert "ORDER-1" in page and "Rp44.000" in page and ">Bayar</button>" in page
    assert status() == "pending"


def test_paying_a_va_settles_it_and_sends_a_signed_notification(
    client, va, receiver, django_capture_on_commit_callbacks
):
    spaced = " ".join(re.findall(r"\d{4}", va))  # typed the way it is printed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/sandbox/bank/", {"bank": "bni", "va_number": spaced})
    assert "Pembayaran berhasil" in response.content.decode()
    assert status() == "settlement"
    [body] = receiver.bodies
    assert body["transaction_status"] == "settlement" and body["order_id"] == "ORDER-1"
    assert body["va_numbers"] == [{"bank": "bni", "va_number": va}]
    assert_signed(body)


def test_paying_again_says_already_paid(client, va):
    client.post("/sandbox/bank/", {"bank": "bni", "va_number": va})
    page = client.post("/sandbox/bank/", {"bank": "bni", "va_number": va}).content.decode()
    assert "sudah dibayar" in page


def test_unknown_number_says_not_found(client, va):
    page = client.post("/sandbox/bank/", {"bank": "bca", "va_number": va}).content.decode()
    assert "tidak ditemukan" in page
    assert status() == "pending"


def test_expired_bill_cannot_be_paid(client, va):
    with clock.travel(dt.timedelta(hours=25)):
        page = client.post("/sandbox/bank/", {"bank": "bni", "va_number": va}).content.decode()
    assert "kedaluwarsa" in page
    assert status() == "expire"


def test_cancelled_bill_cannot_be_paid(client, api, va):
    api.cancel("ORDER-1")
    assert "dibatalkan" in client.get("/sandbox/bank/", {"bank": "bni", "va_number": va}).content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"bank": "bni", "va_number": ""}, "va_number"),
        ({"bank": "bni", "va_number": "12ab"}, "va_number"),
        ({"bank": "mandiri", "biller_code": "99999", "bill_key": "123456789012"}, "biller_code"),
        ({"bank": "mandiri", "biller_code": "70012", "bill_key": ""}, "bill_key"),
        ({"bank": "bank-x", "va_number": "123"}, "bank"),
    ],
)
def test_bad_input_gets_a_message_on_the_field(client, query, field):
    response = client.get("/sandbox/bank/", query)
    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_mandiri_bill_is_paid_with_biller_code_and_bill_key(client, api, receiver, django_capture_on_commit_callbacks):
    bill_key = api.charge(charge_body("echannel")).json()["bill_key"]
    lookup = client.get("/sandbox/bank/", {"bank": "mandiri", "biller_code": "70012", "bill_key": bill_key})
    assert f'name="bill_key" value="{bill_key}"' in lookup.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sandbox/bank/", {"bank": "mandiri", "biller_code": "70012", "bill_key": bill_key})
    assert status() == "settlement"
    [body] = receiver.bodies
    assert body["bill_key"] == bill_key and body["biller_code"] == "70012"
    assert_signed(body)


@pytest.fixture
def gopay(api):
    def charge(**gopay) -> Transaction:
        api.charge(charge_body("gopay", gopay=gopay))
        return Transaction.objects.get(order_id="ORDER-1")

    return charge


def test_ewallet_page_shows_the_charge(client, gopay):
    page = client.get(f"/sandbox/ewallet/{gopay().transaction_id}/").content.decode()
    assert "GoPay" in page and "Rp44.000" in page and 'name="pin"' in page and "Konfirmasi" in page


def test_ewallet_wrong_pin_changes_nothing(client, gopay, receiver, django_capture_on_commit_callbacks):
    txn = gopay()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "000000"}).content.decode()
    assert "PIN salah" in page
    assert status() == "pending" and receiver.bodies == []


def test_ewallet_right_pin_settles_and_returns_to_the_shop(client, gopay, receiver, django_capture_on_commit_callbacks):
    txn = gopay(enable_callback=True, callback_url="https://shop.test/pay/ABC")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"https://shop.test/pay/ABC?order_id={txn.order_id}&status_code=200&transaction_status=settlement"
    )
    assert status() == "settlement"
    [body] = receiver.bodies
    assert body["payment_type"] == "gopay" and body["transaction_status"] == "settlement"
    assert_signed(body)


def test_ewallet_without_callback_shows_success(client, api):
    api.charge(charge_body("shopeepay"))
    txn = Transaction.objects.get(order_id="ORDER-1")
    page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456"}).content.decode()
    assert "Pembayaran berhasil" in page and "ShopeePay" in page
    assert status() == "settlement"


def test_ewallet_app_callback_that_is_not_a_web_url_shows_success(client, gopay):
    txn = gopay(callback_url="myapp://paid")
    response = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456"})
    assert response.status_code == 200 and "Pembayaran berhasil" in response.content.decode()


def test_ewallet_expired_charge_says_so(client, gopay):
    txn = gopay()
    with clock.travel(dt.timedelta(minutes=16)):
        page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456"}).content.decode()
    assert "kedaluwarsa" in page and 'name="pin"' not in page
    assert status() == "expire"


def test_ewallet_unknown_or_bank_transaction_is_404(client, va):
    txn = Transaction.objects.get(order_id="ORDER-1")
    assert client.get(f"/sandbox/ewallet/{txn.transaction_id}/").status_code == 404
    assert client.get("/sandbox/ewallet/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/sandbox/ewallet/not-a-uuid/").status_code == 404


def test_qr_action_is_an_svg_image(client, gopay):
    response = client.get(f"/sandbox/ewallet/{gopay().transaction_id}/qr/")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_bank_confirmation_form_carries_a_csrf_token(va):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/sandbox/bank/", {"bank": "bni", "va_number": va}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post("/sandbox/bank/", {"bank": "bni", "va_number": va}).status_code == 403
    response = browser.post("/sandbox/bank/", {"bank": "bni", "va_number": va, "csrfmiddlewaretoken": token})
    assert "Pembayaran berhasil" in response.content.decode()


def test_bill_shows_customer_and_items_however_amounts_were_spelled(client, api):
    items = [
        {"name": "Kaos Batik", "price": "40000.00", "quantity": 1},
        {"name": "Ongkir", "price": 4000.0, "quantity": "1"},
    ]
    body = charge_body(item_details=items, customer_details={"first_name": "Siti", "last_name": "Aminah"})
    va = api.charge(body).json()["va_numbers"][0]["va_number"]
    page = client.get("/sandbox/bank/", {"bank": "bca", "va_number": va}).content.decode()
    assert "Siti Aminah" in page and "Kaos Batik × 1 — Rp40.000" in page and "Ongkir × 1 — Rp4.000" in page
