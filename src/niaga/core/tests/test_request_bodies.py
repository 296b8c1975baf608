"""Every request body is read through one bounded reader (core/jsonbody.py): a body nested
100,000 levels deep, or 20 MB large, is a 4xx in the error format and nothing is logged as a
failure: not the API's, not the gateway's webhook (reachable without a signature), not the
sandbox's JSON endpoints."""

import base64
import json
import logging

import pytest
from django.conf import settings
from django.test import Client

from niaga.accounts.services import issue_token
from niaga.core import jsonbody

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
TWENTY_MB = b'{"order_id": "' + b"x" * (20 * 1024 * 1024) + b'"}'
WEBHOOK = "/api/v1/payments/midtrans/notification"
SANDBOX_KEY = "Basic " + base64.b64encode(f"{settings.NIAGA_SANDBOX_SERVER_KEY}:".encode()).decode()
COURIER_KEY = f"Bearer {settings.NIAGA_SANDBOX_COURIER_API_KEY}"


def post(path: str, body: bytes, **headers):
    return Client(raise_request_exception=False).post(path, data=body, content_type="application/json", **headers)


@pytest.fixture
def failures(caplog):
    """Records logged at ERROR or with a traceback while the test ran."""
    caplog.set_level(logging.INFO)
    return lambda: [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
def test_a_body_nested_100000_deep_is_a_400_in_the_error_format_without_a_traceback(body, failures, make_user):
    token = issue_token(user=make_user("Pembeli"))
    for path, headers in [
        (WEBHOOK, {}),  # no signature needed to reach the parser
        ("/api/v1/auth/token", {}),
        ("/api/v1/cart/items", {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    ]:
        answer = post(path, body, **headers)
        assert answer.status_code == 400, (path, answer.content[:200])
        assert answer.json() == {
            "code": "invalid_json",
            "message": "JSON terlalu dalam (paling banyak 32 tingkat).",
            "fields": {},
        }
    assert failures() == []


@pytest.mark.django_db
def test_the_sandboxs_json_endpoints_refuse_a_deep_body_in_their_own_format(failures):
    charge = post("/sandbox/midtrans/v2/charge", DEEP, HTTP_AUTHORIZATION=SANDBOX_KEY)
    assert (
        charge.status_code == 413 and charge.json()["status_code"] == "413"
    )  # Midtrans' code for a body it cannot read
    switches = post("/sandbox/faults", DEEP, HTTP_AUTHORIZATION=SANDBOX_KEY)
    assert switches.status_code == 413
    parcel = post("/sandbox/kurir/v1/orders", DEEP, HTTP_AUTHORIZATION=COURIER_KEY)
    assert parcel.status_code == 400 and parcel.json()["success"] is False
    assert failures() == []


@pytest.mark.django_db
def test_a_20_mb_body_gets_the_json_error_not_an_html_page(failures):
    for path in (WEBHOOK, "/api/v1/auth/token", "/sandbox/midtrans/v2/charge"):
        answer = post(path, TWENTY_MB, HTTP_AUTHORIZATION=SANDBOX_KEY if path.startswith("/sandbox/") else "")
        assert answer.status_code == 413, path
        assert answer["Content-Type"] == "application/json"
        assert answer.json()["code"] == "body_too_large" and answer.json()["fields"] == {}
    assert failures() == []


@pytest.mark.django_db
def test_a_20_mb_form_is_refused_before_it_is_read(failures):
    answer = Client(raise_request_exception=False).post(
        "/masuk/", data=b"email=" + b"x" * (20 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 413 and "terlalu besar" in answer.content.decode()
    assert failures() == []


@pytest.mark.django_db
def test_the_api_reads_bodies_up_to_the_depth_limit_and_refuses_nan():
    within = json.dumps({"email": "a@contoh.id", "password": "x", "extra": [[[[[[[[1]]]]]]]]}).encode()
    assert post("/api/v1/auth/token", within).json()["code"] != "invalid_json"  # read, then judged on its fields
    too_deep = b"[" * 33 + b"]" * 33
    assert post("/api/v1/auth/token", too_deep).json()["code"] == "invalid_json"
    nan = post("/api/v1/auth/token", b'{"email": NaN}')
    assert nan.status_code == 400 and nan.json()["message"] == "Isi permintaan bukan JSON yang valid."


def test_depth_counts_brackets_outside_strings_only():
    assert jsonbody.depth(b'{"a": "[[[[[[", "b": "\\"[[[", "c": [{"d": []}]}') == 4
    assert jsonbody.depth(b'"\\\\" []') == 1
    assert jsonbody.depth(b"12") == 0
    assert jsonbody.loads('{"t": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == {"t": "[" * 40}


def test_depth_is_counted_without_recursion():
    """Far deeper than Python's recursion limit, in a loop that stops at the limit."""
    assert jsonbody.depth(b"[" * 1_000_000, stop_after=32) == 33
    assert jsonbody.depth(b"[" * 10_000 + b"]" * 10_000) == 10_000
    with pytest.raises(jsonbody.BodyRefused):
        jsonbody.loads(b"[" * 1_000 + b"]" * 1_000)


def test_a_body_over_the_size_limit_is_refused_before_it_is_parsed():
    with pytest.raises(jsonbody.BodyTooLarge) as refused:
        jsonbody.loads(b"[" + b"1," * jsonbody.MAX_BYTES + b"1]")
    assert refused.value.status == 413
