from django.urls import path

from . import views

app_name = "tax"
urlpatterns = [
    path("toko-saya/pajak/", views.seller, name="seller"),
    path("toko-saya/pajak/bukti-pungut/<str:month>.pdf", views.proof, name="proof"),
    path("toko-saya/pajak/invoice-niaga/<str:month>.pdf", views.platform_invoice, name="platform_invoice"),
    path("pesanan/<int:order_id>/invoice.pdf", views.buyer_invoice, name="invoice"),
    path("operator/pajak/", views.operator_report, name="operator"),
]
