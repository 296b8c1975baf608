"""Impor dan ekspor katalog lewat spreadsheet."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("toko-saya/produk/impor/", views.home, name="home"),
    path("toko-saya/produk/impor/template/", views.template, name="template"),
    path("toko-saya/produk/ekspor/", views.export, name="export"),
    path("toko-saya/produk/impor/<int:import_id>/", views.detail, name="detail"),
    path("toko-saya/produk/impor/<int:import_id>/terapkan/", views.apply, name="apply"),
    path("toko-saya/produk/impor/<int:import_id>/galat/", views.error_report, name="errors"),
]
