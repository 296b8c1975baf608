"""Toko Saya › Produk › Impor/Ekspor Massal: the template, the upload, the preview and its
application, the error report, and the catalogue export."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from niaga.core import tables
from niaga.core.errors import DomainError
from niaga.core.pages import or_404
from niaga.fulfillment import services as fulfillment
from niaga.stores.decorators import store_required

from . import selectors, services, workbooks
from .models import ImportStatus

PAGE = "imports/home.html"
RUNNING = (ImportStatus.VALIDATING, ImportStatus.APPLYING)


def _home(request, store, *, error: str = "", errors: dict | None = None, status: int = 200):
    context = {
        "store": store,
        "jobs": selectors.store_imports(store)[:10],
        "locations": list(services.store_locations(store)),
        "error": error,
        "errors": errors or {},
    }
    return render(request, PAGE, context, status=status)


@store_required
@require_http_methods(["GET", "POST"])
def home(request, store):
    if request.method == "GET":
        return _home(request, store)
    upload = request.FILES.get("file")
    if upload is None:
        return _home(request, store, error="Pilih berkas XLSX atau CSV.", errors={"file": "Wajib."}, status=400)
    try:
        job = services.start(store=store, user=request.user, file=upload, images=request.FILES.get("images"))
    except DomainError as refused:
        return _home(request, store, error=refused.message, errors=refused.fields, status=refused.status)
    return redirect("imports:detail", import_id=job.pk)


@store_required
@require_GET
def template(request, store):
    response = HttpResponse(workbooks.template(list(services.store_locations(store))), content_type=tables.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="template-impor-produk.xlsx"'
    return response


@store_required
@require_GET
def export(request, store):
    sheet = workbooks.export_sheet(store, services.store_locations(store), fulfillment.store_location(store=store).pk)
    if request.GET.get("format") == "csv":
        return tables.csv_response(sheet, filename=f"produk-{store.slug}.csv")
    response = HttpResponse(tables.xlsx_bytes([sheet]), content_type=tables.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="produk-{store.slug}.xlsx"'
    return response


@store_required
@require_GET
def detail(request, store, import_id: int):
    job = or_404(selectors.store_import, store, import_id)
    return render(
        request,
        "imports/detail.html",
        {"store": store, "job": job, "running": job.status in RUNNING, "shown": (job.errors or [])[:500]},
    )


@store_required
@require_POST
def apply(request, store, import_id: int):
    job = or_404(selectors.store_import, store, import_id)
    try:
        services.request_apply(job=job)
    except DomainError as refused:
        messages.error(request, refused.message)
    return redirect("imports:detail", import_id=job.pk)


@store_required
@require_GET
def error_report(request, store, import_id: int):
    job = or_404(selectors.store_import, store, import_id)
    sheet = workbooks.error_sheet(job)
    if request.GET.get("format") == "csv":
        return tables.csv_response(sheet, filename=f"galat-impor-{job.pk}.csv")
    response = HttpResponse(tables.xlsx_bytes([sheet]), content_type=tables.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{job.pk}.xlsx"'
    return response
