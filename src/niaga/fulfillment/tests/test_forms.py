"""The warehouse's forms refuse an over-long value on its field and save nothing; nothing is cut to fit."""

import pytest
from django.urls import reverse

from niaga.fulfillment import services

from .conftest import PICKUP_ADDRESSES, set_up_warehouse
from .test_paid_to_completed import pack_form


def field_error(html: str, field: str) -> str:
    start = html.index(f'<p class="field-error" id="err_{field}">') + len(f'<p class="field-error" id="err_{field}">')
    return html[start : html.index("</p>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("street", "Jl. Ir. H. Juanda No. 120, Dago, " * 7, "maks. 200 karakter (sekarang 230)"),
        ("contact_name", "Sari Wulandari " * 6, "maks. 80 karakter (sekarang 89)"),
    ],
)
def test_pickup_address_refuses_an_over_long_value_on_its_field(client, make_store, field, value, message):
    store = make_store()
    client.force_login(store.owner)
    location = services.store_location(store=store)
    data = {"contact_name": "Sari", "phone": "0812-2200-1234", "street": "Jl. Ir. H. Juanda No. 120"}
    page = client.post(
        reverse("fulfillment:address", args=[location.pk]), {**data, **PICKUP_ADDRESSES["32.73"], field: value}
    )
    assert page.status_code == 400
    assert message in field_error(page.content.decode(), field)
    location.refresh_from_db()
    assert location.pickup_missing()


@pytest.mark.django_db(transaction=True)
def test_packing_refuses_an_over_long_note_instead_of_cutting_it(client, paid_checkout, make_store, make_product):
    store = make_store()
    order = paid_checkout([(make_product(store, stock=1, weight_grams=500), 1)])
    client.force_login(store.owner)
    location = set_up_warehouse(store)
    url = reverse("fulfillment:pack", args=[location.pk, order.pk])
    page = client.post(url, pack_form(order, notes="Bubble wrap 2 lapis, pecah belah. " * 7))
    assert page.status_code == 400
    assert "maks. 200 karakter (sekarang 237)" in field_error(page.content.decode(), "notes")
    order.refresh_from_db()
    assert order.status == "to_pack"
