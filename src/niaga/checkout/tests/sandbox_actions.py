"""What a person does in the sandbox, done over HTTP the way a browser would (CSRF included)."""

import re

import requests

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAID = "Pembayaran berhasil"


def _form_post(url: str, data: dict, lookup: dict | None = None) -> requests.Response | None:
    """Open the page (looking the bill up first, if asked) and submit its form, if it offers one."""
    http = requests.Session()
    page = http.get(url, params=lookup, timeout=30)
    assert page.status_code == 200, page.status_code
    token = _CSRF.search(page.text)
    if token is None:
        return None
    return http.post(url, data={"csrfmiddlewaretoken": token[1], **data}, headers={"Referer": url}, timeout=30)


def pay_va(base: str, bank: str, number: str, *, expect_ok: bool = True) -> bool:
    """Pay a VA in the sandbox bank app. Returns True when the bank refused it."""
    bill = {"bank": bank, "va_number": number}
    response = _form_post(f"{base}/sandbox/bank/", bill, lookup=bill)
    paid = response is not None and response.status_code == 200 and PAID in response.text
    assert paid is expect_ok, response.text[-1500:] if response is not None else "no payment form"
    return not paid


def confirm_ewallet(deeplink: str, *, pin: str, expect_ok: bool = True) -> None:
    """Open the e-wallet deeplink and confirm with a PIN; a right PIN returns to the shop."""
    response = _form_post(deeplink, {"pin": pin})
    assert response is not None
    if expect_ok:
        assert response.history and response.history[0].status_code == 302, response.text[-1500:]
        assert "/pembayaran/" in response.url
    else:
        assert "PIN salah" in response.text


def pay_bill(base: str, bank: str, *, va_number: str = "", biller_code: str = "", bill_key: str = "") -> None:
    """Pay a VA (or a Mandiri bill by biller code + bill key) in the sandbox bank app."""
    bill = {"bank": bank, "va_number": va_number, "biller_code": biller_code, "bill_key": bill_key}
    response = _form_post(f"{base}/sandbox/bank/", bill, lookup=bill)
    assert response is not None and PAID in response.text, response.text[-1500:] if response is not None else bill


def pay_at_cashier(base: str, store: str, code: str) -> None:
    response = _form_post(f"{base}/sandbox/kasir/", {"store": store, "payment_code": code})
    assert response is not None and PAID in response.text, response.text[-1500:] if response is not None else code


def pay_qris(base: str, qr_string: str, *, wallet: str = "ovo", pin: str = "123456") -> requests.Response:
    data = {"qr_string": qr_string, "wallet": wallet, "phone": "081234567890", "pin": pin}
    response = _form_post(f"{base}/sandbox/qris/", data, lookup={"qr_string": qr_string})
    assert response is not None
    return response


def card_token(base: str, card_number: str) -> dict:
    """What the buyer's browser does: tokenise the card at the gateway, with the client key."""
    from django.conf import settings

    from niaga.sandbox.tests.helpers import card_expiry_year

    query = {
        "client_key": settings.NIAGA_MIDTRANS_CLIENT_KEY,
        "card_number": card_number,
        "card_exp_month": "12",
        "card_exp_year": card_expiry_year(),
        "card_cvv": "123",
    }
    return requests.get(f"{base}/sandbox/midtrans/v2/token", params=query, timeout=30).json()


def confirm_3ds(redirect_url: str, otp: str = "112233") -> requests.Response | None:
    return _form_post(redirect_url, {"otp": otp})


def decide_paylater(redirect_url: str, decision: str) -> requests.Response | None:
    return _form_post(redirect_url, {"decision": decision})
