"""A flash price is what the buyer pays, on every path that shows it: the product page, the
home banner and the API each offer the flash sale's own purchase (the campaign's quota and
per-buyer limit), and the cart, which charges the normal price, says so."""

import datetime as dt
import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.core import clock, pagecache
from niaga.orders.models import Order, OrderLine
from niaga.promotions import selectors

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sales_seen_afresh():
    """Each process remembers for 2 s which variants are on sale, by the catalogue's generation
    number; a test's database and cache start over, and so may that number."""
    selectors._on_sale = (0.0, -1, frozenset())


@pytest.fixture
def buyer(make_user, make_address):
    user = make_user("Pemburu Diskon")
    return user, make_address(user)


def flash_form(page: str) -> dict:
    """The flash sale's Beli Sekarang form on a page: its action and the values it would send."""
    form = re.search(r'<form method="post" action="([^"]+)" class="stack flash-buy".*?</form>', page, re.S)
    assert form, "no flash sale Beli Sekarang on the page"
    body = form.group(0)
    selected = {}
    for name, options in re.findall(r'<select id="[^"]+" name="(\w+)"[^>]*>(.*?)</select>', body, re.S):
        values = re.findall(r'<option value="([^"]+)"( selected)?>', options)
        selected[name] = next((v for v, chosen in values if chosen), values[0][0])
    return {"action": html.unescape(form.group(1)), "fields": selected, "html": body}


def bought_lines(user) -> list[tuple[int, int]]:
    return list(OrderLine.objects.filter(order__buyer=user).values_list("unit_price", "quantity"))


def test_the_product_pages_beli_sekarang_charges_the_flash_price_within_the_buyers_limit(
    sandbox, client, flash_item, buyer, use_gate
):
    use_gate("")
    item = flash_item(quota=5, limit=1, price=9_900)  # normal price Rp99.000
    user, address = buyer
    client.force_login(user)
    url = item.variant.product.get_absolute_url()
    page = client.get(url).content.decode()

    form = flash_form(page)
    assert form["action"] == reverse("promotions:buy", args=[item.campaign.slug, item.pk])  # the flash path
    assert "Beli Sekarang · Rp9.900" in form["html"]
    assert 'value="buy"' not in page  # no second Beli Sekarang through the cart at the normal price
    assert "Tambah ke Keranjang · harga normal Rp99.000" in page

    pressed = client.post(form["action"], {**form["fields"], "next": url})
    assert pressed.status_code == 302 and "/pembayaran/" in pressed.url
    assert bought_lines(user) == [(9_900, 1)]
    again = client.post(form["action"], {**form["fields"], "next": url}, follow=True)
    assert again.redirect_chain[-1][0] == url and "Batas 1 per pembeli sudah tercapai." in again.content.decode()
    assert bought_lines(user) == [(9_900, 1)]
    item.refresh_from_db()
    assert item.taken == 1


def test_the_product_page_offers_the_flash_path_only_while_units_are_left(
    sandbox, client, flash_item, buyer, use_gate, make_user, make_address
):
    use_gate("")
    item = flash_item(quota=1, limit=1)
    user, address = buyer
    other = make_user("Pembeli Lain")
    make_address(other)
    client.force_login(other)
    url = item.variant.product.get_absolute_url()
    form = flash_form(client.get(url).content.decode())
    assert client.post(form["action"], form["fields"]).status_code == 302
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "Kuota flash sale habis" in page and 'class="stack flash-buy"' not in page
    assert 'value="buy"' in page  # the normal Beli Sekarang is back, at the normal price shown


def test_anyone_not_signed_in_is_asked_to_sign_in_to_buy_at_the_flash_price(client, flash_item, use_gate):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    url = item.variant.product.get_absolute_url()
    page = client.get(url).content.decode()
    assert f'href="{reverse("accounts:login")}?next={url}">Masuk untuk membeli Rp9.900' in page
    assert 'value="buy"' not in page


def test_the_cart_says_it_charges_the_normal_price_and_does(client, flash_item, buyer, use_gate):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    user, _ = buyer
    client.force_login(user)
    url = item.variant.product.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Di keranjang berlaku harga normal" in page and "Rp99.000" in page
    client.post(reverse("cart:add"), {"variant_id": item.variant_id, "quantity": "1", "action": "cart", "next": url})
    cart = client.get(reverse("cart:cart")).content.decode()
    assert "Rp99.000" in cart and "Rp9.900" not in cart


def test_the_home_banner_counts_down_and_leads_to_the_flash_purchase(sandbox, client, flash_item, buyer, use_gate):
    use_gate("")
    item = flash_item(quota=5, limit=2)
    home = client.get("/").content.decode()
    banner = re.search(
        r'<section class="card section-card flash-banner flash-home" id="flash-banner".*?</section>', home, re.S
    ).group(0)
    assert f'data-countdown="{timezone.localtime(item.campaign.ends_at).isoformat()}"' in banner  # site.js ticks it
    assert "Berakhir dalam" in banner and "Rp9.900" in banner and "Rp99.000" in banner
    link = re.search(r'href="([^"]+#flash-item-\d+)"', banner).group(1)
    assert link == reverse("promotions:campaign", args=[item.campaign.slug]) + f"#flash-item-{item.pk}"

    user, _ = buyer
    client.force_login(user)
    campaign_page = client.get(link.split("#")[0]).content.decode()
    form = flash_form(campaign_page[campaign_page.index(f'id="flash-item-{item.pk}"') :])
    assert client.post(form["action"], {**form["fields"], "quantity": "2"}).status_code == 302
    assert bought_lines(user) == [(9_900, 2)]


def test_a_banner_for_a_sale_not_started_counts_down_to_its_start(client, flash_item, use_gate):
    use_gate("")
    flash_item(starts_in=dt.timedelta(hours=1), ends_in=dt.timedelta(hours=3))
    response = client.get("/")
    banner = re.search(r'id="flash-banner".*?</section>', response.content.decode(), re.S).group(0)
    assert "Mulai dalam" in banner and 'data-countdown-done="Dimulai"' in banner
    assert response["Expires"]  # the home page is not kept past the start


def test_the_apis_product_detail_offers_the_flash_sale_whose_buy_url_charges_its_price_within_quota_and_limit(
    sandbox, client, flash_item, buyer, use_gate, make_user, make_address
):
    use_gate("")
    item = flash_item(quota=2, limit=1)
    product = item.variant.product
    detail = client.get(f"/api/v1/products/{product.pk}").json()
    offer = detail["flash_sale"]
    assert {k: offer[k] for k in ("item_id", "variant_id", "price", "normal_price", "left", "per_buyer_limit")} == {
        "item_id": item.pk,
        "variant_id": item.variant_id,
        "price": 9_900,
        "normal_price": 99_000,
        "left": 2,
        "per_buyer_limit": 1,
    }
    assert offer["buy_url"] == f"/api/v1/flash-sales/items/{item.pk}/buy"
    assert [v["price"] for v in detail["variants"]] == [99_000]  # what the cart charges

    def press(user, address):
        client.force_login(user)
        body = {"quantity": 1, "address_id": address.pk, "payment_method": "va_bca"}
        return client.post(offer["buy_url"], body, content_type="application/json")

    user, address = buyer
    assert press(user, address).status_code == 201
    assert bought_lines(user) == [(9_900, 1)]
    again = press(user, address)
    assert again.status_code == 409 and again.json()["code"] == "limit_reached"
    second = make_user("Pembeli Kedua")
    assert press(second, make_address(second)).status_code == 201
    third = make_user("Pembeli Ketiga")
    late = press(third, make_address(third))
    assert late.status_code == 409 and late.json()["code"] == "sold_out"
    assert Order.objects.count() == 2
    client.logout()
    assert client.get(f"/api/v1/products/{product.pk}").json()["flash_sale"]["left"] == 0
    with clock.travel(dt.timedelta(hours=3)):
        selectors._on_sale = (0.0, -1, frozenset())
        assert client.get(f"/api/v1/products/{product.pk}").json()["flash_sale"] is None


def test_the_flash_purchase_shows_each_courier_with_its_price_and_eta_and_charges_the_one_chosen(
    sandbox, client, flash_item, buyer, use_gate
):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    user, address = buyer
    client.force_login(user)
    page = client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
    form = flash_form(page)
    courier = re.search(
        r'<label for="courier-\d+">Kurir</label><select id="courier-\d+" name="courier">(.*?)</select>',
        form["html"],
        re.S,
    )
    assert courier, "the courier is not shown"
    options = re.findall(
        r'<option value="([^"]+)"(?: selected)?>([^<]+) · Rp([\d.]+) · ([^<]+)</option>', courier.group(1)
    )
    assert len(options) > 1 and all(eta.strip() for *_, eta in options)
    code, name, cost, eta = options[-1]  # not the cheapest, which was taken silently before
    assert client.post(form["action"], {**form["fields"], "courier": code}).status_code == 302
    order = Order.objects.get(buyer=user)
    assert (order.courier_code, order.courier_name, order.shipping_cost) == (
        code,
        html.unescape(name),
        int(cost.replace(".", "")),
    )


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.forget()
    selectors._on_sale = (0.0, -1, frozenset())  # the generation numbers start over with the cache
    yield
    cache.clear()
    pagecache.forget()


def test_a_kept_product_page_never_offers_the_flash_purchase_after_the_sale_ends(
    deployed, page_cache, flash_item, use_gate, monkeypatch
):
    """The kept copy shows the flash offer; it is not answered past the sale's end, though its
    seconds are not up, and the page rendered then offers the normal purchase again."""
    use_gate("")
    item = flash_item(quota=5, limit=1, ends_in=dt.timedelta(seconds=10))
    url = item.variant.product.get_absolute_url()
    first = deployed("GET", url)
    assert "Masuk untuk membeli Rp9.900" in first.body.decode()
    max_age = int(first.headers["Cache-Control"].split("max-age=")[1])
    assert max_age <= 10
    assert deployed("GET", url).headers["X-Cache"] == "hit"  # kept while the sale runs
    moved = pagecache._wall() + 12
    monkeypatch.setattr(pagecache, "_wall", lambda: moved)
    with clock.travel(dt.timedelta(seconds=12)):
        after = deployed("GET", url)
    assert "X-Cache" not in after.headers
    assert "Flash sale" not in after.body.decode() and 'value="buy"' in after.body.decode()


def test_a_kept_api_product_detail_never_offers_the_flash_sale_after_it_ends(
    deployed, page_cache, flash_item, use_gate, monkeypatch
):
    use_gate("")
    item = flash_item(quota=5, limit=1, ends_in=dt.timedelta(seconds=10))
    path = f"/api/v1/products/{item.variant.product_id}"
    assert b'"buy_url"' in deployed("GET", path).body
    moved = pagecache._wall() + 12
    monkeypatch.setattr(pagecache, "_wall", lambda: moved)
    with clock.travel(dt.timedelta(seconds=12)):
        after = deployed("GET", path)
    assert "X-Cache" not in after.headers and json.loads(after.body)["flash_sale"] is None


def test_on_a_product_with_variants_the_flash_purchase_names_and_buys_the_variant_on_sale(
    sandbox, client, make_store, make_product, buyer, use_gate
):
    from niaga.promotions.models import Campaign, CampaignItem

    use_gate("")
    product = make_product(
        make_store(),
        name="Kaos Polos",
        price=80_000,
        variants=[{"name": "Hitam", "stock": 5}, {"name": "Putih", "stock": 5}],
    )
    now = clock.now()
    campaign = Campaign.objects.create(
        name="Kaos Murah",
        slug="kaos-murah",
        starts_at=now - dt.timedelta(minutes=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    white = product.variants.get(name="Putih")
    CampaignItem.objects.create(campaign=campaign, variant=white, price=39_000, quota=3, per_buyer_limit=1)
    user, _ = buyer
    client.force_login(user)
    page = client.get(product.get_absolute_url()).content.decode()
    assert 'Flash sale Rp39.000</strong> <s class="small">Rp80.000</s> · varian Putih' in page
    assert "Di keranjang berlaku harga normal (Putih: Rp80.000)" in page
    form = flash_form(page)
    assert client.post(form["action"], form["fields"]).status_code == 302
    assert list(OrderLine.objects.filter(order__buyer=user).values_list("variant_name", "unit_price")) == [
        ("Putih", 39_000)
    ]


def test_the_campaign_page_shows_each_products_image(client, flash_item, use_gate):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    image = item.variant.product.images.first()
    page = client.get(reverse("promotions:campaign", args=[item.campaign.slug])).content.decode()
    card = page[page.index(f'id="flash-item-{item.pk}"') :]
    card = card[: card.index("</article>")]
    assert f'<img src="{image.thumbnail.url}" alt="{item.variant.product.name}"' in card


def test_the_seller_sees_the_offer_on_their_own_product_with_nothing_to_buy(client, flash_item, use_gate):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    client.force_login(item.variant.product.store.owner)
    page = client.get(item.variant.product.get_absolute_url()).content.decode()
    assert "Flash sale Rp9.900" in page
    assert "Masuk untuk membeli" not in page and 'class="stack flash-buy"' not in page
