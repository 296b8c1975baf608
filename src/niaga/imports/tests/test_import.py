"""Upload Massal: a sheet is checked whole, refused whole with every error named by row and
column, or applied whole; applying the same sheet twice changes nothing more."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from niaga.catalog.models import Category, Product, Variant
from niaga.conftest import assert_no_metadata, phone_jpeg
from niaga.fulfillment.services import store_location
from niaga.imports import services
from niaga.imports.models import ImportJob
from niaga.inventory.models import Stock

from .helpers import row, xlsx, zipped

_capture: Any = None


@pytest.fixture
def seller(make_store):
    store = make_store(name="Toko Impor")
    return store


@pytest.fixture
def where(seller):
    return store_location(store=seller).name


@pytest.fixture
def kaos(db):
    parent = Category.objects.get_or_create(slug="fashion-uji", defaults={"name": "Fashion Uji"})[0]
    return Category.objects.get_or_create(slug="kaos-uji", defaults={"name": "Kaos Uji", "parent": parent})[0]


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """Jobs are queued after commit; here each call's commit callbacks run as it returns."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def run(store, file, images=None) -> ImportJob:
    """Upload, then apply what checked out, as the seller pressing "Terapkan" would."""
    with _capture(execute=True):
        job = services.start(store=store, user=store.owner, file=file, images=images)
    if job.status == ImportJob.Status.READY:
        with _capture(execute=True):
            services.request_apply(job=job)
        job.refresh_from_db()
    return job


def good_rows(where, kaos, price=59000, units=10):
    return [
        row(
            "KAOS-M",
            key="KAOS",
            name="Kaos Polos",
            category="Fashion Uji > Kaos Uji",
            weight=200,
            price=price,
            variant_name="M",
            condition="Baru",
            stock={where: units},
        ),
        row("KAOS-L", key="KAOS", price=price + 2000, variant_name="L", stock={where: units + 1}),
        row(
            "TOPI-1",
            name="Topi Rimba",
            category="kaos-uji",
            weight=150,
            price=45000,
            stock={where: 3},
            description="Topi lapangan.",
        ),
    ]


def test_a_sheet_with_mistakes_is_refused_whole_with_every_error_by_row_and_column(seller, where, kaos, make_product):
    before = make_product(seller, name="Sudah Ada", price=7000, stock=4)
    Variant.objects.filter(product=before).update(sku="ADA-1")
    sheet = xlsx(
        [
            row("A-1", name="Harga Salah", category="Kaos Uji", weight=100, price="15.000", stock={where: 1}),  # row 2
            row("A-2", name="Kategori Asing", category="Elektronik Mars", weight=100, price=1000),  # row 3
            row("A-3", name="Ganda", category="Kaos Uji", weight=100, price=1000),  # row 4
            row("A-3", key="A-3b", name="Ganda Lagi", category="Kaos Uji", weight=100, price=1000),  # row 5
            row("A-4", name="Stok Minus", category="Kaos Uji", weight=100, price=1000, stock={where: -5}),  # row 6
            row("A-5", category="Kaos Uji", weight=100, price=1000),  # row 7: no name
            row("ADA-1", price=9000, stock={where: 99}),  # row 8: a good update, refused with the rest
        ],
        locations=[where, "Gudang Hantu"],
    )
    job = run(seller, sheet)
    assert job.status == ImportJob.Status.INVALID
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "Gudang Hantu" in found[(1, "Stok - Gudang Hantu")]
    # A header error stops the check before rows: the same sheet with only the seller's columns
    sheet = xlsx(
        [
            row("A-1", name="Harga Salah", category="Kaos Uji", weight=100, price="15.000", stock={where: 1}),
            row("A-2", name="Kategori Asing", category="Elektronik Mars", weight=100, price=1000),
            row("A-3", name="Ganda", category="Kaos Uji", weight=100, price=1000),
            row("A-3", key="A-3b", name="Ganda Lagi", category="Kaos Uji", weight=100, price=1000),
            row("A-4", name="Stok Minus", category="Kaos Uji", weight=100, price=1000, stock={where: -5}),
            row("A-5", category="Kaos Uji", weight=100, price=1000),
            row("ADA-1", price=9000, stock={where: 99}),
        ],
        locations=[where],
    )
    job = run(seller, sheet)
    assert job.status == ImportJob.Status.INVALID
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert set(found) == {
        (2, "Harga (Rp)"),
        (3, "Kategori"),
        (5, "SKU Varian"),
        (6, f"Stok - {where}"),
        (7, "Nama Produk"),
    }
    assert "angka bulat" in found[(2, "Harga (Rp)")]
    assert "Elektronik Mars" in found[(3, "Kategori")]
    assert "baris 4" in found[(5, "SKU Varian")]
    assert "minimal 0" in found[(6, f"Stok - {where}")]
    assert "wajib" in found[(7, "Nama Produk")]
    # Nothing changed: no product made, the existing one's price and stock as they were.
    assert list(Product.objects.filter(store=seller)) == [before]
    before.refresh_from_db()
    assert before.price == 7000
    assert Stock.objects.get(variant__product=before).available == 4
    # The error report carries every error.
    from django.test import Client

    client = Client()
    client.force_login(seller.owner)
    report = client.get(f"/toko-saya/produk/impor/{job.pk}/galat/")
    assert report.status_code == 200
    cells = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert cells[0] == ("Baris", "Kolom", "Pesan") and len(cells) == 1 + 5
    page = client.get(f"/toko-saya/produk/impor/{job.pk}/")
    assert "Baris" in page.content.decode() and "Elektronik Mars" in page.content.decode()


def test_a_valid_sheet_applies_and_reimporting_it_changes_nothing_more(seller, where, kaos):
    job = run(seller, xlsx(good_rows(where, kaos), locations=[where]))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.new_products, job.new_variants) == (2, 3)
    kaos_product = Product.objects.get(store=seller, name="Kaos Polos")
    assert kaos_product.category == kaos and kaos_product.price == 59000 and kaos_product.weight_grams == 200
    variants = {v.sku: v for v in kaos_product.variants.all()}
    assert variants["KAOS-M"].unit_price == 59000 and variants["KAOS-L"].unit_price == 61000
    assert variants["KAOS-M"].name == "M"
    assert Stock.objects.get(variant=variants["KAOS-L"]).available == 11
    # The opening stock is history too: levels and IMPORTED movements add up to each variant's stock.
    for stock in Stock.objects.filter(variant__product__store=seller):
        assert sum(lv.on_hand for lv in stock.levels.all()) == stock.on_hand
        moved = stock.movements.all()
        assert {m.reason for m in moved} <= {"imported"} and sum(m.on_hand_change for m in moved) == stock.on_hand
    topi = Product.objects.get(store=seller, name="Topi Rimba")
    assert topi.description == "Topi lapangan." and topi.variants.get().name == ""

    again = run(seller, xlsx(good_rows(where, kaos), locations=[where]))
    assert again.status == ImportJob.Status.DONE
    assert (again.new_products, again.updated_products, again.new_variants) == (0, 0, 0)
    assert Product.objects.filter(store=seller).count() == 2
    assert Variant.objects.filter(product__store=seller).count() == 3
    assert Stock.objects.get(variant=variants["KAOS-L"]).available == 11  # set, not added


def test_existing_skus_get_the_new_price_and_stock_and_empty_cells_leave_fields(seller, where, make_product):
    product = make_product(seller, name="Buku Lama", price=5000, stock=2)
    variant = product.variants.get()
    Variant.objects.filter(pk=variant.pk).update(sku="BUKU-1")
    job = run(seller, xlsx([row("BUKU-1", price=6500, stock={where: 40})], locations=[where]))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.updated_products == 1 and job.new_products == 0
    product.refresh_from_db()
    assert (product.price, product.name, product.weight_grams) == (6500, "Buku Lama", 200)
    assert Stock.objects.get(variant=variant).available == 40


def test_export_then_import_is_the_same_catalogue(seller, where, kaos):
    run(seller, xlsx(good_rows(where, kaos), locations=[where]))
    from django.test import Client

    client = Client()
    client.force_login(seller.owner)
    exported = client.get("/toko-saya/produk/ekspor/")
    assert exported.status_code == 200
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert len(body) == 3
    got = {r[header.index("SKU Varian")]: dict(zip(header, r, strict=True)) for r in body}
    assert got["KAOS-L"]["Harga (Rp)"] == 61000 and got["KAOS-L"][f"Stok - {where}"] == 11
    assert got["TOPI-1"]["Kategori"] == "Fashion Uji > Kaos Uji"

    def snapshot():
        return sorted(
            (
                v.sku,
                v.name,
                v.unit_price,
                v.product.name,
                v.product.category_id,
                v.product.weight_grams,
                v.product.description,
                v.product.condition,
                v.stock.available,
            )
            for v in Variant.objects.filter(product__store=seller).select_related("product", "stock")
        )

    before = snapshot()
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = run(seller, SimpleUploadedFile("ekspor.xlsx", exported.content))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.new_products, job.updated_products) == (0, 0)
    assert snapshot() == before
    # and as CSV too
    csv_file = client.get("/toko-saya/produk/ekspor/?format=csv")
    job = run(seller, SimpleUploadedFile("ekspor.csv", b"".join(csv_file.streaming_content)))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert snapshot() == before


def test_images_from_the_zip_are_stored_without_their_metadata(seller, where, kaos):
    photo = phone_jpeg("kaos.jpg").read()
    sheet = xlsx(
        [row("FOTO-1", name="Kaos Foto", category="Kaos Uji", weight=100, price=1000, stock={where: 1}, **{})],
        locations=[where],
    )
    from niaga.imports import columns

    book = load_workbook(io.BytesIO(sheet.read()))
    ws = book["Produk"]
    ws.cell(row=2, column=columns.headers([where]).index("Gambar 1") + 1, value="kaos.jpg")
    buf = io.BytesIO()
    book.save(buf)
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = run(seller, SimpleUploadedFile("foto.xlsx", buf.getvalue()), images=zipped({"foto/kaos.jpg": photo}))
    assert job.status == ImportJob.Status.DONE, job.errors
    image = Product.objects.get(store=seller, name="Kaos Foto").images.get()
    with image.image.open("rb") as stored:
        assert_no_metadata(stored.read(), upright=(900, 1200))


def test_a_zip_that_would_write_outside_or_explode_is_refused(seller):
    from niaga.core.errors import DomainError
    from niaga.imports import reader

    sneaky = reader.Images(zipped({"../../etc/x.jpg": b"a"}))
    assert sneaky.has("x.jpg") and not sneaky.has("../../etc/x.jpg")  # read by base name, never extracted
    big = zipped({"besar.jpg": b"\0" * (reader.MAX_IMAGE_BYTES + 10)})
    with pytest.raises(DomainError):
        reader.Images(big).read("besar.jpg")


def test_an_unknown_condition_is_named_in_the_sheets_own_words(seller, where, kaos):
    """The sheet says Baru/Bekas; the error must not send the seller to the catalogue's codes."""
    job = run(
        seller,
        xlsx(
            [row("K-1", name="Kaos Rusak", category="Kaos Uji", weight=100, price=1000, condition="Rusak")],
            locations=[where],
        ),
    )
    assert job.status == ImportJob.Status.INVALID
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert set(found) == {(2, "Kondisi")}
    assert "Baru atau Bekas" in found[(2, "Kondisi")] and "'new'" not in found[(2, "Kondisi")]
