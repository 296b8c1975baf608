"""The official `midtransclient` package talks to the sandbox over real HTTP, unchanged."""

import datetime as dt
import re

import midtransclient
import pytest
import requests

from niaga.core import clock
from niaga.sandbox import services
from niaga.sandbox.models import NotificationDelivery

from .helpers import ACCEPTED_CARD, CLIENT_KEY, SERVER_KEY, assert_signed, card_expiry_year

CHALLENGE_CARD = "4511111111111117"
CHARGEBACK_CARD = "4021111111111110"
MidtransAPIError = midtransclient.error_midtrans.MidtransAPIError


def notifications(order_id: str) -> list[dict]:
    """Every notification queued for the order, in order (some go out a moment later)."""
    return [d.body for d in NotificationDelivery.objects.filter(transaction__order_id=order_id).order_by("pk")]


def settle_due() -> int:
    """The minute sweep, run once the card settlement delay has passed."""
    with clock.travel(dt.timedelta(seconds=61)):
        return services.settle_captured()


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def core(live_server) -> midtransclient.CoreApi:
    core = midtransclient.CoreApi(is_production=False, server_key=SERVER_KEY, client_key=CLIENT_KEY)
    # The client builds every URL from this instance attribute (config.ApiConfig.get_core_api_base_url).
    core.api_config.CORE_SANDBOX_BASE_URL = live_server.url + "/sandbox/midtrans"
    return core


def test_charge_status_cancel_with_the_official_client(core, receiver):
    charged = core.charge(
        {
            "payment_type": "bank_transfer",
            "transaction_details": {"order_id": "MT-1", "gross_amount": 150000},
            "bank_transfer": {"bank": "bri"},
            "customer_details": {"first_name": "Siti", "email": "siti@example.test"},
        }
    )
    assert charged["status_code"] == "201" and charged["transaction_status"] == "pending"
    assert charged["va_numbers"][0]["bank"] == "bri"

    status = core.transactions.status("MT-1")
    assert status["transaction_id"] == charged["transaction_id"] and status["gross_amount"] == "150000.00"
    assert_signed(status)
    assert core.transactions.status(charged["transaction_id"])["order_id"] == "MT-1"

    cancelled = core.transactions.cancel("MT-1")
    assert cancelled["transaction_status"] == "cancel"
    [notification] = receiver.bodies  # sent in-process (huey immediate) by the live server
    assert notification["transaction_status"] == "cancel"
    assert_signed(notification)

    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as refused:
        core.transactions.cancel("MT-1")
    assert refused.value.http_status_code == 412
    assert refused.value.api_response_dict["status_code"] == "412"


def test_gopay_deeplink_opens_the_wallet_page(core, live_server):
    charged = core.charge(
        {
            "payment_type": "gopay",
            "transaction_details": {"order_id": "MT-2", "gross_amount": 25000},
            "gopay": {"enable_callback": True, "callback_url": live_server.url + "/sandbox/"},
        }
    )
    actions = {a["name"]: a["url"] for a in charged["actions"]}
    assert actions["deeplink-redirect"].startswith(live_server.url)
    page = requests.get(actions["deeplink-redirect"], timeout=10)
    assert page.status_code == 200 and "GoPay" in page.text
    qr = requests.get(actions["generate-qr-code"], timeout=10)
    assert qr.headers["Content-Type"] == "image/svg+xml"


def test_errors_reach_the_client_as_midtrans_errors(core):
    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as missing:
        core.transactions.status("NO-SUCH-ORDER")
    assert missing.value.http_status_code == 404
    core.api_config.server_key = "SB-Mid-server-wrong"
    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as denied:
        core.transactions.status("NO-SUCH-ORDER")
    assert denied.value.http_status_code == 401


def card_token(core, number: str = ACCEPTED_CARD) -> str:
    token = core.card_token(
        {
            "card_number": number,
            "card_exp_month": "12",
            "card_exp_year": card_expiry_year(),
            "card_cvv": "123",
            "client_key": core.api_config.client_key,
        }
    )
    assert token["status_code"] == "200"
    return token["token_id"]


def test_card_token_charge_and_refunds_with_the_official_client(core, receiver):
    charged = core.charge(
        {
            "payment_type": "credit_card",
            "transaction_details": {"order_id": "MT-3", "gross_amount": 100000},
            "credit_card": {"token_id": card_token(core), "authentication": False},
        }
    )
    assert charged["status_code"] == "200" and charged["transaction_status"] == "capture"
    assert charged["masked_card"] == "481111-1114"
    assert settle_due() == 1  # refunds start from settlement

    partial = core.transactions.refund(
        "MT-3", {"refund_key": "MT-3-R1", "amount": 25000, "reason": "Satu barang habis"}
    )
    assert partial["transaction_status"] == "partial_refund" and partial["refund_amount"] == "25000.00"
    again = core.transactions.refund("MT-3", {"refund_key": "MT-3-R1", "amount": 25000})
    assert again == partial
    full = core.transactions.refund("MT-3", {"refund_key": "MT-3-R2", "amount": 75000})
    assert full["transaction_status"] == "refund"
    status = core.transactions.status("MT-3")
    assert status["refund_amount"] == "100000.00" and len(status["refunds"]) == 2
    assert_signed(status)
    assert [b["transaction_status"] for b in receiver.bodies][-2:] == ["partial_refund", "refund"]

    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as over:
        core.transactions.refund("MT-3", {"refund_key": "MT-3-R3", "amount": 1})
    assert over.value.http_status_code == 412


def test_a_card_token_works_once_with_the_official_client(core):
    token = card_token(core)

    def charge(order_id: str) -> dict:
        details = {"order_id": order_id, "gross_amount": 1000}
        return core.charge(
            {"payment_type": "credit_card", "transaction_details": details, "credit_card": {"token_id": token}}
        )

    assert charge("MT-4")["transaction_status"] == "capture"
    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as used:
        charge("MT-5")
    assert used.value.http_status_code == 411


def test_card_3ds_through_the_browser_pages(core, live_server, settings):
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = live_server.url + "/sandbox/"
    charged = core.charge(
        {
            "payment_type": "credit_card",
            "transaction_details": {"order_id": "MT-6", "gross_amount": 50000},
            "credit_card": {"token_id": card_token(core), "authentication": True},
        }
    )
    assert charged["status_code"] == "201" and charged["redirect_url"].startswith(live_server.url)
    browser = requests.Session()
    page = browser.get(charged["redirect_url"], timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = browser.post(
        charged["redirect_url"],
        data={"csrfmiddlewaretoken": csrf, "otp": "112233"},
        headers={"Referer": charged["redirect_url"]},
        allow_redirects=False,
        timeout=10,
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith("?order_id=MT-6&status_code=200&transaction_status=capture")
    assert core.transactions.status("MT-6")["transaction_status"] == "capture"


def test_refund_of_a_bank_transfer_is_refused(core):
    core.charge(
        {
            "payment_type": "bank_transfer",
            "transaction_details": {"order_id": "MT-7", "gross_amount": 150000},
            "bank_transfer": {"bank": "bca"},
        }
    )
    with pytest.raises(midtransclient.error_midtrans.MidtransAPIError) as refused:
        core.transactions.refund("MT-7", {"refund_key": "x", "amount": 1000})
    assert refused.value.http_status_code == 412


def test_an_order_id_is_charged_again_after_cancel_with_the_official_client(core):
    def charge() -> dict:
        details = {"order_id": "MT-8", "gross_amount": 150000}
        return core.charge(
            {"payment_type": "bank_transfer", "transaction_details": details, "bank_transfer": {"bank": "bni"}}
        )

    first = charge()
    with pytest.raises(MidtransAPIError) as taken:
        charge()
    assert taken.value.http_status_code == 406
    assert core.transactions.cancel("MT-8")["status_code"] == "200"
    second = charge()
    assert second["status_code"] == "201" and second["transaction_id"] != first["transaction_id"]
    assert core.transactions.status("MT-8")["transaction_id"] == second["transaction_id"]


def test_a_missing_field_is_400_with_validation_messages_for_the_official_client(core):
    with pytest.raises(MidtransAPIError) as refused:
        core.charge(
            {
                "payment_type": "bank_transfer",
                "transaction_details": {"order_id": "MT-9"},
                "bank_transfer": {"bank": "bca"},
            }
        )
    assert refused.value.http_status_code == 400
    body = refused.value.api_response_dict
    assert body["status_code"] == "400"
    assert any("gross_amount" in message for message in body["validation_messages"])


def test_refund_of_a_captured_card_is_refused_and_cancel_voids_it_with_the_official_client(core):
    details = {"order_id": "MT-10", "gross_amount": 80000}
    core.charge(
        {"payment_type": "credit_card", "transaction_details": details, "credit_card": {"token_id": card_token(core)}}
    )
    for refund in (core.transactions.refund, core.transactions.refundDirect):
        with pytest.raises(MidtransAPIError) as refused:
            refund("MT-10", {"refund_key": "MT-10-R1", "amount": 80000})
        assert refused.value.http_status_code == 412
    voided = core.transactions.cancel("MT-10")
    assert voided["status_code"] == "200" and voided["transaction_status"] == "cancel"


def test_a_challenged_card_waits_for_approve_with_the_official_client(core):
    details = {"order_id": "MT-11", "gross_amount": 120000}
    token = card_token(core, CHALLENGE_CARD)
    charged = core.charge(
        {"payment_type": "credit_card", "transaction_details": details, "credit_card": {"token_id": token}}
    )
    assert charged["status_code"] == "201" and charged["status_message"] == "Challenge by FDS"
    assert charged["transaction_status"] == "capture" and charged["fraud_status"] == "challenge"
    assert settle_due() == 0  # a challenged capture waits for the merchant
    approved = core.transactions.approve("MT-11")
    assert approved["status_code"] == "200" and approved["status_message"] == "Success, transaction is approved"
    assert approved["transaction_status"] == "capture" and approved["fraud_status"] == "accept"
    with pytest.raises(MidtransAPIError) as twice:
        core.transactions.approve("MT-11")
    assert twice.value.http_status_code == 412
    assert settle_due() == 1
    notified = [(b["transaction_status"], b["fraud_status"], b["status_code"]) for b in notifications("MT-11")]
    assert notified == [("capture", "challenge", "201"), ("capture", "accept", "200"), ("settlement", "accept", "200")]
    for body in notifications("MT-11"):
        assert_signed(body)


def test_a_chargeback_card_is_settled_then_charged_back_with_the_official_client(core):
    details = {"order_id": "MT-12", "gross_amount": 90000}
    token = card_token(core, CHARGEBACK_CARD)
    core.charge({"payment_type": "credit_card", "transaction_details": details, "credit_card": {"token_id": token}})
    assert settle_due() == 1
    status = core.transactions.status("MT-12")
    assert status["transaction_status"] == "chargeback" and status["status_code"] == "200"
    assert status["chargeback_amount"] == "90000.00"
    assert_signed(status)
    with pytest.raises(MidtransAPIError) as refused:
        core.transactions.refund("MT-12", {"refund_key": "MT-12-R1", "amount": 1000})
    assert refused.value.http_status_code == 412
    chargeback = notifications("MT-12")[-1]
    assert chargeback["transaction_status"] == "chargeback" and chargeback["chargeback_amount"] == "90000.00"
    assert chargeback["status_code"] == "200" and chargeback["status_message"] == "midtrans payment notification"
    assert_signed(chargeback)
