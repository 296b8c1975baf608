"""Impor dan ekspor katalog lewat spreadsheet, in the API (the seller's own store only;
writes need the token scope `products`: accounts/scopes.py matches /seller/products-imports)."""

import datetime as dt

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from niaga.core import tables
from niaga.core.errors import DomainError
from niaga.core.schemas import ERRORS
from niaga.fulfillment import services as fulfillment
from niaga.stores import selectors as stores

from . import selectors, services, workbooks

router = Router(tags=["imports"])


class ImportError_(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    id: int
    status: str
    status_label: str
    original_name: str
    rows: int
    progress: int
    new_products: int
    updated_products: int
    new_variants: int
    updated_variants: int
    error_count: int
    images_total: int  # pictures named by URL, fetched while the sheet is checked
    images_done: int
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(job) -> str:
        return job.get_status_display()


class ImportErrors(Schema):
    id: int
    status: str
    errors: list[ImportError_]


@router.get("/seller/products-imports/template", response={200: None, **ERRORS}, summary="The XLSX import template")
def template(request):
    store = stores.my_store(request.user)
    response = HttpResponse(workbooks.template(list(services.store_locations(store))), content_type=tables.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="template-impor-produk.xlsx"'
    return response


@router.get("/seller/products-export", response={200: None, **ERRORS}, summary="The store's catalogue as XLSX or CSV")
def export(request, format: str = "xlsx"):
    store = stores.my_store(request.user)
    sheet = workbooks.export_sheet(store, services.store_locations(store), fulfillment.store_location(store=store).pk)
    if format == "csv":
        return tables.csv_response(sheet, filename=f"produk-{store.slug}.csv")
    response = HttpResponse(tables.xlsx_bytes([sheet]), content_type=tables.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="produk-{store.slug}.xlsx"'
    return response


@router.post("/seller/products-imports", response={201: ImportOut, **ERRORS}, summary="Upload a sheet (and a ZIP)")
def start(request, file: File[UploadedFile], images: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    """`images`: at most one ZIP of the sheet's pictures (a list, as the reviews' photos: an
    optional file part Ninja reads only in this shape)."""
    if images and len(images) > 1:
        raise DomainError("Unggah satu berkas ZIP gambar.", code="invalid_file", fields={"images": "Satu berkas ZIP."})
    store = stores.my_store(request.user)
    zipped = images[0] if images else None
    return Status(201, services.start(store=store, user=request.user, file=file, images=zipped))


@router.get("/seller/products-imports", response={200: list[ImportOut], **ERRORS})
def list_imports(request):
    return list(selectors.store_imports(stores.my_store(request.user))[:50])


@router.get("/seller/products-imports/{import_id}", response={200: ImportOut, **ERRORS})
def status(request, import_id: int):
    return selectors.store_import(stores.my_store(request.user), import_id)


@router.get("/seller/products-imports/{import_id}/errors", response={200: ImportErrors, **ERRORS})
def errors(request, import_id: int):
    return selectors.store_import(stores.my_store(request.user), import_id)


@router.post("/seller/products-imports/{import_id}/apply", response={202: ImportOut, **ERRORS})
def apply(request, import_id: int):
    job = selectors.store_import(stores.my_store(request.user), import_id)
    return Status(202, services.request_apply(job=job))
