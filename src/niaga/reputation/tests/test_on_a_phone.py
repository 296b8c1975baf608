"""On a phone (390×844, Chromium): the product page's returns-and-warranty block and the store's
standing, the store page's contact details, Penilaian Toko and the seller's policy settings all
fit the screen, nothing wider than it."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from niaga.orders.status import Actor, Status
from niaga.reputation import services
from niaga.stores.services import update_store

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("NIAGA_SCREENSHOTS", "")  # a folder to keep the screens in, when reviewing them


def phone(chromium, base: str, user=None):
    context = chromium.new_context(base_url=base, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    if user is not None:
        signed_in = Client()
        signed_in.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


def fits(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width}px wide"


def test_at_390_the_policy_the_standing_and_the_settings_fit(live_server, chromium, history):
    h = history()
    ago = h.ago
    o1 = h.order(paid=ago(10), ship_by=ago(8), shipped=ago(9), delivered=ago(7))
    h.order(paid=ago(20), ship_by=ago(18), shipped=ago(17), delivered=ago(15))
    h.order(paid=ago(5), cancelled=(Status.TO_PACK, Actor.SELLER, ago(4)))
    h.review(o1, 5, ago(6))
    h.chat(("b", ago(2)), ("s", ago(2, minutes=-12)))
    update_store(
        store=h.store,
        data={
            "contact_phone": "0812-3456-7890",
            "contact_email": "halo@tokoelektronikjaya.co.id",
            "open_days": [0, 1, 2, 3, 4],
            "opens_at": "08:00",
            "closes_at": "17:00",
            "warranty_kind": "distributor",
            "warranty_months": 12,
            "return_policy": "Sertakan video unboxing tanpa jeda.",
        },
    )
    services.refresh_standing(store=h.store)

    visitor = phone(chromium, live_server.url)
    visitor.goto(h.product.get_absolute_url())
    assert visitor.locator("#policy-returns").inner_text() == "Retur & tukar dalam 7 hari setelah barang sampai"
    assert visitor.locator("#standing").is_visible()
    fits(visitor, "product")
    visitor.goto(f"/toko/{h.store.slug}/")
    assert "0812-3456-7890" in visitor.locator("#contact").inner_text()
    fits(visitor, "store")
    visitor.goto(f"/toko/{h.store.slug}/penilaian/")
    assert "50%" in visitor.locator("#fig-on-time").inner_text()
    fits(visitor, "penilaian")

    seller = phone(chromium, live_server.url, h.store.owner)
    seller.goto("/toko-saya/pengaturan/")
    assert seller.locator("#id_return_window_days").input_value() == "7"
    fits(seller, "settings")
    seller.goto(f"/toko-saya/produk/{h.product.pk}/")
    seller.locator("summary:has-text('Retur & garansi khusus produk ini')").click()
    assert seller.locator("#id_warranty_kind").is_visible()
    fits(seller, "product-form")
