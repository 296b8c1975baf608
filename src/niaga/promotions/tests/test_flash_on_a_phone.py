"""A flash sale on a phone (390×844, Chromium): the product page's Beli Sekarang charges the
flash price, and the choices the buyer makes are readable in full."""

import re

import pytest
from django.conf import settings
from django.test import Client

from niaga.orders.models import Order, OrderLine
from niaga.promotions import selectors

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def sales_seen_afresh():
    """Each process remembers for 2 s which variants are on sale, by the catalogue's generation
    number; a test's database and cache start over, and so may that number."""
    selectors._on_sale = (0.0, -1, frozenset())


PHONE = {"width": 390, "height": 844}


def phone(chromium, base: str, user):
    signed_in = Client()
    signed_in.force_login(user)
    context = chromium.new_context(base_url=base, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


# How wide a select's chosen label is drawn, against the room the select gives it.
FITS = """sel => {
  const style = getComputedStyle(sel), ctx = document.createElement("canvas").getContext("2d");
  ctx.font = style.font;
  const text = sel.options[sel.selectedIndex].text;
  const room = sel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {text, fits: ctx.measureText(text).width <= room};
}"""


def test_at_390_the_product_pages_beli_sekarang_charges_the_flash_price(
    sandbox, chromium, flash_item, make_user, make_address, use_gate
):
    use_gate("")
    item = flash_item(quota=5, limit=1, price=9_900)  # normal price Rp99.000
    user = make_address(make_user("Pembeli di HP")).user
    page = phone(chromium, sandbox.url, user)
    page.goto(item.variant.product.get_absolute_url())
    assert "Flash sale Rp9.900" in page.text_content("#flash-offer")
    button = page.locator("#flash-offer button.buy-now")
    assert button.text_content().strip() == "Beli Sekarang · Rp9.900" and button.is_visible()
    assert page.locator("button:has-text('Beli Sekarang')").count() == 1  # the only one on the page

    with page.expect_response(f"**/api/v1/flash-sales/items/{item.pk}/buy") as answer:
        button.click()
    assert answer.value.status == 201
    page.wait_for_url(re.compile(r"/pembayaran/"))
    order = Order.objects.get(buyer=user)
    assert list(OrderLine.objects.filter(order=order).values_list("unit_price", "quantity")) == [(9_900, 1)]
    assert order.subtotal == 9_900
    item.refresh_from_db()
    assert item.taken == 1
    page.context.close()


def test_at_390_the_flash_forms_show_the_payment_method_and_the_courier_in_full(
    sandbox, chromium, flash_item, make_user, make_address, use_gate
):
    use_gate("")
    item = flash_item(quota=5, limit=1)
    user = make_address(make_user("Pembeli di HP")).user
    page = phone(chromium, sandbox.url, user)
    for url in (f"/flash-sale/{item.campaign.slug}/", item.variant.product.get_absolute_url()):
        page.goto(url)
        payment = page.locator(f"#pay-{item.pk}").evaluate(FITS)
        assert payment == {"text": "BCA Virtual Account", "fits": True}, url
        courier = page.locator(f"#courier-{item.pk}").evaluate(FITS)
        assert courier["fits"] and re.fullmatch(r".+ · Rp[\d.]+ · .+", courier["text"]), (url, courier)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
            url
        )  # nothing sticks out sideways
    page.context.close()
