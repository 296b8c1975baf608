"""Both ways to place an order, the cart's "Buat Pesanan" and a flash sale's "Beli Sekarang",
refuse by the same rules in the same words: the code and message a buyer's app shows do not
depend on which button was pressed, and a refusal writes nothing."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from niaga.accounts.models import Address, User
from niaga.cart.models import Cart
from niaga.cart.services import add_item, cart_for
from niaga.checkout import placing
from niaga.core import clock, paymethods
from niaga.inventory.models import Stock
from niaga.inventory.services import set_available
from niaga.orders.models import Order, OrderGroup
from niaga.promotions import gate
from niaga.promotions import services as promotions
from niaga.promotions.models import Campaign, CampaignItem

pytestmark = pytest.mark.django_db

PATHS = ["buat_pesanan", "beli_sekarang"]


def cart_of(buyer: User) -> Cart:
    cart = cart_for(user=buyer, create=True)
    assert cart is not None
    return cart


@dataclass
class Shop:
    client: Client
    buyer: User
    address: Address
    item: CampaignItem

    @property
    def variant(self):
        return self.item.variant

    @property
    def store(self):
        return self.item.variant.product.store

    def press(self, path: str, *, address_id=None, payment_method: str = "va_bca", in_cart: bool = False):
        """Press the path's button once for one unit, to the buyer's own address unless told
        otherwise (`in_cart`: the unit is in the cart already)."""
        body = {"address_id": address_id or self.address.pk, "payment_method": payment_method}
        if path == "buat_pesanan":
            if not in_cart:
                add_item(cart=cart_of(self.buyer), variant_id=self.variant.pk, quantity=1)
            return self.client.post("/api/v1/checkout", body, content_type="application/json")
        url = f"/api/v1/flash-sales/items/{self.item.pk}/buy"
        return self.client.post(url, {**body, "quantity": 1}, content_type="application/json")


@pytest.fixture
def open_shop(client, settings, fake_gateway, make_user, make_store, make_product, make_address):
    """A store taking BCA virtual accounts only, one product on a running flash sale, and a
    buyer with an address; the sale without its Redis gate (the database decides)."""
    settings.NIAGA_FLASH_GATE_URL = ""
    settings.NIAGA_FLASH_PAYMENT_MINUTES = 7 * 24 * 60  # the method's own deadline is the sooner one
    gate.reset()
    promotions.forget()

    def open_(*, weight_grams: int = 150) -> Shop:
        store = make_store(methods=["va_bca"])
        product = make_product(store, name="Earphone TWS", price=99_000, stock=5, weight_grams=weight_grams)
        now = clock.now()
        campaign = Campaign.objects.create(
            name="Harbolnas 11.11",
            slug=f"harbolnas-{product.pk}",
            starts_at=now - dt.timedelta(minutes=1),
            ends_at=now + dt.timedelta(hours=2),
        )
        item = CampaignItem.objects.create(
            campaign=campaign, variant=product.variants.get(), price=9_900, quota=5, per_buyer_limit=2
        )
        buyer = make_user("Pembeli")
        client.force_login(buyer)
        return Shop(client=client, buyer=buyer, address=make_address(buyer), item=item)

    yield open_
    gate.reset()
    promotions.forget()


def answer(response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def refused(shop: Shop, path: str, refusal: str, stranger_address) -> tuple[int, str, str]:
    """Press the path's button into the refusal, and what the buyer's app is answered."""
    if refusal == "method not accepted by the store":
        return answer(shop.press(path, payment_method="gopay"))  # Niaga knows it; this store does not take it
    if refusal == "address not the buyer's":
        return answer(shop.press(path, address_id=stranger_address.pk))
    if refusal == "stock out":
        if path == "buat_pesanan":  # in the cart while there was stock, gone before the button
            add_item(cart=cart_of(shop.buyer), variant_id=shop.variant.pk, quantity=1)
        set_available(variant=shop.variant, available=0)  # the sale still has units, the shelf none
        return answer(shop.press(path, in_cart=True))
    return answer(shop.press(path))


@pytest.mark.parametrize(
    "refusal, expected",
    [
        (
            "method not accepted by the store",
            (400, "invalid_payment_method", "Pilih metode pembayaran yang diterima toko."),
        ),
        ("address not the buyer's", (404, "address_not_found", "Alamat tidak ditemukan.")),
        (
            "address out of every courier's reach",
            (400, "address_out_of_reach", "{store} belum bisa mengirim ke {regency} ("),
        ),
        ("stock out", (409, "out_of_stock", "Stok habis: {variant} tidak cukup untuk 1 barang.")),
    ],
)
def test_both_paths_refuse_alike_and_write_nothing(open_shop, make_user, make_address, refusal, expected):
    stranger_address = make_address(make_user("Orang Lain"))
    shop = open_shop(weight_grams=75_000 if "reach" in refusal else 150)  # 75 kg: over every courier's limit
    answers = {}
    for path in PATHS:  # a refusal writes nothing: the other path meets the same shop
        answers[path] = refused(shop, path, refusal, stranger_address)
        status, code, message = expected
        message = message.format(store=shop.store.name, regency=shop.address.regency_name, variant=shop.variant)
        assert answers[path][:2] == (status, code) and answers[path][2].startswith(message), (path, answers[path])
        assert not OrderGroup.objects.filter(buyer=shop.buyer).exists()
        assert Stock.objects.get(variant=shop.variant).reserved == 0
        shop.item.refresh_from_db()
        assert shop.item.taken == 0
    assert answers["buat_pesanan"] == answers["beli_sekarang"]


@pytest.mark.parametrize("path", PATHS)
def test_both_paths_set_the_same_payment_deadline_and_refuse_paying_after_it(open_shop, path):
    shop = open_shop()
    placed_at = clock.now()
    response = shop.press(path)
    assert response.status_code == 201, response.content
    group = OrderGroup.objects.get(code=response.json()["code"])
    rule = placing.payment_deadline(paymethods.get("va_bca"), placed_at)
    assert abs(group.payment_due_at - rule) < dt.timedelta(seconds=5)
    assert Order.objects.get(group=group).payment_due_at == group.payment_due_at

    with clock.travel(group.payment_due_at - clock.now() + dt.timedelta(minutes=1)):
        late = shop.client.post(
            f"/api/v1/payments/{group.code}/method", {"method": "va_bca"}, content_type="application/json"
        )
    assert answer(late) == (409, "payment_expired", "Batas waktu pembayaran sudah lewat.")
