"""The card form: the expiry as people type it, and every gateway refusal in Bahasa Indonesia."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.test import Client

from niaga.core import clock
from niaga.orders.status import Status
from niaga.payments import refusals
from niaga.payments import services as payments
from niaga.payments.forms import Expiry, parse_expiry
from niaga.payments.gateways.midtrans import MidtransGateway

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("typed", ["1230", "12/30", "12 / 30", "12 / 2030", "122030", "12-30"])
def test_the_expiry_is_read_however_the_buyer_typed_it(typed):
    assert parse_expiry(typed) == Expiry(month=12, year=2030)


def test_a_one_digit_month_with_a_slash_is_read():
    assert parse_expiry("1/30") == Expiry(month=1, year=2030)


@pytest.mark.parametrize(
    "typed, says", [("1330", "Bulan harus 01 sampai 12"), ("12", "tidak valid"), ("abcd", "tidak valid")]
)
def test_a_mistyped_expiry_is_answered_in_indonesian(typed, says):
    with pytest.raises(forms.ValidationError) as caught:
        parse_expiry(typed)
    assert says in caught.value.messages[0]


def test_an_expired_card_is_answered_in_indonesian():
    last_month = clock.now() - dt.timedelta(days=40)
    with pytest.raises(forms.ValidationError, match="kedaluwarsa"):
        parse_expiry(f"{last_month:%m%y}")


@pytest.mark.parametrize(
    "code, message, details, says",
    [
        (
            "400",
            "One or more parameters in the payload is invalid.",
            ["card_exp_month must be 01-12"],
            "Tanggal berlaku kartu",
        ),
        ("400", "One or more parameters in the payload is invalid.", ["card is expired"], "kedaluwarsa"),
        ("400", "One or more parameters in the payload is invalid.", [], "tidak lengkap atau tidak valid"),
        ("202", "Denied by fraud detection system", None, "sistem keamanan"),
        ("402", "Payment channel is not activated.", None, "tidak tersedia"),
        ("411", "Token id is missing, invalid, or timed out", None, "Sesi kartu"),
        ("499", "Something new and English", None, refusals.DEFAULT),
    ],
)
def test_every_gateway_refusal_reads_in_indonesian(code, message, details, says):
    text = refusals.in_indonesian(code, message, details)
    assert says in text
    assert "invalid" not in text and "payload" not in text


@pytest.mark.django_db(transaction=True)
def test_the_gateways_english_refusal_never_reaches_the_buyer(sandbox, checkout_group):
    """A charge the gateway refuses (a token it does not know): the attempt's error is Indonesian."""
    group = checkout_group("card")
    attempt = payments.charge_card(group=group, token_id="481111-1114-not-a-token")
    assert attempt.status == "failed"
    assert attempt.error_message == refusals.BY_CODE["411"]


@pytest.mark.django_db(transaction=True)
def test_the_token_endpoints_english_is_mapped_by_the_adapters_table(sandbox):
    """What the sandbox answers a badly split expiry (the old page sent month "1230")."""
    answer = (
        MidtransGateway()
        .session.get(
            f"{settings.NIAGA_MIDTRANS_BASE_URL}/v2/token",
            params={
                "client_key": settings.NIAGA_MIDTRANS_CLIENT_KEY,
                "card_number": "4811111111111114",
                "card_exp_month": "1230",
                "card_exp_year": "",
                "card_cvv": "123",
            },
        )
        .json()
    )
    assert answer["status_message"] == "One or more parameters in the payload is invalid."
    said = refusals.in_indonesian(answer["status_code"], answer["status_message"], answer.get("validation_messages"))
    assert said.startswith("Tanggal berlaku kartu tidak valid")


def test_the_card_form_refuses_a_bad_expiry_in_indonesian_and_charges_nothing(client, placed_order):
    buyer, group = placed_order("card")
    client.force_login(buyer)
    response = client.post(f"/pembayaran/{group.code}/kartu/", {"token_id": "tok", "card_exp": "1330"})
    assert response.status_code == 400
    assert "Bulan harus 01 sampai 12" in response.content.decode()
    assert not group.payments.exists()


def test_the_card_field_is_numeric_with_a_hint(client, placed_order):
    buyer, group = placed_order("card")
    client.force_login(buyer)
    page = client.get(f"/pembayaran/{group.code}/").content.decode()
    assert 'id="card-exp" name="card_exp" inputmode="numeric"' in page
    assert "1230 atau 12/30" in page
    assert 'id="refusals"' in page  # the table the script reads


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_at_390x844_the_card_expiry_typed_as_four_digits_pays(chromium, sandbox, checkout_group):
    """On a phone's numeric keypad there is no slash: 1230 is formatted as typed and pays."""
    group = checkout_group("card")
    signed_in = Client()
    signed_in.force_login(group.buyer)
    name = settings.SESSION_COOKIE_NAME
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=sandbox.url)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": sandbox.url}])
    page = context.new_page()
    try:
        page.goto(f"/pembayaran/{group.code}/")
        page.locator("#card-number").press_sequentially("4811111111111114")
        page.locator("#card-exp").press_sequentially("1230")
        assert page.input_value("#card-exp") == "12 / 30"
        assert page.input_value("#card-number") == "4811 1111 1111 1114"
        page.locator("#card-cvv").press_sequentially("123")
        page.click("#card-form button[type=submit]")
        page.wait_for_url("**/sandbox/3ds/**")
        page.fill("input[name=otp]", "112233")
        page.click("#submit-otp")
        page.wait_for_url(f"**/pembayaran/{group.code}/")
        assert "Pembayaran berhasil" in page.content()
    finally:
        context.close()
    assert group.orders.get().status == Status.TO_PACK
    attempt = group.payments.get()
    assert attempt.masked_card == "481111-1114"
