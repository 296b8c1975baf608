"""The seller packs and hands over by API; buyer and seller read the tracking, each only their own."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.orders.status import Status
from niaga.shipping import services as shipping
from niaga.shipping.models import Shipment

pytestmark = pytest.mark.django_db(transaction=True)


def test_pack_pickup_and_tracking_through_the_api(client, paid_checkout, make_store, make_product):
    store = make_store()
    order = paid_checkout([(make_product(store, stock=1, weight_grams=700), 1)], courier="jnt_ez")
    line = order.lines.get()
    client.force_login(store.owner)
    url = f"/api/v1/seller/orders/{order.pk}/package"
    body = {"counts": {str(line.pk): 2}, "weight_grams": 700, "length_cm": 20, "width_cm": 15, "height_cm": 10}
    wrong = client.post(url, body, content_type="application/json")
    assert (
        wrong.status_code == 400
        and wrong.json()["code"] == "packing_mismatch"
        and f"count_{line.pk}" in wrong.json()["fields"]
    )
    packed = client.post(url, {**body, "counts": {str(line.pk): 1}, "insured": True}, content_type="application/json")
    assert packed.status_code == 200 and packed.json()["courier"] == "jnt" and packed.json()["awb"].startswith("JP")
    assert Shipment.objects.get(order=order).insured_value == order.subtotal
    manifest = client.post("/api/v1/seller/pickups", {"courier": "jnt"}, content_type="application/json")
    assert manifest.status_code == 201 and manifest.json()["awbs"] == [packed.json()["awb"]]
    again = client.post("/api/v1/seller/pickups", {"courier": "jnt"}, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "nothing_to_pick_up"

    with clock.travel(dt.timedelta(hours=3)):
        shipping.poll(shipment=Shipment.objects.get(order=order))
    client.force_login(order.buyer)
    tracking = client.get(f"/api/v1/orders/{order.pk}/tracking").json()
    assert tracking["status"] == "picked" and [e["status"] for e in tracking["events"]][-1] == "picked"
    assert client.get(f"/api/v1/orders/{order.pk}").json()["status"] == Status.SHIPPED
    assert client.get(f"/api/v1/seller/orders/{order.pk}/tracking").status_code == 404  # a buyer has no store
    client.force_login(make_store().owner)
    assert client.get(f"/api/v1/seller/orders/{order.pk}/tracking").status_code == 404
