"""The official `midtransclient` package talks to the sandbox over real HTTP, unchanged."""

import midtransclient
import pytest
import requests

from .helpers import SERVER_KEY, assert_signed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def core(live_server) -> midtransclient.CoreApi:
    core = midtransclient.CoreApi(is_production=False, server_key=SERVER_KEY, client_key="SB-Mid-client-tests")
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
