"""The seed's classroom simulation (steps 1–4), played through the HTTP API.

Seller lists "Buku Materi Kuliah Digital", Rp5.000, stock 1, VA and e-wallet on, and shares
its link; a buyer checks out with VA BCA; the seller sees "Menunggu Pembayaran"; then
(a) nobody pays → "Dibatalkan" and the stock is back, (b) the sandbox bank pays →
"Perlu Dikemas" and both are told, (c) e-wallet with PIN → "Perlu Dikemas" at once; a second
buyer meanwhile hears "stok habis". Everything crosses real HTTP, sandbox included.
"""

import datetime as dt
import io
import re

import pytest
import requests
from django.core import mail
from PIL import Image

from niaga.checkout.tests import sandbox_actions as bank
from niaga.core import clock
from niaga.orders import services as orders

pytestmark = pytest.mark.django_db(transaction=True)

BOOK = "Buku Materi Kuliah Digital"
TEBET = {
    "recipient_name": "Budi Santoso",
    "phone": "0812-9876-5432",
    "street": "Jl. Tebet Raya No. 12",
    "province_code": "31",
    "regency_code": "31.74",
    "district_code": "31.74.01",
    "village_code": "31.74.01.1001",
    "postal_code": "12820",
}


class Api:
    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def call(self, method: str, path: str, expect: int = 200, **kw):
        response = self.http.request(method, f"{self.base}/api/v1{path}", timeout=30, **kw)
        assert response.status_code == expect, (method, path, response.status_code, response.text[:500])
        return response.json() if response.content else None

    def signup(self, email: str, name: str):
        self.call(
            "POST", "/auth/register", 202, json={"email": email, "password": "rahasia-kuat-123", "full_name": name}
        )
        self.open_verification_link(email)
        # One app for both sides of the market: shopping and a store's catalogue.
        credentials = {"email": email, "password": "rahasia-kuat-123", "scopes": ["read", "orders", "products"]}
        token = self.call("POST", "/auth/token", 201, json=credentials)["token"]
        self.http.headers["Authorization"] = f"Bearer {token}"
        return self

    def open_verification_link(self, email: str) -> None:
        """The student opens the e-mailed link in a browser and confirms (a token needs a verified e-mail)."""
        message = next(m for m in reversed(mail.outbox) if m.to == [email])
        found = re.search(r"https?://\S+/akun/confirm-email/\S+/", str(message.body))
        assert found, message.body
        link = found[0]
        browser = requests.Session()
        page = browser.get(link, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[-500:]
        confirmed = browser.post(link, data={"csrfmiddlewaretoken": token[1]}, headers={"Referer": link}, timeout=30)
        assert confirmed.status_code == 200 and "/akun/" not in confirmed.url, confirmed.url


def picture() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), (3, 172, 14)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def market(sandbox, category):
    base = sandbox.url
    seller = Api(base).signup("penjual@kampus.ac.id", "Sari Penjual")
    # Step 1: "Toko Saya", the product, VA and e-wallet on, copy the link.
    seller.call(
        "POST",
        "/seller/store",
        201,
        json={
            "name": "Toko Kampus",
            "city_code": "34.71",
            "payment_methods": ["va_bca", "va_bni", "gopay", "shopeepay"],
        },
    )
    product = seller.call(
        "POST",
        "/seller/products",
        201,
        json={
            "name": BOOK,
            "price": 5000,
            "stock": 1,
            "weight_grams": 200,
            "category_id": category.pk,
            "description": "Materi kuliah.",
        },
    )
    product = seller.call(
        "POST", f"/seller/products/{product['id']}/images", 201, files={"image": ("buku.png", picture(), "image/png")}
    )
    assert product["images"] and product["available"] == 1
    return {"base": base, "seller": seller, "product": product}


def buyer_checkout(market, email: str, method: str):
    buyer = Api(market["base"]).signup(email, "Budi Pembeli")
    product = market["product"]
    # Step 2: open the shared link, add to cart, check out with address and courier.
    page = requests.get(product["share_url"], timeout=30)
    assert page.status_code == 200 and BOOK in page.text and 'property="og:image"' in page.text
    variant = buyer.call("GET", f"/products/{product['id']}")["variants"][0]
    buyer.call("POST", "/cart/items", 201, json={"variant_id": variant["id"], "quantity": 1})
    address = buyer.call("POST", "/me/addresses", 201, json=TEBET)
    quote = buyer.call("POST", "/checkout/quote", json={"address_id": address["id"]})
    assert {m["code"] for m in quote["methods"]} == {"va_bca", "va_bni", "gopay", "shopeepay"}
    courier = quote["stores"][0]["options"][0]
    assert courier["cost"] > 0 and quote["total"] == 5000 + courier["cost"] + quote["service_fee"]
    payment = buyer.call(
        "POST",
        "/checkout",
        201,
        json={
            "address_id": address["id"],
            "payment_method": method,
            "couriers": {str(quote["stores"][0]["store_id"]): courier["code"]},
        },
    )
    return buyer, payment


def seller_sees(market, label: str):
    orders_ = market["seller"].call("GET", "/seller/orders")
    assert [o["status_label"] for o in orders_][:1] == [label]
    return orders_[0]


def test_step3a_unpaid_order_is_cancelled_at_the_deadline_and_stock_returns(market):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "va_bca")
    # Step 3: a VA number, instructions and a deadline.
    assert payment["bank"] == "bca" and payment["va_number"].isdigit() and len(payment["va_number"]) >= 10
    assert payment["instructions"] and payment["attempt_status"] == "pending"
    deadline = dt.datetime.fromisoformat(payment["payment_due_at"])
    assert dt.timedelta(hours=23) < deadline - clock.now() <= dt.timedelta(hours=24)
    seller_sees(market, "Menunggu Pembayaran")
    # A second buyer meanwhile: the only unit is held.
    other = Api(market["base"]).signup("ani@kampus.ac.id", "Ani")
    variant_id = other.call("GET", f"/products/{market['product']['id']}")["variants"][0]["id"]
    refused = other.call("POST", "/cart/items", 409, json={"variant_id": variant_id, "quantity": 1})
    assert refused["code"] == "out_of_stock" and "Stok habis" in refused["message"]
    # Nobody pays: the clock passes the deadline and the sweep runs (twice, harmlessly).
    assert orders.cancel_overdue(now=deadline + dt.timedelta(minutes=1)) == 1
    assert orders.cancel_overdue(now=deadline + dt.timedelta(minutes=1)) == 0
    order = seller_sees(market, "Dibatalkan")
    timeline = buyer.call("GET", f"/orders/{order['id']}")["events"]
    assert [e["to_label"] for e in timeline] == ["Menunggu Pembayaran", "Dibatalkan"]
    assert buyer.call("GET", f"/products/{market['product']['id']}")["available"] == 1


def test_step4_the_bank_pays_the_va_and_both_sides_are_told(market, mailoutbox):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "va_bca")
    seller_sees(market, "Menunggu Pembayaran")
    bank.pay_va(market["base"], "bca", payment["va_number"])
    paid = buyer.call("GET", f"/payments/{payment['code']}")
    assert paid["paid"] and paid["orders"][0]["status_label"] == "Perlu Dikemas"
    seller_sees(market, "Perlu Dikemas")
    assert any(n["title"] == "Pembayaran diterima" for n in buyer.call("GET", "/notifications"))
    assert any("Perlu Dikemas" in n["title"] for n in market["seller"].call("GET", "/notifications"))
    subjects = [m.subject for m in mailoutbox]
    assert "[Niaga] Pembayaran diterima" in subjects and "[Niaga] Pesanan dibayar — Perlu Dikemas" in subjects
    assert buyer.call("GET", f"/products/{market['product']['id']}")["available"] == 0


def test_step4_an_ewallet_pin_pays_at_once(market):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "gopay")
    deeplink = payment["actions"]["deeplink-redirect"]
    assert deeplink.startswith(market["base"])
    bank.confirm_ewallet(deeplink, pin="000000", expect_ok=False)  # a wrong PIN changes nothing
    assert buyer.call("GET", f"/payments/{payment['code']}")["paid"] is False
    bank.confirm_ewallet(deeplink, pin="123456")
    paid = buyer.call("GET", f"/payments/{payment['code']}")
    assert paid["paid"] and paid["orders"][0]["status_label"] == "Perlu Dikemas"
    seller_sees(market, "Perlu Dikemas")


def test_buyer_switches_from_va_to_ewallet_and_the_old_va_is_closed(market):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "va_bca")
    switched = buyer.call("POST", f"/payments/{payment['code']}/method", json={"method": "shopeepay"})
    assert switched["method"] == "shopeepay" and "deeplink-redirect" in switched["actions"]
    assert bank.pay_va(market["base"], "bca", payment["va_number"], expect_ok=False)
    assert buyer.call("GET", f"/payments/{payment['code']}")["paid"] is False


def test_another_users_order_address_and_cart_item_are_not_found(market):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "va_bca")
    stranger = Api(market["base"]).signup("orang@lain.id", "Orang Lain")
    order_id = payment["orders"][0]["id"]
    address_id = buyer.call("GET", "/me/addresses")[0]["id"]
    assert stranger.call("GET", f"/orders/{order_id}", 404)["code"] == "order_not_found"
    assert stranger.call("POST", f"/orders/{order_id}/cancel", 404, json={})
    assert stranger.call("GET", f"/payments/{payment['code']}", 404)
    assert stranger.call("GET", f"/me/addresses/{address_id}", 404)
    assert stranger.call("PUT", f"/me/addresses/{address_id}", 404, json=TEBET)
    pen = market["seller"].call(
        "POST",
        "/seller/products",
        201,
        json={
            "name": "Pulpen",
            "price": 3000,
            "stock": 5,
            "weight_grams": 20,
            "category_id": market["product"]["category"]["id"],
        },
    )
    buyer.call("POST", "/cart/items", 201, json={"variant_id": pen["variants"][0]["id"], "quantity": 1})
    item_id = buyer.call("GET", "/cart")["stores"][0]["lines"][0]["id"]
    assert stranger.call("PATCH", f"/cart/items/{item_id}", 404, json={"quantity": 2})["code"] == "cart_item_not_found"
    assert stranger.call("DELETE", f"/cart/items/{item_id}", 404)
    assert buyer.call("GET", "/cart")["item_count"] == 1
    assert stranger.call("GET", f"/seller/orders/{order_id}", 404)["code"] == "no_store"


def test_a_cancelled_checkout_can_no_longer_be_paid_at_the_bank(market):
    buyer, payment = buyer_checkout(market, "budi@kampus.ac.id", "va_bca")
    buyer.call("POST", f"/payments/{payment['code']}/cancel", json={})
    assert seller_sees(market, "Dibatalkan")
    assert bank.pay_va(market["base"], "bca", payment["va_number"], expect_ok=False)
    assert buyer.call("GET", f"/payments/{payment['code']}")["attempt_status"] == "cancel"
    assert buyer.call("GET", f"/products/{market['product']['id']}")["available"] == 1
