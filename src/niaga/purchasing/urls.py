from django.urls import path

from . import views

app_name = "purchasing"
urlpatterns = [
    path("toko-saya/pemasok/", views.suppliers, name="suppliers"),
    path("toko-saya/pemasok/<int:supplier_id>/", views.supplier_edit, name="supplier"),
    path("toko-saya/pembelian/", views.purchase_orders, name="purchase_orders"),
    path("toko-saya/pembelian/baru/", views.purchase_order_new, name="purchase_order_new"),
    path("toko-saya/pembelian/<int:po_id>/", views.purchase_order, name="purchase_order"),
    path("toko-saya/pembelian/<int:po_id>/pdf/", views.purchase_order_pdf, name="purchase_order_pdf"),
    path("toko-saya/pembelian/<int:po_id>/terima/", views.receive_po, name="receive"),
    path("toko-saya/penerimaan/baru/", views.receive_adhoc, name="receive_adhoc"),
    path("toko-saya/penerimaan/<int:receipt_id>/", views.receipt, name="receipt"),
    path("toko-saya/stok-menipis/", views.low_stock, name="low_stock"),
]
