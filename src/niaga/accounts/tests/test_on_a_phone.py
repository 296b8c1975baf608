"""On a phone (390×844, Chromium): every account page allauth serves sits inside Niaga's page
(header, footer) and fits the screen; none asks the browser to run inline code or styles."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("NIAGA_SCREENSHOTS", "")
ANONYMOUS = ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"]
SIGNED_IN = [
    "accounts:security",
    "accounts:sessions",
    "account_change_password",
    "account_email",
    "mfa_index",
    "account_logout",
]


def phone(chromium, base: str, user=None):
    context = chromium.new_context(base_url=base, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    if user is not None:
        signed_in = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36")
        signed_in.force_login(user)
        signed_in.get("/")  # listed among the sessions
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


def fits(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"akun-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width}px wide"
    assert page.locator("header.site-header").count() == 1 and page.locator("footer.site-footer").count() == 1, name
    assert page.locator("h1").count() >= 1, name
    inline = page.evaluate("[...document.querySelectorAll('body script:not([src]), body style, body [style]')].length")
    assert inline == 0, f"{name}: {inline} inline scripts or styles"


def test_at_390_the_account_pages_fit_inside_niagas_page(live_server, chromium, make_user):
    visitor = phone(chromium, live_server.url)
    for name in ANONYMOUS:
        visitor.goto(reverse(name))
        fits(visitor, name)
    visitor.goto(reverse("account_login"))
    visitor.click("button:has-text('Masuk')")  # empty: refused on the fields, still fits
    assert visitor.locator("#err_login").is_visible()
    fits(visitor, "login-refused")

    user = make_user(email="sari.wulandari.dengan.email.panjang@contoh-perusahaan.co.id")
    owner = phone(chromium, live_server.url, user)
    for name in SIGNED_IN:
        owner.goto(reverse(name))
        fits(owner, name)
    owner.goto(reverse("accounts:sessions"))
    assert "Chrome di Android" in owner.locator("#sessions").inner_text()
