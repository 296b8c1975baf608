"""Gambar by URL: a seller moving from another marketplace pastes the links of their old
pictures. The job fetches them while the sheet is checked (never the request), each through the
upload's own checks; a URL that cannot be fetched is an error on its cell and nothing changes;
local and private addresses are refused unless allowlisted; importing the same sheet again
adds nothing and fetches nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from niaga.catalog.models import Product, ProductImage
from niaga.catalog.services import add_image
from niaga.conftest import assert_no_metadata, phone_jpeg
from niaga.fulfillment.services import store_location
from niaga.imports import fetch, jobs, services
from niaga.imports.models import ImportJob

from .helpers import row, xlsx, zipped
from .pictureserver import PictureServer

_capture: Any = None
CAP = 300 * 1024


def png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, "PNG")
    return buf.getvalue()


KAOS = phone_jpeg("kaos.jpg").read()  # with GPS, camera serial and XMP


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


@pytest.fixture
def server(settings):
    settings.NIAGA_IMPORT_IMAGE_HOSTS = ["127.0.0.1"]  # the test server only; "localhost" is not
    settings.NIAGA_IMPORT_IMAGE_MAX_BYTES = CAP
    settings.NIAGA_IMPORT_IMAGE_READ_SECONDS = 0.5
    settings.NIAGA_IMPORT_IMAGE_TOTAL_SECONDS = 1.5
    pictures = {"/kaos.jpg": KAOS, "/merah.png": png((200, 30, 30)), "/biru.png": png((30, 30, 200))}
    with PictureServer(pictures, media_root=settings.MEDIA_ROOT) as running:
        yield running


@pytest.fixture
def seller(make_store, kategori):
    return make_store(name="Toko Pindahan")


@pytest.fixture
def kategori(db):
    from niaga.catalog.models import Category

    return Category.objects.get_or_create(slug="kaos-url", defaults={"name": "Kaos URL"})[0]


def product_row(sku: str, where: str, *urls: str, **cells) -> dict:
    out = row(sku, name=f"Produk {sku}", category="Kaos URL", weight=100, price=25000, stock={where: 5}, **cells)
    for i, url in enumerate(urls, start=1):
        out[f"Gambar {i}"] = url
    return out


def sheet(store, *rows: dict):
    return xlsx(list(rows), locations=[store_location(store=store).name])


def run(store, file, images=None) -> ImportJob:
    """Upload, let the queued job check it, and apply what checked out (the seller's Terapkan)."""
    with _capture(execute=True):
        job = services.start(store=store, user=store.owner, file=file, images=images)
    job.refresh_from_db()
    if job.status == ImportJob.Status.READY:
        with _capture(execute=True):
            services.request_apply(job=job)
        job.refresh_from_db()
    return job


def errors(job: ImportJob) -> dict[tuple[int, str], str]:
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


def test_a_picture_by_url_is_fetched_by_the_job_and_stored_clean(server, seller):
    where = store_location(store=seller).name
    url = f"{server.url}/kaos.jpg"
    with _capture(execute=False) as queued:
        job = services.start(store=seller, user=seller.owner, file=sheet(seller, product_row("K-1", where, url)))
    assert job.status == ImportJob.Status.VALIDATING and server.hits[("/kaos.jpg")] == 0  # not in the request
    assert queued, "the job is queued after commit"
    with _capture(execute=True):
        for callback in queued:
            callback()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.images_total, job.images_done, server.hits["/kaos.jpg"]) == (1, 1, 1)
    with _capture(execute=True):
        services.request_apply(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert server.hits["/kaos.jpg"] == 1  # apply used what the check fetched
    image = Product.objects.get(store=seller, name="Produk K-1").images.get()
    assert image.source == url and len(image.source_sha256) == 64
    with image.image.open("rb") as stored:
        assert_no_metadata(stored.read(), upright=(900, 1200))  # GPS and camera gone, turned upright


# path (or a whole URL; {url} is the server) → what the seller reads on the cell
REFUSED = [
    ("/hilang.jpg", "tidak bisa diambil (tidak ditemukan (HTTP 404))"),
    ("/lambat.jpg", "tidak bisa diambil (waktu habis)"),
    ("/menetes.jpg", "tidak bisa diambil (waktu habis)"),
    ("/besar.jpg", "tidak bisa diambil (lebih dari 0,3 MB)"),
    ("/halaman.html", "tidak bisa diambil (bukan gambar (jenis isi: text/html))"),
    ("/rusak.jpg", "ditolak: File bukan gambar"),
    ("/ke-lokal.jpg", "tidak bisa diambil (alamat jaringan lokal atau privat tidak diizinkan)"),
    ("/ke-metadata.jpg", "tidak bisa diambil (alamat jaringan lokal atau privat tidak diizinkan)"),
    ("/putar.jpg", "tidak bisa diambil (terlalu banyak pengalihan (maks. 3))"),
    ("file:///etc/passwd", "ditolak: hanya URL http:// atau https:// yang didukung"),
    ("ftp://127.0.0.1/kaos.jpg", "ditolak: hanya URL http:// atau https:// yang didukung"),
    ("http://penjual:rahasia@{host}/kaos.jpg", "ditolak: URL tidak boleh memuat nama pengguna atau kata sandi"),
    ("http://169.254.169.254/latest/meta-data/", "tidak bisa diambil (alamat jaringan lokal atau privat"),
    ("http://[::1]:{port}/kaos.jpg", "tidak bisa diambil (alamat jaringan lokal atau privat"),
    ("http://nama-yang-tidak-ada.invalid/kaos.jpg", "tidak bisa diambil (nama host tidak dikenal)"),
]


def _address(server, spec: str) -> str:
    if spec.startswith("/"):
        return server.url + spec
    return spec.format(host=f"127.0.0.1:{server.port}", port=server.port)


def test_each_failed_fetch_is_an_error_on_its_cell_and_nothing_is_written(server, seller):
    where = store_location(store=seller).name
    rows = [product_row("OK-1", where, f"{server.url}/kaos.jpg")]  # good on its own: refused with the rest
    rows += [product_row(f"X-{i}", where, _address(server, spec)) for i, (spec, _) in enumerate(REFUSED)]
    job = run(seller, sheet(seller, *rows))
    assert job.status == ImportJob.Status.INVALID
    found = errors(job)
    for i, (spec, message) in enumerate(REFUSED):
        got = found.get((3 + i, "Gambar 1"), "")
        assert message in got, (spec, got)
        assert got.startswith("Gambar dari URL "), got
    assert len(found) == len(REFUSED)
    assert not Product.objects.filter(store=seller).exists()
    assert not ProductImage.objects.filter(product__store=seller).exists()
    assert server.sent["/besar.jpg"] < 50 * 1024 * 1024  # the body was cut off at the cap, not read whole
    assert server.hits["/kaos.jpg"] == 1  # and never through "localhost"


def test_local_addresses_are_refused_unless_the_host_is_allowlisted(server, seller, settings):
    settings.NIAGA_IMPORT_IMAGE_HOSTS = []
    where = store_location(store=seller).name
    job = run(seller, sheet(seller, product_row("K-1", where, f"{server.url}/kaos.jpg")))
    assert job.status == ImportJob.Status.INVALID
    assert "alamat jaringan lokal atau privat tidak diizinkan" in errors(job)[(2, "Gambar 1")]
    assert server.hits["/kaos.jpg"] == 0  # refused before connecting


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # loopback dressed as IPv6
        ("::ffff:10.0.0.1", False),
    ],
)
def test_which_addresses_count_as_public(address, public):
    assert fetch.public(address) is public


def test_a_name_that_resolves_elsewhere_on_connecting_is_refused_at_the_socket(server, monkeypatch):
    """DNS rebinding: the check saw a public address, the connection reached loopback."""
    monkeypatch.setattr(fetch, "_addresses", lambda host, port: ["93.184.216.34"])
    with pytest.raises(fetch.Refused, match="lokal atau privat"):
        fetch.get(f"http://localhost:{server.port}/kaos.jpg")
    assert server.hits["/kaos.jpg"] == 0


def test_a_redirect_within_the_allowlisted_host_is_followed(server):
    got = fetch.get(f"{server.url}/pindah.jpg")
    assert got.data == KAOS and got.url.endswith("/kaos.jpg")


@pytest.mark.parametrize(
    "cell, is_url",
    [
        ("kaos.jpg", False),
        ("C:\\foto\\kaos.jpg", False),
        ("kaos:merah.jpg", False),
        ("https://cdn.contoh.id/a.jpg", True),
        ("HTTP://CDN.CONTOH.ID/A.JPG", True),
        ("file:///etc/passwd", True),
        ("data:image/png;base64,AAAA", True),
        ("//cdn.contoh.id/a.jpg", False),
    ],
)
def test_which_cells_name_a_url(cell, is_url):
    assert fetch.looks_like_url(cell) is is_url


def test_the_same_url_twice_is_fetched_once_and_importing_again_adds_and_fetches_nothing(server, seller):
    where = store_location(store=seller).name
    kaos, merah = f"{server.url}/kaos.jpg", f"{server.url}/merah.png"
    rows = [
        product_row("A-1", where, kaos, merah, kaos),  # twice in one row: one picture
        product_row("B-1", where, merah),  # another product, the same URL: its own picture, not a new fetch
    ]
    job = run(seller, sheet(seller, *rows))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (server.hits["/kaos.jpg"], server.hits["/merah.png"]) == (1, 1)
    a = Product.objects.get(store=seller, name="Produk A-1")
    assert [i.source for i in a.images.all()] == [kaos, merah]
    assert Product.objects.get(store=seller, name="Produk B-1").images.count() == 1

    again = run(seller, sheet(seller, *rows))
    assert again.status == ImportJob.Status.DONE, again.errors
    assert again.updated_products == 0 and again.images_total == 0
    assert (server.hits["/kaos.jpg"], server.hits["/merah.png"]) == (1, 1)  # nothing fetched again
    assert ProductImage.objects.filter(product__store=seller).count() == 3

    # A picture added to the sheet later is added; the ones already there are not.
    rows[1] = product_row("B-1", where, merah, f"{server.url}/biru.png")
    third = run(seller, sheet(seller, *rows))
    assert third.status == ImportJob.Status.DONE, third.errors
    assert third.updated_products == 1
    assert [i.source for i in Product.objects.get(name="Produk B-1").images.all()] == [merah, f"{server.url}/biru.png"]


def test_the_same_bytes_under_another_name_or_address_are_not_added_twice(server, seller):
    where = store_location(store=seller).name
    job = run(seller, sheet(seller, product_row("Z-1", where, "kaos.jpg")), images=zipped({"kaos.jpg": KAOS}))
    assert job.status == ImportJob.Status.DONE, job.errors
    renamed = run(
        seller,
        sheet(seller, product_row("Z-1", where, "kaos-baru.jpg", f"{server.url}/kaos.jpg")),
        images=zipped({"kaos-baru.jpg": KAOS}),
    )
    assert renamed.status == ImportJob.Status.DONE, renamed.errors
    image = Product.objects.get(store=seller, name="Produk Z-1").images.get()
    assert image.source == "kaos.jpg"


def test_pictures_chosen_by_hand_are_left_alone_and_not_fetched(server, seller, make_product):
    product = make_product(seller, name="Dipilih Sendiri", price=9000, stock=1)  # its picture uploaded by hand
    product.variants.update(sku="HAND-1")
    job = run(seller, sheet(seller, {**row("HAND-1"), "Gambar 1": f"{server.url}/kaos.jpg"}))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert [i.source for i in product.images.all()] == [""] and server.hits["/kaos.jpg"] == 0


def test_more_pictures_than_the_catalogue_allows_is_an_error(server, seller, make_product):
    colours = [(i * 30, 10, 10) for i in range(8)]
    product = make_product(seller, name="Penuh", price=9000, stock=1)
    product.variants.update(sku="FULL-1")
    product.images.all().delete()  # make_product's picture was chosen by hand: these seven were imported
    for c in colours[:7]:
        add_image(product=product, upload=SimpleUploadedFile("a.png", png(c)), source="x", source_sha256=f"{c}")
    job = run(
        seller,
        sheet(
            seller,
            {**row("FULL-1"), "Gambar 1": f"{server.url}/merah.png", "Gambar 2": f"{server.url}/biru.png"},
        ),
    )
    assert job.status == ImportJob.Status.INVALID
    assert "maks. 8" in errors(job)[(2, "Gambar")]
    assert product.images.count() == 7


def test_progress_moves_while_pictures_are_fetched(server, seller, monkeypatch) -> None:
    where = store_location(store=seller).name
    seen: list[tuple[int, int | None]] = []
    real = jobs._progress

    def spy(job_id, percent, **fields):
        seen.append((percent, fields.get("images_done")))
        real(job_id, percent, **fields)

    monkeypatch.setattr(jobs, "_progress", spy)
    urls = [f"{server.url}/kaos.jpg", f"{server.url}/merah.png", f"{server.url}/biru.png", f"{server.url}/pindah.jpg"]
    job = run(seller, sheet(seller, *(product_row(f"P-{i}", where, u) for i, u in enumerate(urls))))
    assert job.status == ImportJob.Status.DONE, job.errors
    fetching = [(p, d) for p, d in seen if d is not None]
    assert [d for _, d in fetching] == [1, 2, 3, 4]
    percents = [p for p, _ in fetching]
    assert percents == sorted(percents) and 50 <= percents[0] < percents[-1] <= 99


def test_an_export_imported_into_another_store_brings_its_pictures(server, seller, make_store, settings):
    """The export writes each picture's absolute address; another store's import fetches it.
    Imported again into the store it came from, it adds nothing and fetches nothing."""
    settings.NIAGA_PUBLIC_URL = server.url  # where this site serves its media, as buyers reach it
    where = store_location(store=seller).name
    job = run(seller, sheet(seller, product_row("E-1", where, f"{server.url}/kaos.jpg", f"{server.url}/merah.png")))
    assert job.status == ImportJob.Status.DONE, job.errors
    client = Client()
    client.force_login(seller.owner)
    exported = client.get("/toko-saya/produk/ekspor/")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1]
    links = [body[header.index(f"Gambar {i}")] for i in (1, 2)]
    assert all(str(link).startswith(f"{server.url}/media/products/") for link in links), links

    # Another store imports it as a seller would: its own warehouse's column, no variant ids.
    other = make_store(name="Toko Cabang")
    book = load_workbook(io.BytesIO(exported.content))
    sheet_ = book["Produk"]
    for cell in sheet_[1]:
        if str(cell.value).startswith("Stok - "):
            cell.value = f"Stok - {store_location(store=other).name}"
        if cell.value == "ID Varian":
            id_column = cell.column
    for r in range(2, sheet_.max_row + 1):
        sheet_.cell(row=r, column=id_column).value = None  # its variant ids are the other store's
    buf = io.BytesIO()
    book.save(buf)
    theirs = run(other, SimpleUploadedFile("ekspor.xlsx", buf.getvalue()))
    assert theirs.status == ImportJob.Status.DONE, theirs.errors
    copied = Product.objects.get(store=other).images.all()
    assert [i.source for i in copied] == links
    mine = Product.objects.get(store=seller).images.all()
    assert [i.width for i in copied] == [i.width for i in mine]

    hits = sum(server.hits.values())
    home = run(seller, SimpleUploadedFile("ekspor.xlsx", exported.content))
    assert home.status == ImportJob.Status.DONE, home.errors
    assert Product.objects.get(store=seller).images.count() == 2 and sum(server.hits.values()) == hits
