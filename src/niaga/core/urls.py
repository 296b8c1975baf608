"""Page URLs, in Indonesian as buyers type and share them."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("niaga.catalog.urls")),
    path("", include("niaga.accounts.urls")),
    path("toko/", include("niaga.stores.urls")),
    path("keranjang/", include("niaga.cart.urls")),
    path("checkout/", include("niaga.checkout.urls")),
    path("pembayaran/", include("niaga.payments.urls")),
    path("pesanan/", include("niaga.orders.urls")),
    path("toko-saya/", include("niaga.sellercenter.urls")),
    path("notifikasi/", include("niaga.notifications.urls")),
]
