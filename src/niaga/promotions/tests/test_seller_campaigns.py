"""A seller schedules a flash sale for its own product from "Toko Saya" (page and API): a
window, a price below the normal one, a quota the shelf covers and a per-buyer limit. Bad
input is a clear 4xx that schedules nothing; one not yet started can be called off."""

import datetime as dt

import pytest
from django.utils import timezone

from niaga.core import clock
from niaga.orders.models import OrderLine
from niaga.promotions.models import Campaign, CampaignItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(make_user, make_store, make_product):
    seller = make_user("Sari Penjual")
    store = make_store(owner=seller)
    product = make_product(store, name="Earphone TWS", price=99_000, stock=40)
    return seller, store, product.variants.get()


def local(delta: dt.timedelta) -> str:
    return f"{timezone.localtime(clock.now() + delta):%Y-%m-%dT%H:%M}"


def form(variant, **overrides):
    data = {
        "name": "Harbolnas 11.11",
        "variant": str(variant.pk),
        "price": "49.000",
        "quota": "30",
        "per_buyer_limit": "2",
        "starts_at": local(dt.timedelta(hours=1)),
        "ends_at": local(dt.timedelta(hours=3)),
    }
    return {**data, **overrides}


def test_a_seller_schedules_a_flash_sale_and_buyers_get_the_price_once_it_starts(
    client, shop, make_user, make_address, use_gate
):
    use_gate("")
    seller, store, variant = shop
    client.force_login(seller)
    page = client.get("/toko-saya/flash-sale/")
    assert (
        page.status_code == 200
        and "Jadwalkan flash sale" in page.content.decode()
        and "Earphone TWS" in page.content.decode()
    )
    response = client.post("/toko-saya/flash-sale/", form(variant))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    item = campaign.items.get()
    assert campaign.store == store and (item.variant, item.price, item.quota, item.per_buyer_limit) == (
        variant,
        49_000,
        30,
        2,
    )
    listing = client.get("/toko-saya/flash-sale/").content.decode()
    assert "Harbolnas 11.11" in listing and "Terjadwal" in listing and "terjual 0/30" in listing

    buyer = make_user("Pembeli")
    address = make_address(buyer)
    client.force_login(buyer)
    body = {"quantity": 1, "address_id": address.pk, "payment_method": "va_bca"}
    early = client.post(f"/api/v1/flash-sales/items/{item.pk}/buy", body, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "campaign_not_active"
    with clock.travel(dt.timedelta(hours=1, minutes=1)):
        from niaga.promotions import services

        services.forget()
        bought = client.post(f"/api/v1/flash-sales/items/{item.pk}/buy", body, content_type="application/json")
    assert bought.status_code == 201, bought.content
    line = OrderLine.objects.get(order__buyer=buyer)
    assert (line.variant_id, line.unit_price, line.order.store_id) == (variant.pk, 49_000, store.pk)
    assert CampaignItem.objects.get().taken == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": "ab"}, "name"),
        ({"price": "99.000"}, "price"),  # not below the normal price
        ({"price": "50"}, "price"),
        ({"quota": "41"}, "quota"),  # more than the shelf holds
        ({"quota": "0"}, "quota"),
        ({"per_buyer_limit": "31"}, "per_buyer_limit"),  # above the quota
        ({"starts_at": local(dt.timedelta(minutes=2))}, "starts_at"),  # too soon for a countdown
        ({"ends_at": local(dt.timedelta(minutes=30))}, "ends_at"),  # before it starts
        ({"ends_at": local(dt.timedelta(hours=30))}, "ends_at"),  # longer than a day
        ({"starts_at": "besok pagi"}, "starts_at"),
    ],
)
def test_bad_schedules_are_refused_on_the_field_and_change_nothing(client, shop, overrides, field):
    seller, _, variant = shop
    client.force_login(seller)
    response = client.post("/toko-saya/flash-sale/", form(variant, **overrides))
    assert response.status_code == 400
    assert f'id="id_{field}"' in response.content.decode() and "has-error" in response.content.decode()
    assert not Campaign.objects.exists()


def test_only_the_sellers_own_products_and_never_two_sales_of_one_product_at_once(
    client, shop, make_store, make_product
):
    seller, _, variant = shop
    other = make_product(make_store(), name="Produk Toko Lain", price=50_000, stock=10).variants.get()
    client.force_login(seller)
    assert client.post("/toko-saya/flash-sale/", form(other)).status_code == 404
    assert client.post("/toko-saya/flash-sale/", form(variant)).status_code == 302
    overlap = client.post(
        "/toko-saya/flash-sale/",
        form(variant, starts_at=local(dt.timedelta(hours=2)), ends_at=local(dt.timedelta(hours=4))),
    )
    assert overlap.status_code == 409 and "sudah ada di flash sale lain" in overlap.content.decode()
    later = form(variant, starts_at=local(dt.timedelta(hours=3)), ends_at=local(dt.timedelta(hours=5)))
    assert client.post("/toko-saya/flash-sale/", later).status_code == 302  # back to back is fine
    assert Campaign.objects.count() == 2


def test_the_api_schedules_lists_and_calls_off(client, shop, make_user):
    seller, store, variant = shop
    client.force_login(seller)
    starts = clock.now() + dt.timedelta(hours=1)
    payload = {
        "name": "Flash Gajian",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "variant_id": variant.pk,
        "price": 59_000,
        "quota": 10,
        "per_buyer_limit": 1,
    }
    created = client.post("/api/v1/seller/flash-sales", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "scheduled" and body["items"][0]["price"] == 59_000 and body["items"][0]["left"] == 10
    assert [c["slug"] for c in client.get("/api/v1/seller/flash-sales").json()] == [body["slug"]]
    too_big = client.post("/api/v1/seller/flash-sales", {**payload, "quota": 999}, content_type="application/json")
    assert too_big.status_code == 400 and too_big.json()["fields"] == {"quota": "1–40."}

    stranger = make_user("Orang Lain")
    client.force_login(stranger)
    assert client.delete(f"/api/v1/seller/flash-sales/{body['slug']}").status_code == 404  # no store, not theirs
    client.force_login(seller)
    assert client.delete(f"/api/v1/seller/flash-sales/{body['slug']}").status_code == 204
    assert not Campaign.objects.exists()


def test_a_started_sale_cannot_be_called_off(client, shop):
    seller, store, variant = shop
    client.force_login(seller)
    assert client.post("/toko-saya/flash-sale/", form(variant)).status_code == 302
    slug = Campaign.objects.get().slug
    with clock.travel(dt.timedelta(hours=1, minutes=5)):
        refused = client.post("/toko-saya/flash-sale/", {"action": "cancel", "slug": slug})
        assert refused.status_code == 409 and "sudah dimulai" in refused.content.decode()
        assert "Berlangsung" in refused.content.decode()
    assert Campaign.objects.exists()
