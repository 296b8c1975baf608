from django.urls import path

from niaga.fulfillment.views import print_labels

from . import stock_views, views

app_name = "seller"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("buka/", views.open_store, name="open"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("produk/", views.products, name="products"),
    path("produk/baru/", views.product_new, name="product_new"),
    path("produk/<int:product_id>/", views.product_edit, name="product_edit"),
    path("pesanan/", views.orders, name="orders"),
    path("pesanan/<int:order_id>/", views.order, name="order"),
    path("saldo/", views.balance, name="balance"),
    path("saldo/tarik/", views.payout, name="payout"),
    path("rekening/", views.bank_account, name="bank"),
    path("flash-sale/", views.flash_sales, name="flash_sales"),
    path("label/", print_labels, name="labels"),
    path("stok/", stock_views.movements, name="stock"),
    path("stok/riwayat.csv", stock_views.movements_csv, name="stock_csv"),
    path("stok/gudang/", stock_views.levels, name="stock_levels"),
    path("stok/transfer/", stock_views.transfer, name="stock_transfer"),
    path("stok/opname/", stock_views.counts, name="stock_counts"),
    path("stok/opname/<int:count_id>/", stock_views.count, name="stock_count"),
]
