"""The after-sales promise that holds for a product: its store's unless the product sets its own
(catalog.policy.for_product). The product page and checkout show it before the buyer pays; the
seller sets a product's own from the product form and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from niaga.cart import services as carts
from niaga.catalog import policy
from niaga.catalog.models import Product
from niaga.stores.services import update_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(make_store):
    store = make_store(name="Toko Elektronik Jaya")
    return update_store(
        store=store,
        data={
            "return_window_days": 7,
            "accepts_returns": True,
            "accepts_exchanges": True,
            "warranty_kind": "store",
            "warranty_months": 1,
            "return_policy": "Sertakan video unboxing.",
        },
    )


def test_a_product_follows_its_store_until_it_sets_its_own(store, make_product):
    product = make_product(store, name="Kabel USB-C")
    p = policy.for_product(product)
    assert (p.return_window_days, p.returns_allowed, p.exchanges_allowed, p.warranty_text) == (
        7,
        True,
        True,
        "Garansi toko 1 bulan",
    )
    assert p.overridden == frozenset() and p.returns_text == "Retur & tukar dalam 7 hari setelah barang sampai"
    delivered = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    assert p.return_deadline(delivered) == delivered + dt.timedelta(days=7)
    assert p.may_return(delivered, delivered + dt.timedelta(days=7))
    assert not p.may_return(delivered, delivered + dt.timedelta(days=7, seconds=1))


def test_a_products_own_values_win_and_the_rest_stay_the_stores(store, make_product):
    laptop = make_product(
        store, name="Laptop", price=9_000_000, warranty_kind="official", warranty_months=24, accepts_exchanges=False
    )
    p = policy.for_product(laptop)
    assert p.warranty_text == "Garansi resmi 2 tahun" and p.return_window_days == 7
    assert p.returns_allowed and not p.exchanges_allowed
    assert p.overridden == {"warranty_kind", "warranty_months", "accepts_exchanges"}
    assert p.return_note == "Sertakan video unboxing."

    # "0 days" on a product: it cannot be sent back, whatever the store takes back.
    underwear = make_product(store, name="Pakaian Dalam", return_window_days=0)
    q = policy.for_product(underwear)
    assert not q.takes_back and not q.returns_allowed and not q.exchanges_allowed
    assert q.returns_text == "Tidak menerima retur atau tukar barang"
    assert q.return_deadline(dt.datetime(2026, 12, 1, tzinfo=dt.UTC)) is None
    assert q.warranty_text == "Garansi toko 1 bulan"  # still the store's

    # A store that stops taking returns: a product that never said otherwise follows; one that did keeps its word.
    update_store(store=store, data={"accepts_returns": False})
    laptop.refresh_from_db()
    assert not policy.for_product(laptop).returns_allowed  # it never set its own: the store's now
    own = make_product(store, name="Monitor", accepts_returns=True)
    assert policy.for_product(own).returns_allowed


def test_the_api_sets_a_products_own_policy_and_refuses_what_makes_no_sense(client, store, make_product):
    product = make_product(store, name="Printer")
    client.force_login(store.owner)
    url = f"/api/v1/seller/products/{product.pk}"
    ok = client.patch(url, {"warranty_kind": "official", "warranty_months": 12}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["policy"]["warranty_text"] == "Garansi resmi 1 tahun"
    assert ok.json()["policy"]["overridden"] == ["warranty_kind", "warranty_months"]

    for change, field in [
        ({"warranty_kind": "official", "warranty_months": 0}, "warranty_months"),
        ({"warranty_kind": "official", "warranty_months": None}, "warranty_months"),
        ({"return_window_days": 0, "accepts_returns": True}, "return_window_days"),
        ({"return_window_days": 31}, "return_window_days"),
        ({"warranty_kind": "abadi"}, "warranty_kind"),
    ]:
        refused = client.patch(url, change, content_type="application/json")
        assert refused.status_code == 400, (change, refused.content)
        assert field in refused.json()["fields"], change
    product.refresh_from_db()
    assert (product.warranty_kind, product.warranty_months, product.return_window_days) == ("official", 12, None)

    back = client.patch(url, {"warranty_kind": "", "warranty_months": None}, content_type="application/json")
    assert (
        back.json()["policy"]["overridden"] == [] and back.json()["policy"]["warranty_text"] == "Garansi toko 1 bulan"
    )
    public = client.get(f"/api/v1/products/{product.pk}").json()["policy"]
    assert public["return_window_days"] == 7 and public["accepts_exchanges"] is True


def test_the_seller_sets_a_products_own_policy_in_the_product_form(client, store, make_product):
    product = make_product(store, name="Headset")
    client.force_login(store.owner)
    page = client.get(f"/toko-saya/produk/{product.pk}/").content.decode()
    assert "Retur &amp; garansi khusus produk ini" in page and "Ikuti kebijakan toko" in page
    form = {
        "action": "save",
        "name": "Headset",
        "category": str(product.category_id),
        "price": "150000",
        "stock": "1",
        "weight_grams": "200",
        "condition": "new",
        "description": "",
        "return_window_days": "3",
        "accepts_returns": "",
        "accepts_exchanges": "0",
        "warranty_kind": "",
        "warranty_months": "",
        "warranty_policy": "",
    }
    saved = client.post(f"/toko-saya/produk/{product.pk}/", form)
    assert saved.status_code == 302
    product.refresh_from_db()
    assert (product.return_window_days, product.accepts_returns, product.accepts_exchanges) == (3, None, False)

    refused = client.post(f"/toko-saya/produk/{product.pk}/", {**form, "return_window_days": "99"})
    assert refused.status_code == 400 and "Batas pengembalian (hari) harus 0–30." in refused.content.decode()
    assert Product.objects.get(pk=product.pk).return_window_days == 3


def test_the_product_page_shows_the_promise_that_holds(client, store, make_product):
    plain = make_product(store, name="Mouse")
    laptop = make_product(store, name="Laptop", price=9_000_000, warranty_kind="official", warranty_months=12)
    text = client.get(plain.get_absolute_url()).content.decode()
    assert 'id="policy"' in text and "Retur &amp; tukar dalam 7 hari setelah barang sampai" in text
    assert "Garansi toko 1 bulan" in text and "Sertakan video unboxing." in text
    own = client.get(laptop.get_absolute_url()).content.decode()
    assert "Garansi resmi 1 tahun" in own and "Kebijakan khusus produk ini" in own


def test_checkout_shows_each_stores_policy_before_buat_pesanan(
    client, store, make_store, make_product, make_user, make_address
):
    other = make_store(name="Toko Makanan")
    update_store(store=other, data={"return_window_days": 0, "accepts_returns": False, "accepts_exchanges": False})
    laptop = make_product(store, name="Laptop", price=9_000_000, warranty_kind="official", warranty_months=12)
    snack = make_product(other, name="Keripik")
    buyer = make_user("Pembeli")
    make_address(buyer)
    cart = carts.cart_for(user=buyer, create=True)
    for product in (laptop, snack):
        carts.add_item(cart=cart, variant_id=product.variants.get().pk, quantity=1)
    client.force_login(buyer)

    html = client.get("/checkout/").content.decode()
    place = html.index(">Buat Pesanan</button>")
    first = html.index(f'id="policy-{store.pk}"')
    second = html.index(f'id="policy-{other.pk}"')
    assert first < place and second < place
    assert "Retur &amp; tukar dalam 7 hari setelah barang sampai · Garansi toko 1 bulan" in html
    assert "Laptop: Retur &amp; tukar dalam 7 hari setelah barang sampai · Garansi resmi 1 tahun" in html
    assert "Tidak menerima retur atau tukar barang · Tanpa garansi" in html

    quote = client.post("/api/v1/checkout/quote", {}, content_type="application/json").json()
    policies = {s["store_name"]: s for s in quote["stores"]}
    assert policies["Toko Makanan"]["policy"]["return_window_days"] == 0
    assert policies["Toko Elektronik Jaya"]["product_policies"][0]["product_name"] == "Laptop"
