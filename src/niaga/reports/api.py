"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator, in the API.

The seller's reports answer the same figures as their pages: both read sales.sales_report,
stock.stock_report and funnel.funnel_report. Everything is scoped to the caller's own store."""

import datetime as dt

from django.http import FileResponse
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import periods as report_periods
from . import selectors as report_selectors
from . import services as report_services
from .funnel import funnel_report
from .models import ExportStatus, ReportExport
from .sales import sales_report
from .settlement_api import router as settlement_router
from .stock import DEAD_DAYS, stock_report

router = Router(tags=["reports"])
router.add_router("", settlement_router)


class ReportQuery(Schema):
    period: str = Field("30d", pattern="^(7d|30d|90d|this_month|last_month|this_year|custom)$")
    since: str = Field("", max_length=10, description="YYYY-MM-DD (custom period, WIB)")
    until: str = Field("", max_length=10, description="YYYY-MM-DD, included")


class SalesQuery(ReportQuery):
    group: str = Field("day", pattern="^(day|week|month)$")


class StockQuery(ReportQuery):
    dead_days: int = Field(DEAD_DAYS, ge=1, le=3650, description="no sale in this many days: dead stock")


class PeriodOut(Schema):
    since: dt.date
    until: dt.date
    days: int


class SalesTotalsOut(Schema):
    gross: int
    discounts: int
    cancelled: int
    refunds: int
    net: int
    orders: int
    cancelled_orders: int
    units: int
    average_order: int
    cost_of_goods: int = Field(
        description="units kept (sent, less units put back on the shelf) at their moving-average cost when sold"
    )
    costed_units: int = Field(description="units kept whose cost is known")
    costed_revenue: int = Field(description="their revenue (price paid, less their share of refunds)")
    gross_margin: int = Field(description="costed_revenue - cost_of_goods")
    margin_percent: float | None = Field(description="gross_margin / costed_revenue, %")
    units_without_cost: int = Field(description="units sold before any cost was recorded (not in the margin)")
    revenue_without_cost: int = Field(description="their revenue (net = costed_revenue + revenue_without_cost)")
    without_cost: str = Field(description="the same, said in one sentence ('' when every unit has a cost)")


class ChangeOut(Schema):
    name: str
    label: str
    now: int
    before: int
    delta: int
    percent: float | None


class SalesPointOut(Schema):
    start: dt.date
    orders: int
    units: int
    net: int


class BreakdownRowOut(Schema):
    key: str
    label: str
    orders: int
    units: int
    sales: int
    cancelled: int
    remaining: int


class SalesOut(Schema):
    period: PeriodOut
    previous: PeriodOut
    grouping: str
    totals: SalesTotalsOut
    before: SalesTotalsOut
    changes: list[ChangeOut]
    series: list[SalesPointOut]
    breakdowns: dict[str, list[BreakdownRowOut]]


class StockRowOut(Schema):
    variant_id: int
    product: str
    variant: str
    sku: str
    on_hand: int
    reserved: int
    available: int
    average_cost: int
    value: int
    sold: int
    sell_through: float | None = Field(description="percent")
    days_of_cover: float | None
    last_sold: dt.datetime | None
    dead: bool


class StockReportMovementOut(Schema):
    reason: str
    label: str
    count: int
    on_hand_change: int
    reserved_change: int


class StockOut(Schema):
    period: PeriodOut
    dead_days: int
    total_value: int
    total_on_hand: int
    total_reserved: int
    total_sold: int
    rows: list[StockRowOut]
    movements: list[StockReportMovementOut]


class FunnelRowOut(Schema):
    product_id: int
    name: str
    views: int
    cart_adds: int
    ordered: int
    paid: int
    cart_rate: float | None
    order_rate: float | None
    paid_rate: float | None
    conversion: float | None


class FunnelOut(Schema):
    period: PeriodOut
    total: FunnelRowOut
    rows: list[FunnelRowOut]


class ExportIn(Input):
    kind: str = Field(description="sales, sales_lines, stock or funnel", max_length=12)
    format: str = Field(description="csv or xlsx", max_length=4)
    period: str = Field("30d", pattern="^(7d|30d|90d|this_month|last_month|this_year|custom)$")
    since: str = Field("", max_length=10)
    until: str = Field("", max_length=10)
    sheet: str = Field("", max_length=20, description="for csv of a many-table report: which table")
    dead_days: int = Field(DEAD_DAYS, ge=1, le=3650)


class ReportExportOut(Schema):
    id: int
    kind: str
    format: str
    parameters: dict
    status: str = Field(description="pending, running, ready, failed or expired")
    status_label: str
    progress: int = Field(description="percent")
    rows_done: int
    rows_total: int
    size: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    expires_at: dt.datetime | None
    download_url: str | None

    @staticmethod
    def resolve_download_url(export: ReportExport) -> str | None:
        if export.status != ExportStatus.READY or not export.file:
            return None
        return reverse("api:report_export_file", kwargs={"export_id": export.pk})


def _period(q) -> report_periods.Period:
    return report_periods.parse(q.period, q.since or None, q.until or None)


@router.get("/seller/reports/sales", response={200: SalesOut, **ERRORS}, summary="My store's sales report")
def sales(request, q: Query[SalesQuery]):
    store = stores.my_store(request.user)
    return sales_report(store.pk, _period(q), grouping=q.group)


@router.get("/seller/reports/stock", response={200: StockOut, **ERRORS}, summary="My store's stock report")
def stock(request, q: Query[StockQuery]):
    store = stores.my_store(request.user)
    return stock_report(store.pk, _period(q), dead_days=q.dead_days)


@router.get("/seller/reports/funnel", response={200: FunnelOut, **ERRORS}, summary="My store's sales funnel")
def funnel(request, q: Query[ReportQuery]):
    store = stores.my_store(request.user)
    return funnel_report(store.pk, _period(q))


@router.post("/seller/reports/exports", response={201: ReportExportOut, **ERRORS}, summary="Make a report file (a job)")
def create_export(request, payload: ExportIn):
    store = stores.my_store(request.user)
    period = report_periods.parse(payload.period, payload.since or None, payload.until or None)
    options: dict = {"grouping": "day", "dead_days": payload.dead_days}
    if payload.sheet:
        options["sheet"] = payload.sheet
    export = report_services.request_export(
        store=store, user=request.user, kind=payload.kind, format=payload.format, period=period, options=options
    )
    return Status(201, export)


@router.get(
    "/seller/reports/exports", response={200: list[ReportExportOut], **ERRORS}, summary="My store's report files"
)
def list_exports(request):
    store = stores.my_store(request.user)
    return report_selectors.exports_of(store)[:50]


@router.get(
    "/seller/reports/exports/{export_id}", response={200: ReportExportOut, **ERRORS}, summary="A report file: status"
)
def get_export(request, export_id: int):
    return report_selectors.export_for(request.user, export_id)


@router.get(
    "/seller/reports/exports/{export_id}/file",
    url_name="report_export_file",
    response={200: None, **ERRORS},
    summary="Download a report file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The CSV or XLSX file.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_file(request, export_id: int):
    export = report_selectors.file_for(request.user, export_id)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)
    response["Cache-Control"] = "private, no-store"
    return response
