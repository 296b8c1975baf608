from django.urls import path

from . import api_views, courier_views, pages

app_name = "sandbox"

urlpatterns = [
    # Pages a person uses: the bank, the e-wallet app, the outlet cashier, a QRIS scanner...
    path("", pages.index, name="index"),
    path("bank/", pages.bank, name="bank"),
    path("kasir/", pages.kasir, name="kasir"),
    path("ewallet/<uuid:transaction_id>/", pages.ewallet, name="ewallet"),
    path("ewallet/<uuid:transaction_id>/qr/", pages.ewallet_qr, name="ewallet-qr"),
    path("qris/", pages.qris_scan, name="qris"),
    path("qris/<uuid:transaction_id>/qr/", pages.qris_qr, name="qris-qr"),
    path("dompet/", pages.dompet, name="dompet"),
    path("3ds/<uuid:transaction_id>/", pages.card_3ds, name="card-3ds"),
    path("paylater/<uuid:transaction_id>/", pages.paylater, name="paylater"),
    # ...and the fault switchboard, as a page and as JSON (server key, like the API).
    path("gangguan/", pages.gangguan, name="gangguan"),
    path("faults", api_views.fault_switchboard, name="faults"),
    # The Midtrans Core API: base URL <host>/sandbox/midtrans, paths exactly as Midtrans'.
    path("midtrans/v2/charge", api_views.charge, name="midtrans-charge"),
    path("midtrans/v2/token", api_views.card_token, name="midtrans-token"),
    path("midtrans/v2/card/register", api_views.card_register, name="midtrans-card-register"),
    path("midtrans/v2/point_inquiry/<str:token_id>", api_views.point_inquiry, name="midtrans-point-inquiry"),
    path("midtrans/v2/capture", api_views.capture, name="midtrans-capture"),
    path("midtrans/v2/<str:ref>/status", api_views.status, name="midtrans-status"),
    path("midtrans/v2/<str:ref>/cancel", api_views.cancel, name="midtrans-cancel"),
    path("midtrans/v2/<str:ref>/expire", api_views.expire, name="midtrans-expire"),
    path("midtrans/v2/<str:ref>/approve", api_views.approve, name="midtrans-approve"),
    path("midtrans/v2/<str:ref>/deny", api_views.deny, name="midtrans-deny"),
    path("midtrans/v2/<str:ref>/refund", api_views.refund, name="midtrans-refund"),
    path("midtrans/v2/<str:ref>/refund/online/direct", api_views.refund, name="midtrans-refund-direct"),
    # Any other path under the API answers as Midtrans does (JSON 404), routed with path() so
    # the latency figures and /metrics name it by its route, not by a regex.
    path("midtrans/", api_views.unknown),
    path("midtrans/<path:rest>", api_views.unknown, name="midtrans-unknown"),
    # The couriers: a Biteship-style shipping API at <host>/sandbox/kurir, and its page.
    path("kurir/", courier_views.page, name="kurir"),
    path("kurir/v1/orders", courier_views.create_order, name="kurir-orders"),
    path("kurir/v1/orders/<str:parcel_id>", courier_views.order, name="kurir-order"),
    path("kurir/v1/orders/<str:parcel_id>/cancel", courier_views.cancel_order, name="kurir-cancel"),
    path("kurir/v1/pickups", courier_views.pickup, name="kurir-pickups"),
    path("kurir/v1/trackings/<str:parcel_id>", courier_views.tracking, name="kurir-tracking"),
    path("kurir/v1/simulator/parcels/<str:waybill>", courier_views.steer, name="kurir-steer"),
]
