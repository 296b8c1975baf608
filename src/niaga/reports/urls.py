"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator."""

from django.urls import path

from . import operator_views, settlement_views

app_name = "reports"
urlpatterns: list = [
    path("toko-saya/laporan/penghasilan/", settlement_views.page, name="settlement"),
    path(
        "toko-saya/laporan/penghasilan/unduh.<str:fmt>",
        settlement_views.download,
        name="settlement_download",
    ),
    path("operator/laporan/", operator_views.page, name="marketplace"),
    path("operator/laporan/unduh.<str:fmt>", operator_views.download, name="marketplace_download"),
]
