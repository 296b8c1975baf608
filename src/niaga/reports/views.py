"""Laporan on Toko Saya: sales, stock and funnel pages, their downloads and the export jobs.

The pages read the same functions as the API (sales.sales_report, stock.stock_report,
funnel.funnel_report), so the two cannot disagree."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from niaga.core.errors import DomainError
from niaga.core.pages import or_404
from niaga.core.private import serve
from niaga.core.tables import XLSX_TYPE, csv_response, xlsx_bytes
from niaga.stores.decorators import store_required

from . import charts, periods, selectors, services
from .funnel import funnel_report
from .models import ExportFormat, ExportKind
from .sales import BREAKDOWNS, GROUPINGS, sales_report
from .sheets import SALES_SHEETS, funnel_sheets, sales_sheets, stock_sheets
from .stock import DEAD_DAYS, stock_report

DIRECT_ROWS = 5000  # a download larger than this runs as a job (NIAGA_REPORT_DIRECT_ROWS overrides)


def _direct_limit() -> int:
    return int(getattr(settings, "NIAGA_REPORT_DIRECT_ROWS", DIRECT_ROWS))


def _inputs(request) -> tuple[periods.Period, dict]:
    """The period and options of a report request; DomainError with field messages if bad."""
    q = request.GET
    period = periods.parse(q.get("period"), q.get("since"), q.get("until"))
    options: dict = {"grouping": q.get("group", "day") if q.get("group") in GROUPINGS else "day"}
    raw = q.get("dead_days", "")
    if raw:
        try:
            dead = int(raw)
        except ValueError:
            dead = -1
        if not 1 <= dead <= 3650:
            raise DomainError(
                "Jumlah hari stok mati tidak valid.",
                code="bad_dead_days",
                fields={"dead_days": "Isi angka 1 sampai 3650."},
            )
        options["dead_days"] = dead
    return period, options


def _base(request, store, active: str, period, options, **extra) -> dict:
    return {
        "store": store,
        "active": active,
        "period": period,
        "options": options,
        "presets": periods.PRESETS,
        "chosen": request.GET.get("period", "custom" if request.GET.get("since") else "30d"),
        "query": request.GET.urlencode(),
        **extra,
    }


def _bad(request, store, active: str, exc: DomainError):
    context = {
        "store": store,
        "active": active,
        "presets": periods.PRESETS,
        "chosen": request.GET.get("period", ""),
        "error": exc.message,
        "errors": exc.fields,
    }
    return render(request, "reports/invalid.html", context, status=exc.status)


@store_required
@require_GET
def sales(request, store):
    try:
        period, options = _inputs(request)
    except DomainError as exc:
        return _bad(request, store, "sales", exc)
    report = sales_report(store.pk, period, grouping=options["grouping"])
    fmt = "%d/%m" if report.grouping != "month" else "%m/%Y"
    trend = charts.line_chart(
        [(p.start.strftime(fmt), p.net) for p in report.series], title="Penjualan bersih per periode"
    )
    bars = {
        by: charts.bar_chart([(r.label, r.remaining) for r in rows[:8]], title=f"Penjualan per {BREAKDOWNS[by][0]}")
        for by, rows in report.breakdowns.items()
    }
    sections = [(by, BREAKDOWNS[by][0], report.breakdowns[by], bars[by]) for by in BREAKDOWNS]
    context = _base(
        request,
        store,
        "sales",
        period,
        options,
        report=report,
        trend=trend,
        sections=sections,
        groupings=GROUPINGS,
        sheets=SALES_SHEETS,
    )
    return render(request, "reports/sales.html", context)


@store_required
@require_GET
def stock(request, store):
    try:
        period, options = _inputs(request)
    except DomainError as exc:
        return _bad(request, store, "stock", exc)
    report = stock_report(store.pk, period, dead_days=options.get("dead_days", DEAD_DAYS))
    value_chart = charts.bar_chart(
        [(r.name, r.value) for r in sorted(report.rows, key=lambda r: -r.value)[:8]], title="Nilai stok per varian"
    )
    context = _base(request, store, "stock", period, options, report=report, value_chart=value_chart)
    return render(request, "reports/stock.html", context)


@store_required
@require_GET
def funnel(request, store):
    try:
        period, options = _inputs(request)
    except DomainError as exc:
        return _bad(request, store, "funnel", exc)
    report = funnel_report(store.pk, period)
    t = report.total
    steps = charts.bar_chart(
        [("Dilihat", t.views), ("Keranjang", t.cart_adds), ("Dipesan", t.ordered), ("Dibayar", t.paid)],
        title="Corong penjualan",
        money=False,
    )
    context = _base(request, store, "funnel", period, options, report=report, steps=steps)
    return render(request, "reports/funnel.html", context)


# --- downloads -----------------------------------------------------------------------------

KINDS = {"penjualan": ExportKind.SALES, "stok": ExportKind.STOCK, "corong": ExportKind.FUNNEL}


@store_required
@require_GET
def download(request, store):
    """A page's tables as a file at once (?laporan=penjualan|stok|corong&format=csv|xlsx);
    a larger one is made by a job (the exports page)."""
    kind, fmt = request.GET.get("laporan", ""), request.GET.get("format", "")
    if kind not in KINDS or fmt not in ExportFormat.values:
        raise Http404("Laporan tidak dikenal.")
    page = {"penjualan": "reports:sales", "stok": "reports:stock", "corong": "reports:funnel"}[kind]
    try:
        period, options = _inputs(request)
    except DomainError as exc:
        return _bad(request, store, kind, exc)
    if kind == "penjualan":
        found = sales_sheets(sales_report(store.pk, period, grouping=options["grouping"], limit=None))
    elif kind == "stok":
        found = stock_sheets(stock_report(store.pk, period, dead_days=options.get("dead_days", DEAD_DAYS)))
    else:
        found = funnel_sheets(funnel_report(store.pk, period))
    sheet_name = request.GET.get("sheet", "")
    if fmt == ExportFormat.CSV and sheet_name:
        if sheet_name not in found:
            raise Http404("Tabel tidak dikenal.")
        chosen = [found[sheet_name]]
    else:
        chosen = list(found.values())[:1] if fmt == ExportFormat.CSV else list(found.values())
    rows = sum(len(list(s.rows)) for s in chosen)
    if rows > _direct_limit():
        options = {**options, **({"sheet": sheet_name} if sheet_name else {})}
        try:
            services.request_export(
                store=store, user=request.user, kind=KINDS[kind], format=fmt, period=period, options=options
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse(page)}?{request.GET.urlencode()}")
        messages.info(request, f"Laporan ini besar ({rows} baris): sedang dibuat, unduh di sini setelah selesai.")
        return redirect("reports:exports")
    name = f"laporan-{kind}-{period.since}-{period.until}"
    if fmt == ExportFormat.CSV:
        return csv_response(chosen[0], filename=f"{name}.csv")
    response = HttpResponse(xlsx_bytes(chosen), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- export jobs ---------------------------------------------------------------------------


@store_required
@require_http_methods(["GET", "POST"])
def exports(request, store):
    error, errors = "", {}
    if request.method == "POST":
        data = request.POST
        try:
            period = periods.parse(data.get("period"), data.get("since"), data.get("until"))
            services.request_export(
                store=store,
                user=request.user,
                kind=data.get("kind", ""),
                format=data.get("format", ""),
                period=period,
                options={"grouping": "day"},
            )
        except DomainError as exc:
            error, errors = exc.message, exc.fields
        else:
            messages.success(request, "Laporan sedang dibuat. Halaman ini menampilkan kemajuannya.")
            return redirect("reports:exports")
    listed = list(selectors.exports_of(store)[:30])
    context = {
        "store": store,
        "active": "exports",
        "exports": listed,
        "running": any(e.status in ("pending", "running") for e in listed),
        "kinds": ExportKind.choices,
        "formats": ExportFormat.choices,
        "presets": periods.PRESETS,
        "error": error,
        "errors": errors,
    }
    return render(request, "reports/exports.html", context, status=400 if error else 200)


@store_required
@require_GET
def export_status(request, store, export_id: int):
    """The progress the exports page polls (static/reports/exports.js)."""
    export = or_404(selectors.export_for, request.user, export_id)
    return JsonResponse(
        {
            "id": export.pk,
            "status": export.status,
            "status_label": export.status_label,
            "progress": export.progress,
            "rows_done": export.rows_done,
            "rows_total": export.rows_total,
            "download_url": reverse("reports:export_download", args=[export.pk]) if export.status == "ready" else None,
        }
    )


@store_required
@require_GET
def export_download(request, store, export_id: int):
    export = or_404(selectors.file_for, request.user, export_id)
    response = serve(export.file)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
