"""On a phone (390×844): the buyer gives a completed order's line five stars with a photo, and
the review with its photo is on the product page; the review pages fit the screen and pass
axe-core's checks (no serious or critical violation)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from niaga.reviews.models import Review

from .conftest import completed, photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_of(chromium, base: str, user=None):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=base)
    if user is not None:
        signed_in = Client()
        signed_in.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_review_with_a_photo_written_on_a_phone_appears_on_the_product_page(
    chromium, live_server, place, product, tmp_path
):
    order = completed(place(product=product))
    snapshot = tmp_path / "kemeja.jpg"
    snapshot.write_bytes(photo().read())
    page = page_of(chromium, live_server.url, order.buyer)
    page.goto("/ulasan/")
    assert fits(page)
    page.get_by_role("link", name="Beri Ulasan").click()
    page.get_by_label("5 bintang").check()
    page.get_by_label("Ceritakan pengalamanmu").fill("Bahannya adem dan jahitannya rapi.")
    page.set_input_files("#id_photos", str(snapshot))
    assert fits(page)
    page.get_by_role("button", name="Kirim ulasan").click()
    page.wait_for_url("**/ulasan/?tab=ditulis")
    assert "Terima kasih" in page.content()
    review = Review.objects.get()
    assert (review.rating, review.photo_count) == (5, 1)

    visitor = page_of(chromium, live_server.url)
    visitor.goto(product.get_absolute_url())
    section = visitor.locator("#ulasan")
    assert "Bahannya adem" in section.inner_text() and "1 ulasan" in section.inner_text()
    image = section.locator(".review img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert fits(visitor)

    axe = Axe()
    found = {}
    for who, path in (
        (visitor, product.get_absolute_url()),
        (visitor, f"/p/{product.store.slug}/{product.slug}/ulasan/?foto=1"),
        (page, "/ulasan/?tab=ditulis"),
        (page, f"/ulasan/{review.pk}/ubah/"),
    ):
        who.goto(path)
        assert fits(who), path
        problems = serious(axe.run(who))
        if problems:
            found[path] = problems
    assert found == {}
