"""The 2FA pages in a real browser on a phone: the QR code renders, nothing is wider than the
screen, no serious accessibility violation, and a passkey is added through allauth's own
scripts (loaded as static files) with Chromium's virtual authenticator."""

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from niaga.catalog.tests.test_accessibility_browser import PHONE, serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def phone_page(chromium, base: str, user):
    """A phone signed in as `user`, who has just typed the password again (allauth asks before a factor is added)."""
    signed_in = Client()
    signed_in.force_login(user)
    signed_in.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=base)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def test_the_2fa_pages_fit_a_phone_and_the_qr_code_renders(chromium, live_server, make_user):
    user = make_user("Rina Pembeli")
    page, errors = phone_page(chromium, live_server.url, user)
    axe = Axe()
    for name in ("mfa_index", "mfa_activate_totp", "mfa_add_webauthn"):
        answer = page.goto(reverse(name))
        assert answer.status == 200, name
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        assert serious(axe.run(page)) == [], name
    page.goto(reverse("mfa_activate_totp"))
    assert page.evaluate("document.getElementById('totp-qr').naturalWidth") > 0  # the data: SVG drew
    assert errors == []
    page.context.close()


def test_a_passkey_is_added_in_the_browser_with_a_virtual_authenticator(chromium, live_server, make_user):
    user = make_user("Rina Pembeli")
    page, errors = phone_page(chromium, live_server.url, user)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(reverse("mfa_add_webauthn"))
    page.fill("#id_name", "Ponsel Rina")
    page.check("#id_passwordless")
    with page.expect_navigation():
        page.click("#mfa_webauthn_add")
    assert page.url.endswith(reverse("mfa_view_recovery_codes"))
    key = Authenticator.objects.get(user=user, type="webauthn")
    assert key.wrap().name == "Ponsel Rina" and key.wrap().is_passwordless is True
    assert errors == []
    page.context.close()
