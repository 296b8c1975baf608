"""Paths of returns and exchanges, added to the app's urls.py with one line."""

from django.urls import path

from . import return_views as views

urlpatterns = [
    path("komplain/<int:pk>/retur/", views.buyer_return, name="return"),
    path("komplain/<int:pk>/retur/kirim/", views.book_return, name="return_book"),
    path("komplain/<int:pk>/retur/batal/", views.cancel_return, name="return_cancel"),
    path("komplain/<int:pk>/retur/lacak/", views.refresh_return, name="return_refresh"),
    path("komplain/<int:pk>/retur/label/<str:kind>/", views.buyer_label, name="return_label"),
    path("toko-saya/komplain/<int:pk>/retur/", views.seller_return, name="seller_return"),
    path("toko-saya/komplain/<int:pk>/retur/terima/", views.confirm_receipt, name="seller_return_confirm"),
    path("toko-saya/komplain/<int:pk>/retur/kirim-pengganti/", views.ship_replacement, name="seller_replacement"),
    path("toko-saya/komplain/<int:pk>/retur/kembalikan-dana/", views.refund_instead, name="seller_refund_instead"),
    path("toko-saya/komplain/<int:pk>/retur/lacak/", views.seller_refresh, name="seller_return_refresh"),
    path("toko-saya/komplain/<int:pk>/retur/label/<str:kind>/", views.seller_label, name="seller_return_label"),
]
