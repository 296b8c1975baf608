"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator."""

from django.urls import path

from . import operator_views, settlement_views, views

app_name = "reports"
urlpatterns: list = [
    path("toko-saya/laporan/penghasilan/", settlement_views.page, name="settlement"),
    *(
        path(
            f"toko-saya/laporan/penghasilan/unduh.{fmt}",
            settlement_views.download,
            {"fmt": fmt},
            name=f"settlement_{fmt}",
        )
        for fmt in ("csv", "xlsx", "pdf")
    ),
    path("operator/laporan/", operator_views.page, name="marketplace"),
    *(
        path(f"operator/laporan/unduh.{fmt}", operator_views.download, {"fmt": fmt}, name=f"marketplace_{fmt}")
        for fmt in ("csv", "xlsx")
    ),
    path("toko-saya/laporan/", views.sales, name="sales"),
    path("toko-saya/laporan/stok/", views.stock, name="stock"),
    path("toko-saya/laporan/corong/", views.funnel, name="funnel"),
    path("toko-saya/laporan/unduh/", views.download, name="download"),
    path("toko-saya/laporan/ekspor/", views.exports, name="exports"),
    path("toko-saya/laporan/ekspor/<int:export_id>/status/", views.export_status, name="export_status"),
    path("toko-saya/laporan/ekspor/<int:export_id>/unduh/", views.export_download, name="export_download"),
]
