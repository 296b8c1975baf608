"""Toko Saya's stock pages: the history with its filters and CSV export, stock per location,
a transfer and a stock count — each showing only the seller's own store."""

import csv
import io

import pytest
from django.urls import reverse

from niaga.inventory import locations
from niaga.inventory.models import Stock, StockCount, StockMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(client, make_store, make_product):
    store = make_store()
    book = make_product(store, name="Buku Tulis", stock=6).variants.get()
    client.force_login(store.owner)
    return store, book


def test_the_history_lists_the_stores_movements_and_exports_them(client, shop, make_store, make_product):
    store, book = shop
    make_product(make_store(), name="Barang Toko Lain", stock=3)
    page = client.get(reverse("seller:stock"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Buku Tulis" in body and "Stok awal" in body and "Barang Toko Lain" not in body
    filtered = client.get(reverse("seller:stock"), {"alasan": "sold"}).content.decode()
    assert "Belum ada mutasi stok dengan filter ini" in filtered
    export = client.get(reverse("seller:stock_csv"), {"alasan": "opening"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Waktu", "Produk"] and len(rows) == 2
    assert rows[1][1] == "Buku Tulis" and rows[1][6] == "6"


def test_stock_per_location_and_a_transfer_refused_then_made(client, shop, make_store):
    store, book = shop
    from niaga.fulfillment.models import Location

    far = Location.objects.create(
        name="Gudang Cabang",
        store=store,
        regency_code=store.city_code,
        regency_name=store.city_name,
        province_code=store.province_code,
        province_name=store.province_name,
    )
    here = locations.default_for_store(store.pk)
    refused = client.post(
        reverse("seller:stock_transfer"), {"source_id": here, "destination_id": far.pk, f"qty_{book.pk}": 9}
    )
    assert refused.status_code == 409 and "Maks. 6" in refused.content.decode()
    made = client.post(
        reverse("seller:stock_transfer"), {"source_id": here, "destination_id": far.pk, f"qty_{book.pk}": 2}
    )
    assert made.status_code == 302
    levels = client.get(reverse("seller:stock_levels")).content.decode()
    assert "Gudang Cabang" in levels
    assert StockMovement.objects.filter(reason="transfer_in", location=far).count() == 1


def test_a_stock_count_through_the_page(client, shop, make_store):
    store, book = shop
    started = client.post(reverse("seller:stock_counts"), {"location_id": locations.default_for_store(store.pk)})
    count = StockCount.objects.get(store=store)
    assert started.url == reverse("seller:stock_count", args=[count.pk])
    stock_id = Stock.objects.get(variant=book).pk
    no_reason = client.post(started.url, {f"counted_{stock_id}": "4", "action": "confirm"})
    assert no_reason.status_code == 400 and "Pilih alasan selisih" in no_reason.content.decode()
    done = client.post(started.url, {f"counted_{stock_id}": "4", f"why_{stock_id}": "rusak", "action": "confirm"})
    assert done.status_code == 302
    assert Stock.objects.get(variant=book).on_hand == 4
    assert StockMovement.objects.get(reason="counted").note == "Rusak"
    client.force_login(make_store().owner)
    assert client.get(started.url).status_code == 404
