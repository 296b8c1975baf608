"""The import API: a seller's own store only, writes under the token scope `products`."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from niaga.accounts.services import issue_token
from niaga.catalog.models import Category, Product
from niaga.fulfillment.services import store_location
from niaga.imports.models import ImportJob

from .helpers import row, xlsx


@pytest.fixture
def shop(make_store, db):
    store = make_store(name="Toko API")
    Category.objects.get_or_create(slug="alat-uji", defaults={"name": "Alat Uji"})
    return store


def bearer(user, scopes=("read", "products")) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, name='uji', scopes=list(scopes))}"}


def test_upload_preview_apply_and_status_through_the_api(client, shop, django_capture_on_commit_callbacks):
    auth = bearer(shop.owner)
    where = store_location(store=shop).name
    template = client.get("/api/v1/seller/products-imports/template", **auth)
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    assert book.sheetnames == ["Produk", "Petunjuk", "Kategori"]
    assert f"Stok - {where}" in [c.value for c in book["Produk"][1]]
    assert "Alat Uji" in [r[0] for r in book["Kategori"].iter_rows(values_only=True)]
    assert book["Produk"].data_validations.dataValidation  # the drop-downs

    sheet = xlsx(
        [row("OBENG-1", name="Obeng", category="Alat Uji", weight=120, price=25000, stock={where: 7})],
        locations=[where],
    )
    made = client.post("/api/v1/seller/products-imports", {"file": sheet}, **auth)
    assert made.status_code == 201, made.content
    job = made.json()
    assert (job["status"], job["new_products"], job["error_count"]) == ("ready", 1, 0)
    assert not Product.objects.filter(store=shop).exists()  # a preview changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/api/v1/seller/products-imports/{job['id']}/apply", **auth)
    assert applied.status_code == 202
    status = client.get(f"/api/v1/seller/products-imports/{job['id']}", **auth).json()
    assert status["status"] == "done"
    assert Product.objects.get(store=shop).name == "Obeng"
    exported = client.get("/api/v1/seller/products-export?format=csv", **auth)
    assert b"OBENG-1" in b"".join(exported.streaming_content)


def test_a_bad_sheet_reports_its_errors_and_cannot_be_applied(client, shop):
    auth = bearer(shop.owner)
    where = store_location(store=shop).name
    sheet = xlsx([row("X-1", name="", category="Alat Uji", weight=0, price=-5)], locations=[where])
    job = client.post("/api/v1/seller/products-imports", {"file": sheet}, **auth).json()
    assert job["status"] == "invalid"
    errors = client.get(f"/api/v1/seller/products-imports/{job['id']}/errors", **auth).json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {(2, "Harga (Rp)")}
    refused = client.post(f"/api/v1/seller/products-imports/{job['id']}/apply", **auth)
    assert refused.status_code == 409


def test_a_token_without_products_may_not_import_and_a_stranger_gets_404(client, shop, make_store, make_user):
    where = store_location(store=shop).name
    sheet = xlsx([row("Y-1", name="Palu", category="Alat Uji", weight=500, price=40000)], locations=[where])
    refused = client.post("/api/v1/seller/products-imports", {"file": sheet}, **bearer(shop.owner, scopes=("read",)))
    assert refused.status_code == 403
    sheet.seek(0)
    job = client.post("/api/v1/seller/products-imports", {"file": sheet}, **bearer(shop.owner)).json()
    other = make_store(name="Toko Lain")
    stranger = bearer(other.owner)
    for path in (f"/api/v1/seller/products-imports/{job['id']}", f"/api/v1/seller/products-imports/{job['id']}/errors"):
        assert client.get(path, **stranger).status_code == 404
    assert client.post(f"/api/v1/seller/products-imports/{job['id']}/apply", **stranger).status_code == 404
    client.force_login(other.owner)
    for page in (f"/toko-saya/produk/impor/{job['id']}/", f"/toko-saya/produk/impor/{job['id']}/galat/"):
        assert client.get(page).status_code == 404
    assert client.post(f"/toko-saya/produk/impor/{job['id']}/terapkan/").status_code == 404
    assert ImportJob.objects.get(pk=job["id"]).status == "ready"


def test_files_that_are_not_sheets_are_refused_with_a_field_message(client, shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    auth = bearer(shop.owner)
    bad = client.post("/api/v1/seller/products-imports", {"file": SimpleUploadedFile("x.exe", b"MZ")}, **auth)
    assert bad.status_code == 400 and "file" in bad.json()["fields"]
    broken = client.post(
        "/api/v1/seller/products-imports", {"file": SimpleUploadedFile("x.xlsx", b"bukan zip")}, **auth
    )
    assert broken.status_code == 201 and broken.json()["status"] == "invalid"
    zipbad = client.post(
        "/api/v1/seller/products-imports",
        {"file": SimpleUploadedFile("x.csv", b"SKU Induk,SKU Varian\n"), "images": SimpleUploadedFile("g.zip", b"no")},
        **auth,
    )
    assert zipbad.status_code == 400 and "images" in zipbad.json()["fields"]


def test_the_import_page_uploads_and_shows_the_preview(client, shop):
    where = store_location(store=shop).name
    client.force_login(shop.owner)
    page = client.get("/toko-saya/produk/impor/")
    assert page.status_code == 200 and "Unduh Template" in page.content.decode()
    sheet = xlsx([row("Z-1", name="Tang", category="Alat Uji", weight=300, price=30000)], locations=[where])
    answer = client.post("/toko-saya/produk/impor/", {"file": sheet})
    assert answer.status_code == 302
    preview = client.get(answer["Location"]).content.decode()
    assert "1 produk baru, 0 diperbarui, 0 galat — Terapkan?" in preview
    assert client.post("/toko-saya/produk/impor/", {}).status_code == 400
