"""The card statuses a real integration meets, each produced by a test card or a request:
fraud challenge with /approve and /deny, pre-authorisation with POST /v2/capture, failure,
chargeback and partial chargeback, saved cards and point inquiry — with the signed
notifications Midtrans sends for each."""

import datetime as dt
import json

import pytest

from niaga.core import clock
from niaga.sandbox import services
from niaga.sandbox.models import CardToken, Chargeback, NotificationDelivery, Transaction

from .helpers import ACCEPTED_CARD, CLIENT_KEY, assert_signed, card_expiry_year, charge_body

pytestmark = pytest.mark.django_db

CHALLENGE_CARD = "4511111111111117"
FAILURE_CARD = "4011111111111112"
CHARGEBACK_CARD = "4021111111111110"
PARTIAL_CHARGEBACK_CARD = "4031111111111118"


def card_charge(api, card=ACCEPTED_CARD, *, order_id="ORDER-1", amount=44000, **credit_card):
    token = api.token(card).json()["token_id"]
    body = charge_body("credit_card", order_id=order_id, amount=amount, credit_card={"token_id": token, **credit_card})
    return api.charge(body)


def post(api, path: str, body=None):
    data = json.dumps(body) if body is not None else ""
    return api.client.post(
        f"{api.base}/{path}", data=data, content_type="application/json", headers={"Authorization": api.auth}
    )


def notifications(order_id: str = "ORDER-1") -> list[dict]:
    """What the merchant is sent, in order (the first goes out a moment after the answer)."""
    return [d.body for d in NotificationDelivery.objects.filter(transaction__order_id=order_id).order_by("pk")]


def settle_due() -> int:
    with clock.travel(dt.timedelta(seconds=61)):
        return services.settle_captured()


# Fraud challenge


def test_a_challenge_card_is_captured_with_fraud_status_challenge_and_does_not_settle(api):
    response = card_charge(api, CHALLENGE_CARD)
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == "201" and body["status_message"] == "Challenge by FDS"
    assert body["transaction_status"] == "capture" and body["fraud_status"] == "challenge"
    assert body["masked_card"] == "451111-1117"
    [notification] = notifications()
    assert (notification["transaction_status"], notification["fraud_status"], notification["status_code"]) == (
        "capture", "challenge", "201",
    )  # fmt: skip
    assert_signed(notification)
    assert settle_due() == 0
    assert api.status("ORDER-1").json()["fraud_status"] == "challenge"


def test_approve_accepts_a_challenged_capture_which_then_settles(api):
    card_charge(api, CHALLENGE_CARD)
    response = post(api, "ORDER-1/approve")
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == "200" and body["status_message"] == "Success, transaction is approved"
    assert body["transaction_status"] == "capture" and body["fraud_status"] == "accept"
    assert settle_due() == 1
    sent = [(b["transaction_status"], b["fraud_status"], b["status_code"]) for b in notifications()]
    assert sent == [("capture", "challenge", "201"), ("capture", "accept", "200"), ("settlement", "accept", "200")]


def test_deny_refuses_a_challenged_capture(api):
    card_charge(api, CHALLENGE_CARD)
    response = post(api, "ORDER-1/deny")
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == "200" and body["status_message"] == "Success, transaction is denied"
    assert body["transaction_status"] == "deny" and body["fraud_status"] == "deny"
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "deny" and status["status_code"] == "202"
    denied = notifications()[-1]
    assert (denied["transaction_status"], denied["fraud_status"], denied["status_code"]) == ("deny", "deny", "202")
    assert_signed(denied)
    assert settle_due() == 0
    # A denied order_id is free again.
    assert card_charge(api).json()["transaction_status"] == "capture"


@pytest.mark.parametrize("action", ["approve", "deny"])
def test_approve_or_deny_of_a_transaction_that_is_not_challenged_is_412(api, action):
    card_charge(api)
    api.charge(charge_body(order_id="VA-1"))
    for ref in ("ORDER-1", "VA-1"):
        response = post(api, f"{ref}/{action}")
        assert response.status_code == 412 and response.json()["status_code"] == "412"
    assert post(api, f"NOPE/{action}").status_code == 404
    assert Transaction.objects.get(order_id="ORDER-1").fraud_status == "accept"


def test_a_challenge_is_decided_once(api):
    card_charge(api, CHALLENGE_CARD)
    assert post(api, "ORDER-1/deny").status_code == 200
    assert post(api, "ORDER-1/approve").status_code == 412
    assert post(api, "ORDER-1/deny").status_code == 412


def test_a_challenge_card_through_3ds_is_challenged_after_the_otp(api, client):
    charged = card_charge(api, CHALLENGE_CARD, authentication=True).json()
    assert charged["status_code"] == "201" and charged["transaction_status"] == "pending"
    client.post(charged["redirect_url"].removeprefix("http://testserver"), {"otp": "112233"})
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "capture" and status["fraud_status"] == "challenge"
    assert status["status_code"] == "201"


# Pre-authorisation


def test_a_pre_authorised_card_is_authorize_until_captured(api):
    response = card_charge(api, type="authorize")
    body = response.json()
    assert body["status_code"] == "200" and body["transaction_status"] == "authorize"
    assert body["fraud_status"] == "accept"
    assert settle_due() == 0
    assert api.refund("ORDER-1", {"refund_key": "A"}).status_code == 412

    captured = post(api, "capture", {"transaction_id": body["transaction_id"], "gross_amount": 44000})
    assert captured.status_code == 200
    done = captured.json()
    assert (
        done["status_code"] == "200"
        and done["status_message"] == "Success, Credit Card capture transaction is successful"
    )
    assert done["transaction_status"] == "capture" and done["gross_amount"] == "44000.00"
    assert settle_due() == 1
    sent = [(b["transaction_status"], b["status_code"]) for b in notifications()]
    assert sent == [("authorize", "200"), ("capture", "200"), ("settlement", "200")]
    for body in notifications():
        assert_signed(body)


def test_capture_may_take_less_than_was_authorised(api):
    body = card_charge(api, type="authorize").json()
    done = post(api, "capture", {"transaction_id": body["transaction_id"], "gross_amount": "30000"}).json()
    assert done["transaction_status"] == "capture" and done["gross_amount"] == "30000.00"
    assert_signed(notifications()[-1])


def test_capture_of_more_than_authorised_or_of_what_is_not_authorised_is_refused(api):
    authorised = card_charge(api, type="authorize").json()
    too_much = post(api, "capture", {"transaction_id": authorised["transaction_id"], "gross_amount": 44001})
    assert too_much.status_code == 400 and too_much.json()["validation_messages"]
    captured = card_charge(api, order_id="ORDER-2").json()
    again = post(api, "capture", {"transaction_id": captured["transaction_id"], "gross_amount": 44000})
    assert again.status_code == 412 and again.json()["status_code"] == "412"
    assert post(api, "capture", {"gross_amount": 1}).status_code == 400
    assert post(api, "capture", {"transaction_id": "NOPE"}).status_code == 404
    assert Transaction.objects.get(order_id="ORDER-1").status == "authorize"


def test_an_authorised_card_is_released_with_cancel(api):
    card_charge(api, type="authorize")
    response = api.cancel("ORDER-1")
    assert response.json()["status_code"] == "200" and response.json()["transaction_status"] == "cancel"
    assert notifications()[-1]["transaction_status"] == "cancel" and notifications()[-1]["status_code"] == "202"


# Failure


def test_a_failure_card_ends_in_failure_and_frees_the_order_id(api):
    body = card_charge(api, FAILURE_CARD).json()
    assert body["transaction_status"] == "failure" and body["status_code"] == "202"
    assert body["channel_response_code"] == "96"
    [notification] = notifications()
    assert notification["transaction_status"] == "failure" and notification["status_code"] == "202"
    assert_signed(notification)
    assert card_charge(api).json()["transaction_status"] == "capture"


# Chargebacks


def test_a_chargeback_card_settles_then_is_charged_back_in_full(api):
    card_charge(api, CHARGEBACK_CARD)
    assert settle_due() == 1
    txn = Transaction.objects.get()
    assert txn.status == "chargeback" and txn.chargeback_amount == 44000
    sent = notifications()
    assert [b["transaction_status"] for b in sent] == ["capture", "settlement", "chargeback"]
    chargeback = sent[-1]
    assert chargeback["status_code"] == "200" and chargeback["status_message"] == "midtrans payment notification"
    assert chargeback["gross_amount"] == "44000.00" and chargeback["chargeback_amount"] == "44000.00"
    [entry] = chargeback["chargebacks"]
    assert entry["chargeback_amount"] == "44000.00" and entry["refund_chargeback_id"] == Chargeback.objects.get().pk
    assert chargeback["settlement_time"] == sent[1]["settlement_time"]
    assert_signed(chargeback)
    assert api.refund("ORDER-1", {"refund_key": "A"}).status_code == 412
    # Notified a moment after the settlement, so that it arrives behind it.
    assert NotificationDelivery.objects.order_by("pk").last().next_attempt_at > clock.now()


def test_a_partial_chargeback_card_takes_half_back(api):
    card_charge(api, PARTIAL_CHARGEBACK_CARD)
    assert settle_due() == 1
    status = api.status("ORDER-1").json()
    assert status["transaction_status"] == "partial_chargeback" and status["status_code"] == "200"
    assert status["chargeback_amount"] == "22000.00"
    assert_signed(status)
    assert notifications()[-1]["transaction_status"] == "partial_chargeback"


def test_a_chargeback_after_a_partial_refund_takes_what_is_left(api):
    card_charge(api, CHARGEBACK_CARD)
    with clock.travel(dt.timedelta(seconds=61)):
        Transaction.objects.update(method_data={**Transaction.objects.get().method_data, "outcome": "accept"})
        services.settle_captured()
    api.refund("ORDER-1", {"refund_key": "A", "amount": 4000})
    txn = Transaction.objects.get()
    assert services.chargeback(txn, amount=44000, reason="dispute", now=clock.now())
    txn.refresh_from_db()
    assert txn.status == "chargeback" and txn.chargeback_amount == 40000 and txn.refunded_amount == 4000


# Saved cards and points


def register(api, number=ACCEPTED_CARD, **params):
    query = {"client_key": CLIENT_KEY, "card_number": number, "card_exp_month": "12",
             "card_exp_year": card_expiry_year(), "card_cvv": "123", **params}  # fmt: skip
    return api.client.get(f"{api.base}/card/register", query)


def test_a_registered_card_is_charged_again_and_again_with_its_saved_token(api):
    response = register(api, "4811 1111 1111 1114")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["status_code"] == "200" and body["masked_card"] == "481111-1114"
    saved = body["saved_token_id"]
    for order_id in ("ONE-CLICK-1", "ONE-CLICK-2"):
        charged = api.charge(charge_body("credit_card", order_id=order_id, credit_card={"token_id": saved})).json()
        assert charged["transaction_status"] == "capture" and charged["fraud_status"] == "accept"
    assert CardToken.objects.get(token_id=saved).saved


def test_card_register_needs_the_client_key_and_a_valid_card(api):
    assert register(api, client_key="SB-Mid-client-wrong").status_code == 401
    response = register(api, "4811111111111115")
    assert response.status_code == 400 and response.json()["validation_messages"]
    assert CardToken.objects.count() == 0


def test_point_inquiry_answers_the_points_of_a_tokenised_card(api):
    token = api.token().json()["token_id"]
    response = api.client.get(f"{api.base}/point_inquiry/{token}", headers={"Authorization": api.auth})
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == "200" and "Success" in body["status_message"]
    assert body["point_balance_amount"] == "100000.00" and body["transaction_time"]
    # The inquiry does not spend the token.
    assert api.charge(charge_body("credit_card", credit_card={"token_id": token})).status_code == 200
    spent = api.client.get(f"{api.base}/point_inquiry/{token}", headers={"Authorization": api.auth})
    assert spent.status_code == 411
    assert api.client.get(f"{api.base}/point_inquiry/{token}").status_code == 401


def test_other_paths_under_the_api_answer_a_json_404(api):
    response = api.client.get(f"{api.base}/no/such/endpoint", headers={"Authorization": api.auth})
    assert response.status_code == 404 and response.json()["status_code"] == "404"


def test_the_sandbox_index_lists_the_test_cards_and_what_each_triggers(client):
    page = client.get("/sandbox/").content.decode()
    for number, status in [("4511 1111 1111 1117", "challenge"), ("4011 1111 1111 1112", "failure"),
                           ("4021 1111 1111 1110", "chargeback"), ("4031 1111 1111 1118", "partial_chargeback")]:  # fmt: skip
        assert number in page and status in page
    assert "POST /v2/capture" in page and "/approve" in page


def test_a_failure_card_after_3ds_says_the_bank_could_not_process_it(api, client):
    charged = card_charge(api, FAILURE_CARD, authentication=True).json()
    page = client.post(charged["redirect_url"].removeprefix("http://testserver"), {"otp": "112233"}).content.decode()
    assert "Pembayaran gagal diproses" in page
    assert api.status("ORDER-1").json()["transaction_status"] == "failure"


def test_a_pre_authorised_card_after_3ds_is_approved_on_the_bank_page(api, client):
    charged = card_charge(api, authentication=True, type="authorize").json()
    page = client.post(charged["redirect_url"].removeprefix("http://testserver"), {"otp": "112233"}).content.decode()
    assert "Pembayaran berhasil" in page
    assert api.status("ORDER-1").json()["transaction_status"] == "authorize"
    again = client.get(charged["redirect_url"].removeprefix("http://testserver")).content.decode()
    assert "capture" in again
