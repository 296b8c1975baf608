"""A flash sale as buyers meet it: the campaign page with its countdown, "Beli Sekarang" at
the campaign price, and clear answers — not started, ended, sold out, limit reached —
that change nothing."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.models import Order
from niaga.promotions.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def buyer(make_user, make_address):
    user = make_user("Pemburu Diskon")
    return user, make_address(user)


def buy(client, item, address, quantity=1):
    return client.post(
        f"/api/v1/flash-sales/items/{item.pk}/buy",
        {"quantity": quantity, "address_id": address.pk, "payment_method": "va_bca"},
        content_type="application/json",
    )


def test_buying_at_the_flash_price_until_the_limit_then_sold_out(
    sandbox, client, flash_item, buyer, make_user, make_address, use_gate
):
    use_gate("")
    item = flash_item(quota=3, limit=2, price=9_900)
    user, address = buyer
    client.force_login(user)
    first = buy(client, item, address, 2)
    assert first.status_code == 201
    order = Order.objects.get()
    assert order.lines.get().unit_price == 9_900 and order.subtotal == 19_800 and order.status == "awaiting_payment"
    refused = buy(client, item, address, 1)
    assert refused.status_code == 409 and refused.json()["code"] == "limit_reached"
    other = make_user("Lain")
    client.force_login(other)
    assert buy(client, item, make_address(other), 1).status_code == 201
    third = make_user("Telat")
    client.force_login(third)
    late = buy(client, item, make_address(third), 1)
    assert late.status_code == 409 and late.json() == {
        "code": "sold_out",
        "message": "Stok flash sale habis.",
        "fields": {},
    }
    assert Order.objects.count() == 2 and sum(Claim.objects.values_list("quantity", flat=True)) == 3
    campaign = client.get(f"/api/v1/flash-sales/{item.campaign.slug}").json()
    assert campaign["items"][0]["left"] == 0 and campaign["items"][0]["price"] == 9_900


@pytest.mark.parametrize("method, minutes", [("va_bca", 60), ("gopay", 15)])
def test_a_flash_order_is_paid_within_the_hour_and_its_unpaid_units_come_back_while_the_sale_is_on(
    sandbox, client, flash_item, buyer, use_gate, method, minutes
):
    """A bank transfer's day would hold the units past a two-hour sale; a method whose own
    deadline is shorter keeps it."""
    use_gate("")
    item = flash_item(quota=1, limit=1)
    user, address = buyer
    client.force_login(user)
    placed = clock.now()
    answer = client.post(
        f"/api/v1/flash-sales/items/{item.pk}/buy",
        {"quantity": 1, "address_id": address.pk, "payment_method": method},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    order = Order.objects.get()
    assert placed + dt.timedelta(minutes=minutes) <= order.payment_due_at <= clock.now() + dt.timedelta(minutes=minutes)
    assert orders.cancel_overdue(now=placed + dt.timedelta(minutes=minutes - 1)) == 0
    assert orders.cancel_overdue(now=order.payment_due_at + dt.timedelta(seconds=1)) == 1
    item.refresh_from_db()
    assert item.left == 1 and item.campaign.ends_at > order.payment_due_at  # on sale again, before the end
    page = client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
    assert "Bayar paling lambat 60 menit setelah membeli" in page  # told before pressing Beli


@pytest.mark.parametrize(
    "starts_in, ends_in, message",
    [
        (dt.timedelta(minutes=5), dt.timedelta(hours=1), "belum dimulai"),
        (dt.timedelta(hours=-3), dt.timedelta(hours=-1), "sudah berakhir"),
    ],
)
def test_outside_its_window_nothing_is_sold(client, flash_item, buyer, starts_in, ends_in, message, use_gate):
    use_gate("")
    item = flash_item(starts_in=starts_in, ends_in=ends_in)
    user, address = buyer
    client.force_login(user)
    response = buy(client, item, address)
    assert (
        response.status_code == 409
        and response.json()["code"] == "campaign_not_active"
        and message in response.json()["message"]
    )
    assert not Order.objects.exists()


def test_bad_quantities_are_refused(client, flash_item, buyer, use_gate):
    use_gate("")
    item = flash_item(limit=2)
    user, address = buyer
    client.force_login(user)
    for quantity in (0, 3, -1):
        assert buy(client, item, address, quantity).status_code in (400, 422)
    assert not Order.objects.exists()


def test_the_campaign_page_counts_down_and_the_product_page_shows_the_offer(
    sandbox, client, flash_item, buyer, use_gate
):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    user, address = buyer
    page = client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
    assert (
        "Berakhir dalam" in page
        and 'data-countdown="' in page
        and "Tersisa <strong>5</strong> dari 5" in page
        and "Masuk untuk membeli" in page
    )
    product = item.variant.product
    assert 'id="flash-offer"' in client.get(product.get_absolute_url()).content.decode()
    assert 'id="flash-banner"' in client.get("/").content.decode()
    client.force_login(user)
    bought = client.post(
        reverse("promotions:buy", args=[item.campaign.slug, item.pk]),
        {"quantity": "1", "address_id": str(address.pk), "payment_method": "va_bca"},
    )
    assert bought.status_code == 302 and "/pembayaran/" in bought.url
    again = client.post(
        reverse("promotions:buy", args=[item.campaign.slug, item.pk]),
        {"quantity": "1", "address_id": str(address.pk), "payment_method": "va_bca"},
        follow=True,
    )
    assert "Batas 1 per pembeli sudah tercapai." in again.content.decode()
    with clock.travel(dt.timedelta(hours=3)):
        assert (
            "sudah berakhir" in client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
        )


def test_beli_sekarang_asks_the_api_nginx_serves_and_without_javascript_posts_to_the_page(
    client, flash_item, buyer, use_gate
):
    """site.js sends the press to the API's address, where the edge answers the crowd (README,
    Flash sales); the form's own action is the same press for a browser without JavaScript."""
    use_gate("")
    item = flash_item(quota=5, limit=1)
    user, _ = buyer
    client.force_login(user)
    page = client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="[^"]*"\s+data-flash-api="([^"]+)" data-flash-waiting="([^"]+)"',
        page,
    )
    assert form.groups() == (
        reverse("promotions:buy", args=[item.campaign.slug, item.pk]),
        f"/api/v1/flash-sales/items/{item.pk}/buy",
        reverse("promotions:admission", args=[0]),  # the script puts the admission's id for the 0
    )
    assert "data-flash-note hidden" in page
    assert (
        page.count("data-countdown=") == 1 and 'data-countdown-done="Flash sale berakhir"' in page
    )  # site.js counts down


def test_a_buyer_the_waiting_room_queued_at_beli_sekarang_is_sent_back_to_the_sale_when_let_in(
    client, flash_item, buyer, use_gate, settings, make_user, make_address
):
    """Without JavaScript the press is a POST; the waiting page refreshes its address with a GET."""
    use_gate("")
    cache.clear()
    settings.NIAGA_WAITING_ROOM_PER_MINUTE = 1
    item = flash_item(quota=5, limit=1)
    url = reverse("promotions:buy", args=[item.campaign.slug, item.pk])
    first = make_user("Pembeli Pertama")
    user, address = buyer
    start = clock.now().replace(second=5)
    with clock.travel(start - clock.now()):
        client.force_login(first)
        client.post(
            url, {"quantity": "1", "address_id": str(make_address(first).pk), "payment_method": "va_bca"}
        )  # the minute's one
        client.force_login(user)
        queued = client.post(url, {"quantity": "1", "address_id": str(address.pk), "payment_method": "va_bca"})
        assert queued.status_code == 503 and "http-equiv=refresh" in queued.content.decode()
        assert client.get(url).status_code == 503  # the refresh, still queued
    with clock.travel(start - clock.now() + dt.timedelta(minutes=1)):
        back = client.get(url, follow=True)
    assert back.redirect_chain == [(reverse("promotions:campaign", args=[item.campaign.slug]), 302)]
    assert "Giliranmu tiba: tekan Beli Sekarang lagi." in back.content.decode()
    assert Order.objects.filter(buyer=user).count() == 0  # a GET never buys


def test_a_product_page_asks_for_a_flash_offer_only_when_a_sale_covers_it(
    client, flash_item, make_store, make_product, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from niaga.promotions import selectors
    from niaga.promotions.models import Campaign, CampaignItem

    monkeypatch.setattr(selectors, "_ON_SALE_SECONDS", 3600.0)  # the memo outlasts a slow machine's pause

    item = flash_item(quota=5, limit=1)
    plain = make_product(make_store(), name="Kopi Gayo 250 g")
    client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as asked:
        page = client.get(plain.get_absolute_url()).content.decode()
    assert 'id="flash-offer"' not in page
    assert not [q for q in asked.captured_queries if "promotions_campaignitem" in q["sql"]]
    assert 'id="flash-offer"' in client.get(item.variant.product.get_absolute_url()).content.decode()
    # A sale that starts this moment shows at once: saving it retires what every process remembers.
    now = clock.now()
    campaign = Campaign.objects.create(
        name="Kopi Pagi", slug="kopi-pagi", starts_at=now - dt.timedelta(seconds=1), ends_at=now + dt.timedelta(hours=1)
    )
    CampaignItem.objects.create(
        campaign=campaign, variant=plain.variants.get(), price=19_000, quota=10, per_buyer_limit=1
    )
    assert 'id="flash-offer"' in client.get(plain.get_absolute_url()).content.decode()
