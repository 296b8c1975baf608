"""The new payer pages: outlet cashier, QRIS scanner and wallets, 3-D Secure, PayLater."""

import datetime as dt
import re

import pytest

from niaga.core import clock, qris
from niaga.sandbox import services, wallets
from niaga.sandbox.models import Transaction, WalletAccount

from .helpers import ACCEPTED_CARD, BANK_DENIED_CARD, FRAUD_DENIED_CARD, assert_signed, charge_body

pytestmark = pytest.mark.django_db

DEMO = wallets.DEMO_PHONE


def status(order_id: str = "ORDER-1") -> str:
    return Transaction.objects.get(order_id=order_id).status


def balance(provider: str, phone: str = DEMO) -> int:
    return WalletAccount.objects.get(provider=provider, phone=phone).balance


# --- Indomaret / Alfamart cashier -------------------------------------------------------


@pytest.fixture
def payment_code(api):
    def charge(store: str = "indomaret") -> str:
        return api.charge(charge_body("cstore", cstore={"store": store})).json()["payment_code"]

    return charge


def test_cashier_form_has_stable_fields(client):
    page = client.get("/sandbox/kasir/").content.decode()
    assert 'name="store"' in page and 'name="payment_code"' in page and ">Bayar Tunai</button>" in page
    assert 'value="indomaret"' in page and 'value="alfamart"' in page


def test_cashier_lookup_shows_the_bill_and_changes_nothing(client, payment_code):
    code = payment_code()
    page = client.get("/sandbox/kasir/", {"store": "indomaret", "payment_code": code}).content.decode()
    assert "ORDER-1" in page and "Rp44.000" in page and code in page and "Bayar Tunai" in page
    assert status() == "pending"


@pytest.mark.parametrize("store", ["indomaret", "alfamart"])
def test_cashier_pays_and_the_merchant_is_notified(
    client, payment_code, receiver, django_capture_on_commit_callbacks, store
):
    code = payment_code(store)
    spaced = " ".join(re.findall(r"\d{1,4}", code))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/sandbox/kasir/", {"store": store, "payment_code": spaced}).content.decode()
    assert "Pembayaran berhasil" in page
    assert status() == "settlement"
    [body] = receiver.bodies
    assert body["transaction_status"] == "settlement" and body["payment_type"] == "cstore"
    assert body["payment_code"] == code and body["store"] == store
    assert_signed(body)
    again = client.post("/sandbox/kasir/", {"store": store, "payment_code": code}).content.decode()
    assert "sudah dibayar" in again


def test_cashier_refuses_unknown_codes_and_other_stores(client, payment_code):
    code = payment_code("indomaret")
    page = client.post("/sandbox/kasir/", {"store": "alfamart", "payment_code": code}).content.decode()
    assert "tidak ditemukan" in page and status() == "pending"
    for bad in (
        {"store": "indomaret", "payment_code": "12ab"},
        {"store": "lawson", "payment_code": code},
        {"payment_code": ""},
    ):
        response = client.post("/sandbox/kasir/", bad)
        assert response.status_code == 200 and response.context["form"].errors
    assert status() == "pending"


def test_cashier_cannot_take_an_expired_code(client, payment_code):
    code = payment_code()
    with clock.travel(dt.timedelta(hours=25)):
        page = client.post("/sandbox/kasir/", {"store": "indomaret", "payment_code": code}).content.decode()
    assert "kedaluwarsa" in page and status() == "expire"


# --- QRIS and wallets ------------------------------------------------------------------


@pytest.fixture
def qr(api):
    def charge(amount: int = 44000, acquirer: str = "gopay", order_id: str = "ORDER-1") -> str:
        return api.charge(charge_body("qris", order_id=order_id, amount=amount, qris={"acquirer": acquirer})).json()[
            "qr_string"
        ]

    return charge


def scan(client, qr_string: str, wallet: str = "dana", phone: str = "", pin: str = "123456"):
    return client.post("/sandbox/qris/", {"qr_string": qr_string, "wallet": wallet, "phone": phone, "pin": pin})


def test_qris_page_has_stable_fields(client):
    page = client.get("/sandbox/qris/").content.decode()
    for name in ("qr_string", "wallet", "phone", "pin"):
        assert f'name="{name}"' in page
    for provider in ("gopay", "shopeepay", "ovo", "dana", "linkaja"):
        assert f'value="{provider}"' in page


def test_index_links_a_qris_bill_to_the_scanner_with_its_payload(client, qr):
    payload = qr()
    index = client.get("/sandbox/").content.decode()
    link = re.search(r'href="(/sandbox/qris/\?qr_string=[^"]+)"', index).group(1).replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert "Rp44.000" in page and "ORDER-1" in page
    assert payload in page  # prefilled
    assert status() == "pending"


def test_qris_pay_with_wallet_balance(client, qr, receiver, django_capture_on_commit_callbacks):
    payload = qr()
    with django_capture_on_commit_callbacks(execute=True):
        page = scan(client, payload, wallet="dana", phone="+62 812-3456-7890").content.decode()
    assert "Pembayaran berhasil" in page and "Rp956.000" in page
    assert status() == "settlement"
    assert balance("dana", "081234567890") == 1_000_000 - 44000
    [body] = receiver.bodies
    assert body["transaction_status"] == "settlement" and body["payment_type"] == "qris"
    assert body["issuer"] == "dana" and body["acquirer"] == "gopay" and body["transaction_type"] == "off-us"
    assert_signed(body)
    assert api_status_fields(client, "ORDER-1")["issuer"] == "dana"


def api_status_fields(client, order_id):
    from .helpers import Api

    return Api(client).status(order_id).json()


@pytest.mark.parametrize(
    ("acquirer", "wallet", "kind"),
    [("gopay", "gopay", "on-us"), ("airpay shopee", "shopeepay", "on-us"), ("airpay shopee", "gopay", "off-us")],
)
def test_qris_on_us_and_off_us(client, qr, acquirer, wallet, kind):
    scan(client, qr(acquirer=acquirer), wallet=wallet)
    txn = Transaction.objects.get()
    assert txn.status == "settlement" and txn.method_data["transaction_type"] == kind


def test_qris_insufficient_balance_changes_nothing(client, qr, receiver, django_capture_on_commit_callbacks):
    payload = qr(amount=1_500_000)
    with django_capture_on_commit_callbacks(execute=True):
        page = scan(client, payload, wallet="ovo").content.decode()
    assert "Saldo tidak cukup" in page
    assert status() == "pending" and balance("ovo") == 1_000_000
    assert receiver.bodies == []
    client.post("/sandbox/dompet/", {"wallet": "ovo", "phone": DEMO, "amount": "600.000"})
    assert "Pembayaran berhasil" in scan(client, payload, wallet="ovo").content.decode()
    assert balance("ovo") == 100_000


def test_qris_wrong_crc_is_refused_clearly(client, qr):
    payload = qr()
    broken = payload[:-4] + ("0000" if payload[-4:] != "0000" else "1111")
    response = scan(client, broken)
    assert response.status_code == 200
    assert "CRC tidak cocok" in response.content.decode()
    assert status() == "pending" and not WalletAccount.objects.exists()
    page = client.get("/sandbox/qris/", {"qr_string": broken}).content.decode()
    assert "CRC tidak cocok" in page


def test_qris_tampered_amount_fails_its_crc(client, qr):
    payload = qr()
    assert "CRC tidak cocok" in scan(client, payload.replace("540544000", "540511000")).content.decode()
    assert status() == "pending"


def test_qris_amount_must_match_the_bill(client, qr):
    payload = qr()
    code = qris.parse(payload)
    other = qris.build(
        merchant_name="NIAGA SANDBOX", merchant_city="JAKARTA", nmid=code.nmid, merchant_pan="936009140000000001",
        merchant_id="G000000000", amount=1000, bill_number="ORDER-1",
    )  # fmt: skip
    page = scan(client, other).content.decode()
    assert "tidak sama dengan tagihan" in page and status() == "pending"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("hello", "tidak valid"),
        (None, "QRIS statis"),
        ("unknown-bill", "tidak terhubung"),
    ],
)
def test_qris_other_bad_payloads(client, qr, payload, message):
    qr()
    if payload is None:
        payload = qris.build(
            merchant_name="TOKO", merchant_city="BANDUNG", nmid="ID1", merchant_pan="9360", merchant_id="M1"
        )
    elif payload == "unknown-bill":
        payload = qris.build(
            merchant_name="TOKO", merchant_city="BANDUNG", nmid="ID1", merchant_pan="9360", merchant_id="M1",
            amount=44000, bill_number="NOT-A-BILL",
        )  # fmt: skip
    assert message in scan(client, payload).content.decode()
    assert status() == "pending"


def test_qris_wrong_pin_changes_nothing(client, qr):
    page = scan(client, qr(), pin="000000").content.decode()
    assert "PIN salah" in page and "Rp44.000" in page
    assert status() == "pending" and not WalletAccount.objects.exists()


def test_qris_paid_twice_says_already_paid(client, qr):
    payload = qr()
    scan(client, payload)
    assert "sudah dibayar" in scan(client, payload).content.decode()
    assert balance("dana") == 1_000_000 - 44000


def test_dompet_shows_demo_balance_without_opening_an_account(client):
    page = client.get("/sandbox/dompet/", {"wallet": "linkaja", "phone": "0813-1111-2222"}).content.decode()
    assert "Rp1.000.000" in page and "belum pernah dipakai" in page
    assert not WalletAccount.objects.exists()
    for name in ("wallet", "phone", "amount"):
        assert f'name="{name}"' in page
    assert "Isi Saldo" in page and "Cek Saldo" in page


def test_dompet_top_up(client):
    page = client.post(
        "/sandbox/dompet/", {"wallet": "gopay", "phone": "081311112222", "amount": "Rp250.000"}
    ).content.decode()
    assert "Isi saldo berhasil" in page and "Rp1.250.000" in page
    assert balance("gopay", "081311112222") == 1_250_000
    page = client.get("/sandbox/dompet/", {"wallet": "gopay", "phone": "081311112222"}).content.decode()
    assert "Rp1.250.000" in page and "Isi saldo" in page and "Saldo awal demo" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"wallet": "gopay", "phone": "12345", "amount": "1000"}, "phone"),
        ({"wallet": "gopay", "phone": "", "amount": "1000"}, "phone"),
        ({"wallet": "bitcoin", "phone": DEMO, "amount": "1000"}, "wallet"),
        ({"wallet": "gopay", "phone": DEMO, "amount": "-5"}, "amount"),
        ({"wallet": "gopay", "phone": DEMO, "amount": "0"}, "amount"),
        ({"wallet": "gopay", "phone": DEMO, "amount": "999999999999"}, "amount"),
        ({"wallet": "gopay", "phone": DEMO, "amount": ""}, "amount"),
    ],
)
def test_dompet_bad_input_gets_a_message(client, data, field):
    response = client.post("/sandbox/dompet/", data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not WalletAccount.objects.filter(balance__gt=1_000_000).exists()


# --- GoPay / ShopeePay deeplink pays from the wallet balance ---------------------------------


def test_ewallet_deeplink_debits_the_default_demo_wallet(client, api):
    api.charge(charge_body("gopay"))
    txn = Transaction.objects.get()
    page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456"}).content.decode()
    assert "Pembayaran berhasil" in page
    assert balance("gopay") == 1_000_000 - 44000
    assert Transaction.objects.get().wallet.phone == DEMO


def test_ewallet_deeplink_with_a_phone_and_insufficient_balance(
    client, api, receiver, django_capture_on_commit_callbacks
):
    api.charge(charge_body("shopeepay", amount=2_000_000))
    txn = Transaction.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456", "phone": "0857 0000 1111"})
    html = page.content.decode()
    assert "Saldo tidak cukup" in html and 'name="pin"' in html
    assert status() == "pending" and balance("shopeepay", "085700001111") == 1_000_000
    assert receiver.bodies == []
    page = client.post(f"/sandbox/ewallet/{txn.transaction_id}/", {"pin": "123456", "phone": "not a phone"})
    assert page.context["form"].errors["phone"]


# --- 3-D Secure -----------------------------------------------------------------------


@pytest.fixture
def card(api):
    def charge(number: str = ACCEPTED_CARD, order_id: str = "ORDER-1", **credit_card) -> dict:
        token = api.token(number).json()["token_id"]
        card = {"token_id": token, "authentication": True, **credit_card}
        return api.charge(charge_body("credit_card", order_id=order_id, credit_card=card)).json()

    return charge


def three_ds(client, charged: dict, otp: str = "112233"):
    return client.post(charged["redirect_url"].removeprefix("http://testserver"), {"otp": otp})


def test_3ds_page_asks_for_the_otp(client, card):
    charged = card()
    page = client.get(charged["redirect_url"]).content.decode()
    assert 'name="otp"' in page and ">Kirim</button>" in page and "481111-1114" in page and "Rp44.000" in page


def test_3ds_right_otp_captures_then_settles(client, api, card, receiver, django_capture_on_commit_callbacks):
    charged = card()
    with django_capture_on_commit_callbacks(execute=True):
        page = three_ds(client, charged).content.decode()
    assert "Pembayaran berhasil" in page
    body = api.status("ORDER-1").json()
    assert body["transaction_status"] == "capture" and body["status_code"] == "200" and body["fraud_status"] == "accept"
    assert body["eci"] == "05" and re.fullmatch(r"\d{6}", body["approval_code"])
    assert [b["transaction_status"] for b in receiver.bodies] == ["capture"]
    with clock.travel(dt.timedelta(seconds=30)):
        assert services.settle_captured() == 0  # not yet
    with clock.travel(dt.timedelta(seconds=61)), django_capture_on_commit_callbacks(execute=True):
        assert services.settle_captured() == 1
        assert services.settle_captured() == 0
    assert status() == "settlement"
    assert receiver.bodies[-1]["transaction_status"] == "settlement"
    assert_signed(receiver.bodies[-1])


def test_3ds_settlement_delay_is_a_setting(client, card, settings):
    settings.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = 0
    three_ds(client, card())
    assert services.settle_captured() == 1


def test_3ds_wrong_otp_stays_pending(client, card, receiver, django_capture_on_commit_callbacks):
    charged = card()
    with django_capture_on_commit_callbacks(execute=True):
        page = three_ds(client, charged, otp="000000").content.decode()
    assert "Kode OTP salah" in page and status() == "pending" and receiver.bodies == []
    assert "Pembayaran berhasil" in three_ds(client, charged).content.decode()


def test_3ds_bank_denied_card_is_denied_after_the_otp(client, api, card):
    charged = card(BANK_DENIED_CARD)
    assert charged["transaction_status"] == "pending"
    page = three_ds(client, charged).content.decode()
    assert "Pembayaran ditolak" in page
    body = api.status("ORDER-1").json()
    assert body["transaction_status"] == "deny" and body["fraud_status"] == "accept" and body["status_code"] == "202"


def test_3ds_fraud_denied_card_has_no_3ds_page_to_pass(client, api, card):
    charged = card(FRAUD_DENIED_CARD)
    assert charged["transaction_status"] == "deny" and charged["fraud_status"] == "deny"
    tid = charged["transaction_id"]
    page = client.post(f"/sandbox/3ds/{tid}/", {"otp": "112233"}).content.decode()
    assert "ditolak" in page and 'name="otp"' not in page
    assert status() == "deny"


def test_3ds_redirects_to_the_finish_url(client, card, settings):
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = "https://shop.test/selesai"
    response = three_ds(client, card())
    assert response.status_code == 302
    assert (
        response["Location"] == "https://shop.test/selesai?order_id=ORDER-1&status_code=200&transaction_status=capture"
    )


def test_3ds_callback_url_in_the_charge_wins(client, card, settings):
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = "https://shop.test/selesai"
    response = three_ds(client, card(BANK_DENIED_CARD, callback_url="https://shop.test/kartu?x=1"))
    assert (
        response["Location"] == "https://shop.test/kartu?x=1&order_id=ORDER-1&status_code=202&transaction_status=deny"
    )


def test_3ds_expired_and_unknown(client, card):
    charged = card()
    with clock.travel(dt.timedelta(minutes=16)):
        page = three_ds(client, charged).content.decode()
    assert "kedaluwarsa" in page and status() == "expire"
    assert client.get("/sandbox/3ds/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_captured_card_can_be_cancelled_but_not_after_settlement(client, api, card, settings):
    three_ds(client, card())
    assert api.cancel("ORDER-1").json()["transaction_status"] == "cancel"
    settings.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = 0
    three_ds(client, card(order_id="ORDER-2"))
    services.settle_captured()
    assert api.cancel("ORDER-2").status_code == 412
    assert status("ORDER-2") == "settlement"


# --- PayLater ---------------------------------------------------------------------------


@pytest.fixture
def paylater(api):
    def charge(payment_type: str = "kredivo") -> dict:
        return api.charge(charge_body(payment_type)).json()

    return charge


def decide(client, charged: dict, decision: str):
    return client.post(charged["redirect_url"].removeprefix("http://testserver"), {"decision": decision})


@pytest.mark.parametrize("payment_type", ["akulaku", "kredivo"])
def test_paylater_page_shows_both_buttons(client, paylater, payment_type):
    page = client.get(paylater(payment_type)["redirect_url"]).content.decode()
    assert ">Setujui</button>" in page and ">Tolak</button>" in page and "Kaos Batik" in page


def test_paylater_approve_settles(client, paylater, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = decide(client, paylater(), "approve").content.decode()
    assert "Pembayaran berhasil" in page and status() == "settlement"
    [body] = receiver.bodies
    assert body["payment_type"] == "kredivo" and body["transaction_status"] == "settlement"
    assert_signed(body)


def test_paylater_reject_denies_and_redirects(client, paylater, settings):
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = "https://shop.test/selesai"
    response = decide(client, paylater("akulaku"), "reject")
    assert response["Location"] == "https://shop.test/selesai?order_id=ORDER-1&status_code=202&transaction_status=deny"
    assert status() == "deny"


def test_paylater_bad_decision_and_decided_twice(client, paylater):
    charged = paylater()
    assert "Pilih Setujui atau Tolak" in decide(client, charged, "maybe").content.decode()
    assert status() == "pending"
    decide(client, charged, "approve")
    assert "sudah dibayar" in decide(client, charged, "reject").content.decode()
    assert status() == "settlement"


def test_index_links_every_new_method_to_its_page(client, api):
    code = api.charge(charge_body("cstore", order_id="IDM", cstore={"store": "alfamart"})).json()["payment_code"]
    card = api.token().json()["token_id"]
    card_charge = api.charge(
        charge_body("credit_card", order_id="CC", credit_card={"token_id": card, "authentication": True})
    )
    lender = api.charge(charge_body("akulaku", order_id="AK")).json()
    page = client.get("/sandbox/").content.decode()
    assert f"/sandbox/kasir/?store=alfamart&amp;payment_code={code}" in page
    assert f"/sandbox/3ds/{card_charge.json()['transaction_id']}/" in page and "Verifikasi 3-D Secure" in page
    assert f"/sandbox/paylater/{lender['transaction_id']}/" in page and "Buka Akulaku" in page
    for link in ("/sandbox/kasir/", "/sandbox/qris/", "/sandbox/dompet/", "/sandbox/gangguan/"):
        assert f'href="{link}"' in page


@pytest.mark.parametrize("payload", ["0002010102\x0012", "00020101021é", "   "])
def test_qris_payload_with_strange_characters_is_refused(client, qr, payload):
    qr()
    response = scan(client, payload)
    assert response.status_code == 200 and response.context["form"].errors["qr_string"]
    page = client.get("/sandbox/qris/", {"qr_string": payload})
    assert page.status_code == 200
    assert status() == "pending"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sandbox/kasir/", {"store": "indomaret", "payment_code": "12\x0034"}),
        ("/sandbox/dompet/", {"wallet": "gopay", "phone": "0812\x003456789", "amount": "1000"}),
        ("/sandbox/gangguan/", {"charge_503": "1\x00", "duplicate_notifications": "0", "delay_seconds": "0"}),
    ],
)
def test_nul_in_page_forms_is_a_message_not_an_error(client, path, data):
    assert client.post(path, data).status_code == 200
    assert client.get(path, data).status_code == 200
