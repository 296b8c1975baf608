"""The packing form on a packer's phone: the weight starts from the products' weights, and the
three size boxes sit on one line at 390 px."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def packing(client, store, order) -> str:
    client.force_login(store.owner)
    location_id = int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])
    return reverse("fulfillment:pack", args=[location_id, order.pk])


def test_the_packing_form_starts_from_the_products_weights(client, paid_checkout, make_store, make_product):
    store = make_store()
    book = make_product(store, name="Buku Tulis", stock=3, weight_grams=800)
    pen = make_product(store, name="Pulpen", stock=5, weight_grams=150)
    order = paid_checkout([(book, 2), (pen, 3)])
    page = client.get(packing(client, store, order)).content.decode()
    assert 'name="weight_grams" type="number" value="2050"' in page  # 2 × 800 + 3 × 150
    assert "Terisi dari berat produk (2050 g)" in page


@pytest.mark.browser
def test_at_390_the_size_boxes_of_the_packing_form_line_up(
    paid_checkout, make_store, make_product, chromium, live_server
):
    store = make_store()
    order = paid_checkout([(make_product(store, stock=1, weight_grams=500), 1)])
    client = Client()
    url = packing(client, store, order)
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(url)
    boxes = [page.locator(f"#id_{n}").bounding_box() for n in ("length_cm", "width_cm", "height_cm")]
    assert len({round(b["y"]) for b in boxes}) == 1 and len({round(b["height"]) for b in boxes}) == 1, boxes
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"] and boxes[2]["x"] + boxes[2]["width"] <= 390
    assert page.input_value("#id_weight_grams") == "500"
    context.close()
