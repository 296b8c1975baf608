"""Test helpers: a real notification receiver, a Midtrans-style API client, charge bodies."""

from __future__ import annotations

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from niaga.core import clock
from niaga.sandbox import protocol

SERVER_KEY = "SB-Mid-server-sandbox-tests"
CLIENT_KEY = "SB-Mid-client-sandbox-tests"
ACCEPTED_CARD = "4811111111111114"
BANK_DENIED_CARD = "4911111111111113"
FRAUD_DENIED_CARD = "4611111111111116"


def card_expiry_year() -> str:
    """A test card's expiry year that has not passed, whatever year the suite runs in."""
    return str(clock.now().year + 5)


class Receiver:
    """A merchant's notification endpoint on 127.0.0.1 that answers with scripted codes."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.codes: list[int] = []  # answers in order; 200 once they run out
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/notify"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.bodies.clear()
        self.codes.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def unreachable_url() -> str:
    """A URL on a local port that nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/notify"


class Api:
    """Calls /sandbox/midtrans/v2/... the way a Midtrans client does."""

    base = "/sandbox/midtrans/v2"

    def __init__(self, client, key: str = SERVER_KEY) -> None:
        self.client = client
        self.auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()

    def charge(self, body, **headers):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(
            f"{self.base}/charge",
            data=data,
            content_type="application/json",
            headers={"Authorization": self.auth, **headers},
        )

    def status(self, ref: str):
        return self.client.get(f"{self.base}/{ref}/status", headers={"Authorization": self.auth})

    def cancel(self, ref: str, **headers):
        return self.client.post(f"{self.base}/{ref}/cancel", headers={"Authorization": self.auth, **headers})

    def expire(self, ref: str):
        return self.client.post(f"{self.base}/{ref}/expire", headers={"Authorization": self.auth})

    def refund(self, ref: str, body=None, **headers):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body if body is not None else {})
        return self.client.post(
            f"{self.base}/{ref}/refund", data=data, content_type="application/json",
            headers={"Authorization": self.auth, **headers},
        )  # fmt: skip

    def token(self, card_number: str = ACCEPTED_CARD, **params):
        query = {
            "client_key": CLIENT_KEY,
            "card_number": card_number,
            "card_exp_month": "12",
            "card_exp_year": card_expiry_year(),
            "card_cvv": "123",
            **params,
        }
        return self.client.get(f"{self.base}/token", query)

    def faults(self, method: str = "get", body=None):
        call = getattr(self.client, method)
        kwargs: dict[str, object] = {"headers": {"Authorization": self.auth}}
        if body is not None:
            kwargs.update(
                data=body if isinstance(body, (str, bytes)) else json.dumps(body), content_type="application/json"
            )
        return call("/sandbox/faults", **kwargs)


def charge_body(payment_type: str = "bank_transfer", *, order_id: str = "ORDER-1", amount=44000, **extra) -> dict:
    body: dict[str, object] = {
        "payment_type": payment_type,
        "transaction_details": {"order_id": order_id, "gross_amount": amount},
    }
    if payment_type == "bank_transfer" and "bank_transfer" not in extra:
        body["bank_transfer"] = {"bank": "bca"}
    if payment_type == "echannel" and "echannel" not in extra:
        body["echannel"] = {"bill_info1": "Bayar:", "bill_info2": "Belanja Niaga"}
    if payment_type == "cstore" and "cstore" not in extra:
        body["cstore"] = {"store": "indomaret", "message": "Belanja Niaga"}
    if payment_type in {"akulaku", "kredivo"}:
        body.setdefault(
            "customer_details", {"first_name": "Siti", "email": "siti@example.test", "phone": "081234567890"}
        )
        body.setdefault("item_details", [{"id": "A1", "name": "Kaos Batik", "price": amount, "quantity": 1}])
    body.update(extra)
    return body


def assert_signed(body: dict) -> None:
    expected = protocol.signature(body["order_id"], body["status_code"], body["gross_amount"], SERVER_KEY)
    assert body["signature_key"] == expected
