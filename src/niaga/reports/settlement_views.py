"""Laporan Penghasilan on Toko Saya: the page and its CSV, XLSX and PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from niaga.core.errors import DomainError
from niaga.core.tables import XLSX_TYPE, csv_response, xlsx_bytes
from niaga.stores.decorators import store_required

from . import settlement, settlement_files

FORMATS = {"csv", "xlsx", "pdf"}


def _period(request) -> settlement.Period:
    return settlement.period(
        settlement.parse_date(request.GET.get("dari"), "dari"),
        settlement.parse_date(request.GET.get("sampai"), "sampai"),
    )


def _bad(request, store, error: DomainError):
    context = {"store": store, "error": error.message, "field_errors": error.fields}
    return render(request, "reports/settlement.html", context, status=400)


@store_required
def page(request, store):
    try:
        p = _period(request)
    except DomainError as error:
        return _bad(request, store, error)
    st = settlement.statement(store=store, period=p)
    return render(request, "reports/settlement.html", {"store": store, "st": st, "rows": list(st.rows())})


@store_required
def download(request, store, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    try:
        st = settlement.statement(store=store, period=_period(request))
    except DomainError as error:
        return _bad(request, store, error)
    if fmt == "csv":
        return csv_response(settlement_files.order_sheet(st), filename=settlement_files.filename(st, "csv"))
    if fmt == "xlsx":
        body = xlsx_bytes([settlement_files.order_sheet(st), *settlement_files.summary_sheets(st)])
        content_type = XLSX_TYPE
    else:
        body, content_type = settlement_files.pdf_bytes(st), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{settlement_files.filename(st, fmt)}"'
    return response
