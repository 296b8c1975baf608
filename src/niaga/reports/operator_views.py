"""Laporan Marketplace for Niaga's operators: /operator/laporan/ (staff with a passed second
factor, as every /operator/ page: accounts.middleware.SecondFactorMiddleware), CSV and XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from niaga.core.errors import DomainError
from niaga.core.tables import XLSX_TYPE, Sheet, csv_response, xlsx_bytes

from . import marketplace, settlement

DAY_COLUMNS = (
    "Tanggal",
    "GMV",
    "Pesanan",
    "Komisi",
    "Biaya layanan",
    "Take rate (%)",
    "Percobaan bayar",
    "Berhasil dibayar",
    "Terkirim",
    "Tepat waktu",
    "Tepat waktu (%)",
    "Pembeli",
    "Pembeli baru",
    "Pembeli kembali",
    "Dana dikembalikan",
)


def _period(request) -> settlement.Period:
    return settlement.period(
        settlement.parse_date(request.GET.get("dari"), "dari"),
        settlement.parse_date(request.GET.get("sampai"), "sampai"),
    )


def day_cells(d: marketplace.Day) -> list:
    return [
        d.day,
        d.gmv,
        d.orders,
        d.commission,
        d.fees,
        d.take_rate,
        d.attempts,
        d.paid_attempts,
        d.deliveries,
        d.on_time,
        d.on_time_rate,
        d.buyers,
        d.new_buyers,
        d.returning_buyers,
        d.refunds,
    ]


def sheets(rep: marketplace.MarketReport) -> list[Sheet]:
    return [
        Sheet("Harian", DAY_COLUMNS, (day_cells(d) for d in rep.days)),
        Sheet(
            "Metode bayar",
            ("Metode", "Percobaan", "Dibayar", "Nilai dibayar", "Berhasil (%)", "Porsi (%)"),
            ([m.method, m.attempts, m.paid, m.amount, m.success_rate, m.mix] for m in rep.methods),
        ),
        Sheet(
            "Kurir",
            ("Kurir", "Terkirim", "Tepat waktu", "Tepat waktu (%)"),
            ([c.courier, c.deliveries, c.on_time, c.on_time_rate] for c in rep.couriers),
        ),
        Sheet("Toko teratas", ("Toko", "GMV", "Pesanan"), ([r.name, r.gmv, r.orders] for r in rep.top_stores)),
        Sheet(
            "Kategori teratas", ("Kategori", "GMV", "Pesanan"), ([r.name, r.gmv, r.orders] for r in rep.top_categories)
        ),
    ]


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str


CHART_W, CHART_H = 360, 120


def bars(values: list[tuple[str, int]]) -> list[Bar]:
    """A server-side bar chart's geometry (the template draws <rect>s, styled by class)."""
    if not values:
        return []
    top = max(v for _, v in values) or 1
    width = max(CHART_W // len(values), 2)
    return [
        Bar(i * width, CHART_H - v * CHART_H // top, max(width - 1, 1), v * CHART_H // top, label)
        for i, (label, v) in enumerate(values)
    ]


@staff_member_required
def page(request):
    try:
        rep = marketplace.report(period=_period(request))
    except DomainError as error:
        bad = {"error": error.message, "field_errors": error.fields}
        return render(request, "reports/marketplace.html", bad, status=400)
    context: dict[str, object] = {
        "rep": rep,
        "gmv_bars": bars([(f"{d.day:%d-%m} {d.gmv}", d.gmv) for d in rep.days]),
        "order_bars": bars([(f"{d.day:%d-%m} {d.orders}", d.orders) for d in rep.days]),
        "chart_w": CHART_W,
        "chart_h": CHART_H,
    }
    return render(request, "reports/marketplace.html", context)


@staff_member_required
def download(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    try:
        rep = marketplace.report(period=_period(request))
    except DomainError as error:
        return HttpResponse(f"{error.message} {error.fields}", status=400, content_type="text/plain; charset=utf-8")
    name = f"laporan-marketplace-{rep.period.date_from}-{rep.period.date_to}"
    if fmt == "csv":
        return csv_response(sheets(rep)[0], filename=f"{name}.csv")
    response = HttpResponse(xlsx_bytes(sheets(rep)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
