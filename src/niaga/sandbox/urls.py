from django.urls import path

from . import api_views, pages

app_name = "sandbox"

urlpatterns = [
    # Pages a person uses: the bank and the e-wallet app.
    path("", pages.index, name="index"),
    path("bank/", pages.bank, name="bank"),
    path("ewallet/<uuid:transaction_id>/", pages.ewallet, name="ewallet"),
    path("ewallet/<uuid:transaction_id>/qr/", pages.ewallet_qr, name="ewallet-qr"),
    # The Midtrans Core API: base URL <host>/sandbox/midtrans, paths exactly as Midtrans'.
    path("midtrans/v2/charge", api_views.charge, name="midtrans-charge"),
    path("midtrans/v2/<str:ref>/status", api_views.status, name="midtrans-status"),
    path("midtrans/v2/<str:ref>/cancel", api_views.cancel, name="midtrans-cancel"),
    path("midtrans/v2/<str:ref>/expire", api_views.expire, name="midtrans-expire"),
]
