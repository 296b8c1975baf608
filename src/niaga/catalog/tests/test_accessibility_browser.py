"""The buyer's pages on a phone pass axe-core's checks: no serious or critical violation.

axe-core (the engine behind Lighthouse's accessibility audit), bundled by
axe-playwright-python, runs inside Debian's Chromium on each page a buyer walks through.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from niaga.cart import services as carts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shop(live_server, sandbox, make_user, make_store, make_product, make_address, category):
    store = make_store(name="Toko Tenun Sumba")
    products = [make_product(store, name=f"Kain Tenun Ikat {n}", price=150_000 + n * 1000, stock=5) for n in range(3)]
    buyer = make_user("Rina Pembeli")
    make_address(buyer)
    cart = carts.cart_for(user=buyer, create=True)
    carts.add_item(cart=cart, variant_id=products[0].variants.get().pk, quantity=1)
    return store, products, buyer


def page_of(chromium, base: str, user=None):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=base)
    if user is not None:
        signed_in = Client()
        signed_in.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_buyers_pages_have_no_serious_accessibility_violations(chromium, live_server, shop):
    store, products, buyer = shop
    product = products[0]
    axe = Axe()
    pages = {
        None: ["/", f"/p/{store.slug}/{product.slug}/", "/cari/?q=kain", f"/kategori/{product.category.slug}/"],
        buyer: ["/keranjang/", "/checkout/"],
    }
    found = {}
    for user, paths in pages.items():
        page = page_of(chromium, live_server.url, user)
        for path in paths:
            answer = page.goto(path)
            assert answer.status == 200, path
            found[path] = serious(axe.run(page))
        page.context.close()
    assert found == {path: [] for paths in pages.values() for path in paths}
