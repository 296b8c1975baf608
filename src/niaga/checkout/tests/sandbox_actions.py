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
