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
