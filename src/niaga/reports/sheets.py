"""Every report as tables (niaga.core.tables.Sheet): the same figures the page shows, read
through the same functions, for CSV and XLSX files. Rows are produced lazily; the order-line
detail is read with `.iterator()` so a year of lines is never held in memory."""

from __future__ import annotations

from collections.abc import Iterator

from niaga.core import paymethods
from niaga.core.tables import Sheet
from niaga.orders.status import Status

from . import sales as sales_report_module
from .funnel import FunnelReport
from .periods import LOCAL, Period
from .sales import BREAKDOWNS, SalesReport
from .stock import StockReport

CHUNK = 2000

SALES_SHEETS = ["summary", "series", *BREAKDOWNS]


def _pct(value: float | None) -> float | str:
    return "" if value is None else value


def sales_sheets(report: SalesReport) -> dict[str, Sheet]:
    sheets = {
        "summary": Sheet(
            "Ringkasan",
            ["Angka", "Periode ini", "Periode sebelumnya", "Selisih", "Perubahan (%)"],
            [
                *([c.label, c.now, c.before, c.delta, _pct(c.percent)] for c in report.changes),
                [
                    "Margin laba kotor (%)",
                    _pct(report.totals.margin_percent),
                    _pct(report.before.margin_percent),
                    "",
                    "",
                ],
                *([[report.totals.without_cost, "", "", "", ""]] if report.totals.without_cost else []),
            ],
        ),
        "series": Sheet(
            "Per periode",
            ["Mulai", "Pesanan", "Unit", "Penjualan bersih"],
            [[p.start, p.orders, p.units, p.net] for p in report.series],
        ),
    }
    for by, rows in report.breakdowns.items():
        title = BREAKDOWNS[by][0]
        sheets[by] = Sheet(
            title,
            [title, "Pesanan", "Unit", "Penjualan (harga bayar)", "Dibatalkan", "Sisa"],
            [[r.label, r.orders, r.units, r.sales, r.cancelled, r.remaining] for r in rows],
        )
    return sheets


def stock_sheets(report: StockReport) -> dict[str, Sheet]:
    return {
        "stock": Sheet(
            "Stok",
            [
                "Produk",
                "Varian",
                "SKU",
                "Stok fisik",
                "Ditahan",
                "Tersedia",
                "Harga pokok rata-rata",
                "Nilai stok",
                "Terjual (periode)",
                "Sell-through (%)",
                "Hari persediaan",
                "Terakhir terjual",
                "Stok mati",
            ],
            [
                [
                    r.product,
                    r.variant,
                    r.sku,
                    r.on_hand,
                    r.reserved,
                    r.available,
                    r.average_cost,
                    r.value,
                    r.sold,
                    _pct(r.sell_through),
                    _pct(r.days_of_cover),
                    r.last_sold.astimezone(LOCAL) if r.last_sold else "",
                    "ya" if r.dead else "",
                ]
                for r in report.rows
            ],
        ),
        "movements": Sheet(
            "Mutasi",
            ["Alasan", "Jumlah mutasi", "Perubahan stok fisik", "Perubahan ditahan"],
            [[m.label, m.count, m.on_hand_change, m.reserved_change] for m in report.movements],
        ),
    }


def funnel_sheets(report: FunnelReport) -> dict[str, Sheet]:
    header = [
        "Produk",
        "Dilihat",
        "Masuk keranjang",
        "Dipesan",
        "Dibayar",
        "Keranjang/dilihat (%)",
        "Pesan/keranjang (%)",
        "Bayar/pesan (%)",
        "Konversi (%)",
    ]
    rows = [report.total, *report.rows]
    return {
        "funnel": Sheet(
            "Corong",
            header,
            [
                [
                    r.name,
                    r.views,
                    r.cart_adds,
                    r.ordered,
                    r.paid,
                    _pct(r.cart_rate),
                    _pct(r.order_rate),
                    _pct(r.paid_rate),
                    _pct(r.conversion),
                ]
                for r in rows
            ],
        )
    }


LINE_HEADER = [
    "Nomor pesanan",
    "Dibayar (WIB)",
    "Status",
    "Produk",
    "Varian",
    "SKU",
    "Harga satuan",
    "Jumlah",
    "Dibatalkan",
    "Nilai barang",
    "Metode pembayaran",
    "Kurir",
    "Kota pembeli",
]


def line_count(store_id: int, period: Period) -> int:
    return sales_report_module.paid_lines(store_id, period).count()


def _line_rows(store_id: int, period: Period) -> Iterator[list]:
    rows = (
        sales_report_module.paid_lines(store_id, period)
        .order_by("order__paid_at", "order_id", "pk")
        .values_list(
            "order__number",
            "order__paid_at",
            "order__status",
            "product_name",
            "variant_name",
            "variant__sku",
            "unit_price",
            "quantity",
            "cancelled_quantity",
            "order__group__payment_method",
            "order__courier_name",
            "order__buyer_city",
        )
    )
    for number, paid_at, status, product, variant, sku, price, qty, cancelled, method, courier, city in rows.iterator(
        chunk_size=CHUNK
    ):
        pay = paymethods.get(method)
        yield [
            number,
            paid_at.astimezone(LOCAL) if paid_at else None,
            Status(status).label,
            product,
            variant,
            sku,
            price,
            qty,
            cancelled,
            price * qty,
            pay.label if pay else method,
            courier,
            city,
        ]


def line_sheet(store_id: int, period: Period) -> Sheet:
    """Every line of every order paid in the period: the large export, always a job."""
    return Sheet("Barang pesanan", LINE_HEADER, _line_rows(store_id, period))
