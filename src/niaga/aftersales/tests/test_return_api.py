"""Returns over the API: the buyer reads the return, its couriers, books it and prints the
label; the seller confirms what arrived; every return object and label is 404 to a foreign
buyer or seller."""

import datetime as dt

import pytest

from niaga.accounts.services import issue_token
from niaga.aftersales.status import Reason, Resolution
from niaga.aftersales.status import Status as CS
from niaga.core import clock
from niaga.fulfillment.tests.test_labels import decoded
from niaga.inventory.models import Stock
from niaga.ledger import selectors as ledger
from niaga.payments import money
from niaga.shipping import legs
from niaga.shipping.models import Leg

from .couriered import DELIVERY, couriered, open_complaint, paid_checkout  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)
API = "/api/v1"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}


def test_a_return_booked_and_confirmed_over_the_api(client, couriered, make_store, make_product):
    store = make_store()
    product = make_product(store, stock=4, weight_grams=300, price=40_000)
    order = couriered([(product, 3)])
    line = order.lines.get()
    complaint = open_complaint(
        order, reason=Reason.NOT_AS_DESCRIBED, resolution=Resolution.RETURN_REFUND, units={line.pk: 2}
    )
    buyer, seller = bearer(order.buyer), bearer(store.owner)
    base = f"{API}/complaints/{complaint.pk}/return"

    read = client.get(base, **buyer).json()
    assert (read["status"], read["postage_payer"], read["legs"]) == ("return_requested", "seller", [])
    assert read["lines"] == [
        {
            "complaint_line_id": complaint.lines.get().pk,
            "product_name": product.name,
            "quantity": 2,
            "sellable": None,
            "written_off": None,
        }
    ]
    options = client.get(f"{base}/options", **buyer).json()
    assert options and [o["cost"] for o in options] == sorted(o["cost"] for o in options)
    unknown = client.post(f"{base}/booking", {"courier": "kilat_kilat"}, content_type="application/json", **buyer)
    assert unknown.status_code == 400 and unknown.json()["fields"]["courier"]
    with clock.travel(DELIVERY):
        booked = client.post(
            f"{base}/booking", {"courier": options[0]["code"]}, content_type="application/json", **buyer
        )
    assert booked.status_code == 200, booked.content
    leg = booked.json()["legs"][0]
    assert (leg["kind"], leg["payer"], leg["status"]) == ("return", "seller", "confirmed")
    label = client.get(f"{base}/labels/return", **buyer)
    assert label["Content-Type"] == "application/pdf"
    assert decoded(label.content) == [[("Code128", leg["awb"]), ("QRCode", leg["awb"])]]
    assert client.get(f"{base}/labels/replacement", **buyer).status_code == 404

    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        legs.poll_leg(leg=Leg.objects.get(awb=leg["awb"]))
    seller_base = f"{API}/seller/complaints/{complaint.pk}/return"
    got = client.get(seller_base, **seller).json()
    assert (
        got["status"] == CS.RETURN_RECEIVED
        and got["confirm_by"]
        and got["legs"][0]["events"][-1]["status"] == "delivered"
    )
    cl = complaint.lines.get().pk
    bad = client.post(
        f"{seller_base}/receipt",
        {"lines": [{"complaint_line_id": cl, "sellable": 1, "written_off": 0}]},
        content_type="application/json",
        **seller,
    )
    assert bad.status_code == 400 and f"line_{cl}" in bad.json()["fields"]
    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        done = client.post(
            f"{seller_base}/receipt",
            {"lines": [{"complaint_line_id": cl, "sellable": 2, "written_off": 0}], "note": "Utuh"},
            content_type="application/json",
            **seller,
        )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "resolved" and body["refund_amount"] == 80_000
    assert body["lines"][0]["sellable"] == 2 and body["confirmed_at"]
    assert money.saldo_of(order.buyer) == 80_000
    assert Stock.objects.get(variant=product.variants.get()).on_hand == 4 - 3 + 2
    assert ledger.total() == 0


def test_every_return_route_is_404_to_a_foreign_buyer_or_seller(client, couriered, make_store, make_product, make_user):
    store = make_store()
    order = couriered([(make_product(store, stock=1, price=30_000), 1)])
    complaint = open_complaint(order, reason=Reason.DAMAGED, resolution=Resolution.EXCHANGE)
    with clock.travel(DELIVERY):
        client.post(
            f"{API}/complaints/{complaint.pk}/return/booking",
            {"courier": "jne_reg"},
            content_type="application/json",
            **bearer(order.buyer),
        )
    assert Leg.objects.filter(reference=complaint.number).exists()
    body = {"courier": "jne_reg"}
    buyer_routes = [
        ("get", f"/complaints/{complaint.pk}/return", None),
        ("get", f"/complaints/{complaint.pk}/return/options", None),
        ("post", f"/complaints/{complaint.pk}/return/booking", body),
        ("delete", f"/complaints/{complaint.pk}/return/booking", None),
        ("post", f"/complaints/{complaint.pk}/return/tracking/refresh", None),
        ("get", f"/complaints/{complaint.pk}/return/labels/return", None),
    ]
    seller_routes = [
        ("get", f"/seller/complaints/{complaint.pk}/return", None),
        ("post", f"/seller/complaints/{complaint.pk}/return/receipt", {"lines": []}),
        ("get", f"/seller/complaints/{complaint.pk}/replacement/options", None),
        ("post", f"/seller/complaints/{complaint.pk}/replacement", body),
        ("post", f"/seller/complaints/{complaint.pk}/replacement/refund-instead", None),
        ("post", f"/seller/complaints/{complaint.pk}/return/tracking/refresh", None),
        ("get", f"/seller/complaints/{complaint.pk}/return/labels/return", None),
    ]

    def call(who, method, path, data):
        kwargs = {"content_type": "application/json"} if data is not None else {}
        return (
            getattr(client, method)(f"{API}{path}", data, **kwargs, **who)
            if data is not None
            else getattr(client, method)(f"{API}{path}", **who)
        )

    stranger, other_seller = bearer(make_user("Orang lain")), bearer(make_store().owner)
    for who in (stranger, other_seller, bearer(store.owner)):
        for method, path, data in buyer_routes:
            assert call(who, method, path, data).status_code == 404, (method, path)
    for who in (stranger, other_seller):
        for method, path, data in seller_routes:
            assert call(who, method, path, data).status_code == 404, (method, path)
    assert (
        client.get(f"{API}/seller/complaints/{complaint.pk}/return/labels/return", **bearer(store.owner)).status_code
        == 200
    )
    complaint.refresh_from_db()
    assert (
        complaint.status == CS.RETURN_REQUESTED
        and Leg.objects.filter(reference=complaint.number, status="confirmed").count() == 1
    )
