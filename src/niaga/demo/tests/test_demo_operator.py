"""Staff pass a second factor before /operator/: the demo operator has an authenticator key that
`make run` prints (and `niaga demo_otp` turns into the current code), so a class can sign in."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from niaga.conftest import totp_now

pytestmark = pytest.mark.django_db


def test_the_demo_operator_signs_in_with_the_printed_key(client):
    cache.clear()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=io.StringIO())  # again: the same key, not a second one
    secret = re.search(r"verifikasi 2 langkah: kunci ([A-Z2-7]+)", out.getvalue()).group(1)

    client.post(reverse("account_login"), {"login": "admin@niaga.local", "password": "admin12345"})
    assert client.get("/operator/").status_code == 302  # the password alone is not enough
    printed = io.StringIO()
    call_command("demo_otp", stdout=printed)
    code = re.search(r": (\d{6})", printed.getvalue()).group(1)
    assert code in {totp_now(secret), totp_now(secret, steps=1)}  # the same key (a step may tick between)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/operator/").status_code == 200
    cache.clear()
