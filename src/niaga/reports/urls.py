from django.urls import path

from . import views

app_name = "reports"
urlpatterns: list = [
    path("toko-saya/laporan/", views.sales, name="sales"),
    path("toko-saya/laporan/stok/", views.stock, name="stock"),
    path("toko-saya/laporan/corong/", views.funnel, name="funnel"),
    path("toko-saya/laporan/unduh/", views.download, name="download"),
    path("toko-saya/laporan/ekspor/", views.exports, name="exports"),
    path("toko-saya/laporan/ekspor/<int:export_id>/status/", views.export_status, name="export_status"),
    path("toko-saya/laporan/ekspor/<int:export_id>/unduh/", views.export_download, name="export_download"),
]
