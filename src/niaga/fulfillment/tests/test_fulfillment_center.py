"""A store that ships from a Niaga fulfillment center: its parcels leave from the center's
city (rates and labels say so), and the center's staff, not the seller, pick and pack."""

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from niaga.fulfillment.models import Location, StoreLocation
from niaga.orders.status import Status
from niaga.shipping.models import Shipment

from .test_paid_to_completed import pack_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_centers_staff_pack_a_stores_orders_and_the_label_names_the_center(
    client, paid_checkout, make_store, make_product, make_user
):
    center = Location.objects.create(
        name="Niaga Fulfillment Center Cikarang",
        kind=Location.Kind.PLATFORM,
        street="Jababeka II Blok GG",
        regency_code="32.16",
        regency_name="Kabupaten Bekasi",
        province_code="32",
        province_name="Jawa Barat",
        district_code="32.16.09",
        district_name="Cikarang Utara",
        village_code="32.16.09.2010",
        village_name="Mekarmukti",
        postal_code="17534",
        contact_name="Tim Gudang",
        phone="0218934000",
    )
    staff = make_user("Staf Gudang")
    center.staff.add(staff)
    store = make_store(city_code="35.78")  # a Surabaya store whose stock sits in Cikarang
    StoreLocation.objects.create(store=store, location=center)
    order = paid_checkout(
        [(make_product(store, stock=1, weight_grams=500), 1)], courier="sicepat_best"
    )  # next-day: one island only

    client.force_login(store.owner)
    seller_page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert (
        "dikemas dan diserahkan ke kurir oleh Niaga Fulfillment Center Cikarang" in seller_page
        and 'id="pack-order"' not in seller_page
    )
    assert client.get(reverse("fulfillment:location", args=[center.pk])).status_code == 404

    client.force_login(staff)
    assert client.get(reverse("fulfillment:index")).url == reverse("fulfillment:location", args=[center.pk])
    assert order.number in client.get(reverse("fulfillment:location", args=[center.pk])).content.decode()
    client.post(reverse("fulfillment:pack", args=[center.pk, order.pk]), pack_form(order))
    order.refresh_from_db()
    assert order.status == Status.READY_TO_SHIP
    label = client.get(reverse("fulfillment:labels", args=[center.pk]), {"ids": order.pk})
    text = pdfium.PdfDocument(label.content)[0].get_textpage().get_text_range()
    assert "Jababeka II Blok GG" in text and "Kabupaten Bekasi, Jawa Barat 17534" in text
    assert "Mekarmukti, Cikarang Utara" in text and "Tim Gudang · 0218934000" in text  # the full pickup address
    client.post(reverse("fulfillment:pickup", args=[center.pk]), {"courier": "sicepat"})
    assert Shipment.objects.get(order=order).manifest.location == center
