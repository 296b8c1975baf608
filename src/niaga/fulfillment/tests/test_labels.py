"""Printed labels decode back to the AWB they carry: barcode and QR, A6 and four to an A4."""

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.urls import reverse

from niaga.fulfillment import labels
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status


def decoded(pdf_bytes: bytes) -> list[list[tuple[str, str]]]:
    """Every barcode on every page, as (format, text), read from the rendered PDF."""
    pages = []
    for page in pdfium.PdfDocument(pdf_bytes):
        image = page.render(scale=4).to_pil()
        pages.append(sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image)))
    return pages


@pytest.fixture
def shipped(place):
    def make(awb: str):
        group = place(stock=3)
        orders.mark_group_paid(group=group, reason="test")
        order = group.orders.get()
        orders.transition(order=order, to_status=Status.READY_TO_SHIP, role=Actor.SELLER)
        return orders.seller_ship(order=order, seller=order.store.owner, awb=awb)

    return make


@pytest.mark.django_db
def test_an_a6_label_decodes_to_its_awb_as_barcode_and_qr(shipped):
    order = shipped("JP1234567890")
    pdf = labels.render([order])
    assert pdf.startswith(b"%PDF")
    assert decoded(pdf) == [[("Code128", "JP1234567890"), ("QRCode", "JP1234567890")]]


@pytest.mark.django_db
def test_four_labels_share_an_a4_page(shipped):
    awbs = [f"JNE00000000{i}" for i in range(5)]
    pdf = labels.render([shipped(awb) for awb in awbs], layout="a4")
    pages = decoded(pdf)
    assert len(pages) == 2 and len(pages[0]) == 8 and len(pages[1]) == 2
    assert sorted(text for page in pages for fmt, text in page if fmt == "Code128") == sorted(awbs)


@pytest.mark.django_db
def test_a_seller_prints_only_their_own_labels(client, shipped):
    mine, theirs = shipped("SICEPAT12345678"), shipped("ANTERAJA1234567")
    client.force_login(mine.store.owner)
    url = reverse("seller:labels")
    response = client.get(url, {"ids": f"{mine.pk},{theirs.pk}", "layout": "a4"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert [text for fmt, text in decoded(response.content)[0] if fmt == "Code128"] == ["SICEPAT12345678"]
    assert client.get(url, {"ids": str(theirs.pk)}).status_code == 404
    assert client.get(url, {"ids": "abc,-1"}).status_code == 404


@pytest.mark.django_db
def test_the_order_list_prints_the_ticked_orders_in_bulk(client, shipped):
    store_order = shipped("JP0000000001")
    more = [store_order]
    for awb in ("JP0000000002", "JP0000000003"):
        order = shipped(awb)
        order.store = store_order.store  # same seller, as the list's checkboxes send them
        order.save(update_fields=["store"])
        more.append(order)
    client.force_login(store_order.store.owner)
    page = client.get(reverse("seller:orders"), {"status": "shipped"}).content.decode()
    assert page.count('class="pick-label"') == 3 and 'id="print-selected"' in page
    response = client.get(reverse("seller:labels"), {"ids": [o.pk for o in more], "layout": "a4"})  # ids=1&ids=2&ids=3
    codes = sorted(text for fmt, text in decoded(response.content)[0] if fmt == "Code128")
    assert codes == ["JP0000000001", "JP0000000002", "JP0000000003"]


@pytest.mark.django_db
def test_a_booked_label_names_the_courier_order_and_insurance(shipped):
    import pypdfium2 as pdfium

    from niaga.shipping.models import Shipment

    order = shipped("CGK1234567890123")
    Shipment.objects.create(
        order=order,
        courier="jne",
        service="reg",
        booking_id="b1",
        awb=order.awb,
        price=14000,
        chargeable_grams=2000,
        insured_value=150_000,
        created_at=order.created_at,
    )
    order = labels_for_one(order)
    text = pdfium.PdfDocument(labels.render([order]))[0].get_textpage().get_text_range()
    assert "Asuransi: YA Rp150.000" in text
    assert "JNE Reguler" in text and order.number in text


def labels_for_one(order):
    from niaga.fulfillment import selectors

    return selectors.labels_for(order.store, [order.pk])[0]
