"""The seller's pages: a PO made, ordered and received from the pages; a double-posted
receipt form receives once; Stok Menipis turns advice into a draft per supplier."""

import re

import pytest

from niaga.inventory.models import Stock
from niaga.purchasing import services
from niaga.purchasing.models import PurchaseOrder, Receipt


@pytest.fixture
def seller(client, shop):
    client.force_login(shop.owner)
    return client


def test_supplier_pages(seller, shop):
    page = seller.get("/toko-saya/pemasok/")
    assert page.status_code == 200 and "CV Sumber Rejeki" in page.content.decode()
    bad = seller.post("/toko-saya/pemasok/", {"name": "", "lead_time_days": "lama"})
    assert bad.status_code == 400 and "Isi dengan angka hari." in bad.content.decode()
    seller.post("/toko-saya/pemasok/", {"name": "UD Makmur", "lead_time_days": "4", "is_active": "on"})
    edit = seller.post(f"/toko-saya/pemasok/{shop.supplier.pk}/", {"name": "CV Sumber Rejeki Baru", "phone": "0812"})
    assert edit.status_code == 302
    shop.supplier.refresh_from_db()
    assert shop.supplier.name == "CV Sumber Rejeki Baru" and not shop.supplier.is_active


def test_a_po_made_ordered_and_received_on_the_pages(seller, shop):
    assert seller.get("/toko-saya/pembelian/baru/").status_code == 200
    wrong = seller.post(
        "/toko-saya/pembelian/baru/",
        {"supplier": shop.supplier.pk, "line-0-variant": shop.kopi.pk, "line-0-quantity": "nol", "line-0-cost": "1"},
    )
    assert wrong.status_code == 400 and not PurchaseOrder.objects.exists()
    made = seller.post(
        "/toko-saya/pembelian/baru/",
        {
            "supplier": shop.supplier.pk,
            "line-1-variant": shop.kopi.pk,
            "line-1-quantity": "12",
            "line-1-cost": "Rp 25.000",
        },
    )
    po = PurchaseOrder.objects.get()
    assert made.url == f"/toko-saya/pembelian/{po.pk}/" and po.lines.get().unit_cost == 25000
    seller.post(f"/toko-saya/pembelian/{po.pk}/", {"action": "order"})
    form = seller.get(f"/toko-saya/pembelian/{po.pk}/terima/").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', form).group(1)
    line = po.lines.get()
    posted = {"key": key, f"qty-{line.pk}": "5"}
    seller.post(f"/toko-saya/pembelian/{po.pk}/terima/", posted)
    again = seller.post(f"/toko-saya/pembelian/{po.pk}/terima/", posted)  # the double click
    assert again.status_code == 302 and Receipt.objects.count() == 1
    assert Stock.objects.get(variant=shop.kopi).on_hand == 15
    over = seller.post(f"/toko-saya/pembelian/{po.pk}/terima/", {"key": "k2", f"qty-{line.pk}": "8"})
    assert over.status_code == 400 and "terima lebih" in over.content.decode()
    page = seller.get(f"/toko-saya/pembelian/{po.pk}/").content.decode()
    assert "Diterima sebagian" in page and Receipt.objects.get().number in page


def test_stok_menipis_turns_advice_into_a_draft(seller, shop):
    # Teh sold out, never ordered: it goes to the store's first active supplier, at cost 0.
    services.set_overrides(store=shop.store, variant_id=shop.teh.pk, min_stock=4, lead_time_days=None)
    page = seller.get("/toko-saya/stok-menipis/")
    body = page.content.decode().split('id="low-stock"', 1)[1].split("</table>", 1)[0]
    assert page.status_code == 200 and "Teh Melati" in body and "Kopi Gayo" not in body and "Stok habis" in body
    assert seller.post("/toko-saya/stok-menipis/", {}).status_code == 400
    made = seller.post("/toko-saya/stok-menipis/", {"variant": [shop.teh.pk]})
    po = PurchaseOrder.objects.get()
    assert made.url == f"/toko-saya/pembelian/{po.pk}/"
    assert po.status == "draft" and po.supplier == shop.supplier
    assert list(po.lines.values_list("variant_id", "quantity")) == [(shop.teh.pk, 4)]  # the minimum, nothing sold


def test_the_seller_nav_links_the_pages(seller):
    body = seller.get("/toko-saya/").content.decode()
    for url in ("/toko-saya/stok-menipis/", "/toko-saya/pembelian/", "/toko-saya/pemasok/"):
        assert url in body


def test_the_po_as_a_pdf_for_the_supplier(seller, shop):
    import io

    import pypdfium2

    po = services.create_purchase_order(
        store=shop.store, supplier_id=shop.supplier.pk, lines=[services.LineIn(shop.kopi.pk, 12, 25000)]
    )
    answer = seller.get(f"/toko-saya/pembelian/{po.pk}/pdf/")
    assert answer["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(answer.content))
    text = pdf[0].get_textpage().get_text_range()
    assert po.number in text and "CV Sumber Rejeki" in text and "Kopi Gayo" in text
    assert "Rp300.000" in text.replace("\xa0", "")  # 12 x 25.000


def test_the_settings_form_sets_a_minimum_and_the_store_lead_time(seller, shop):
    bad = seller.post("/toko-saya/stok-menipis/", {"action": "settings", "store_lead": "seminggu"})
    assert bad.status_code == 400 and "Isi dengan angka." in bad.content.decode()
    seller.post(
        "/toko-saya/stok-menipis/",
        {"action": "settings", "store_lead": "4", "variant": shop.kopi.pk, "min_stock": "12", "lead_time_days": ""},
    )
    body = seller.get("/toko-saya/stok-menipis/").content.decode()
    assert "Stok 10 ≤ titik pesan ulang 12" in body  # kopi: 10 on hand, minimum 12


def test_stok_menipis_prints_days_of_cover_in_indonesian_even_to_an_english_browser(seller, shop):
    from .conftest import sell

    services.set_overrides(store=shop.store, variant_id=shop.kopi.pk, min_stock=9, lead_time_days=None)
    sell(shop.kopi, 3, days_ago=1)  # 0,1 a day over 30 days; 7 left: 70 days of cover
    page = seller.get("/toko-saya/stok-menipis/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "70,0 hari" in page and "0,10/hari" in page and "70.0" not in page
