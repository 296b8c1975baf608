"""A stand-in for the payment gateway, for page tests only (the real one is reached over HTTP)."""

from __future__ import annotations

import pytest

from niaga.core import paymethods
from niaga.core.errors import GatewayUnavailable


class FakeGateway:
    name = "fake"

    def __init__(self):
        self.down = False
        self.status_answer = "pending"
        self.charges = []

    def _amount(self, order_id: str) -> str:
        from niaga.payments.models import PaymentAttempt

        return f"{PaymentAttempt.objects.get(gateway_order_id=order_id).gross_amount}.00"

    def charge(self, req) -> dict:
        if self.down:
            raise GatewayUnavailable("Layanan pembayaran sedang tidak bisa dihubungi. Coba lagi sebentar.")
        self.charges.append(req)
        body = {
            "status_code": "201",
            "order_id": req.order_id,
            "transaction_id": f"tx-{req.order_id}",
            "gross_amount": f"{req.gross_amount}.00",
            "transaction_status": "pending",
        }
        method = paymethods.get(req.method)
        assert method is not None
        if method.bank in {"bca", "bni", "bri"}:
            body["va_numbers"] = [{"bank": method.bank, "va_number": "12345678901234"}]
        elif method.bank == "permata":
            body["permata_va_number"] = "8778001234567890"
        elif method.bank == "mandiri":
            body.update(biller_code="70012", bill_key="998877665544")
        elif method.code == "gopay":
            body["actions"] = [
                {"name": "generate-qr-code", "url": "http://sandbox.test/qr/1.png"},
                {"name": "deeplink-redirect", "url": "http://sandbox.test/gopay/pay/1"},
            ]
        elif method.code == "shopeepay":
            body["actions"] = [{"name": "deeplink-redirect", "url": "javascript:alert(1)"}]
        return body

    def status(self, order_id: str) -> dict:
        if self.down:
            raise GatewayUnavailable("down")
        return {
            "status_code": "200" if self.status_answer == "settlement" else "201",
            "order_id": order_id,
            "transaction_id": f"tx-{order_id}",
            "gross_amount": self._amount(order_id),
            "transaction_status": self.status_answer,
            "fraud_status": "accept",
        }

    def cancel(self, order_id: str) -> dict:
        return {
            "status_code": "200",
            "order_id": order_id,
            "transaction_id": f"tx-{order_id}",
            "gross_amount": self._amount(order_id),
            "transaction_status": "cancel",
        }

    def verify_notification(self, body: dict) -> bool:
        return True


@pytest.fixture
def fake_gateway(monkeypatch):
    fake = FakeGateway()
    monkeypatch.setattr("niaga.payments.services.get_gateway", lambda: fake)
    return fake


@pytest.fixture
def placed_order(make_user, make_store, make_product, make_address, fake_gateway):
    """placed_order(method=...) → (buyer, group): a real order through the checkout service."""
    from niaga.cart import services as carts
    from niaga.checkout import services as checkout

    def place(method: str = "va_bca", buyer=None, product=None):
        buyer = buyer or make_user("Pembeli")
        product = product or make_product(make_store())
        cart = carts.cart_for(user=buyer, create=True)
        assert cart is not None
        carts.add_item(cart=cart, variant_id=product.variants.first().pk, quantity=1)
        address = make_address(buyer)
        group = checkout.place_order(user=buyer, cart=cart, address_id=address.pk, payment_method=method).group
        return buyer, group

    return place
