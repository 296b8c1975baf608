"""A paid order through the warehouse and the courier to "Selesai": pick list, packing
(a wrong count blocked first), label, pickup and manifest, tracking, delivery, and the
buyer's confirmation — or the clock's — paying the seller through the ledger."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.core import clock
from niaga.fulfillment.models import Package, PickList
from niaga.inventory.models import Stock
from niaga.ledger import selectors as ledger
from niaga.notifications.models import Notification
from niaga.orders import services as orders
from niaga.orders.status import Status
from niaga.payments import money
from niaga.sandbox.models import Parcel
from niaga.shipping import services as shipping
from niaga.shipping.models import Manifest, Shipment

from .test_labels import decoded

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.timedelta(days=1)


def pack_form(order, *, count=None, weight=800, dims=(30, 20, 10), **extra):
    form = {f"count_{line.pk}": line.to_send if count is None else count for line in order.lines.all()}
    form.update(weight_grams=weight, length_cm=dims[0], width_cm=dims[1], height_cm=dims[2], **extra)
    return form


def test_paid_order_goes_through_pick_pack_label_pickup_tracking_to_completed(
    client, paid_checkout, make_store, make_product, settings
):
    store = make_store()
    product = make_product(store, stock=3, weight_grams=800, price=50_000)
    first = paid_checkout([(product, 1)])
    second = paid_checkout([(product, 2)])
    seller = store.owner
    client.force_login(seller)

    # The seller's own warehouse appears on first visit; the product gets a bin.
    warehouse = client.get(reverse("fulfillment:index"))
    location_url = warehouse.url
    location_id = int(location_url.rstrip("/").rsplit("/", 1)[-1])
    client.post(reverse("fulfillment:bins", args=[location_id]), {f"bin_{product.variants.get().pk}": "a-02-1"})
    assert "2 pesanan" in client.get(location_url).content.decode()

    # One pick list for both orders, grouped by product, with the bin; printable.
    client.post(reverse("fulfillment:new_pick_list", args=[location_id]))
    pick_list = PickList.objects.get()
    page = client.get(reverse("fulfillment:pick", args=[location_id, pick_list.pk])).content.decode()
    assert "Rak A-02-1" in page and first.number in page and second.number in page and "perlu 3" in page
    pdf = client.get(reverse("fulfillment:pick", args=[location_id, pick_list.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(
        reverse("fulfillment:pick", args=[location_id, pick_list.pk]), {f"picked_{product.variants.get().pk}": 3}
    )

    # Packing: a wrong count is refused and changes nothing, then the right one books JNE.
    pack_url = reverse("fulfillment:pack", args=[location_id, first.pk])
    wrong = client.post(pack_url, pack_form(first, count=2))
    assert (
        wrong.status_code == 400
        and "tidak cocok" in wrong.content.decode()
        and "Seharusnya 1, terhitung 2." in wrong.content.decode()
    )
    first.refresh_from_db()
    assert first.status == Status.TO_PACK and not Shipment.objects.exists() and not Parcel.objects.exists()
    client.post(pack_url, pack_form(first, dims=(40, 30, 10), notes="bubble wrap"))
    first.refresh_from_db()
    package, shipment = Package.objects.get(order=first), Shipment.objects.get(order=first)
    assert first.status == Status.READY_TO_SHIP and first.awb == shipment.awb
    # 40×30×10/6000 = 2 kg volumetric beats 0.8 kg actual: JNE is booked for 2 kg.
    assert (package.volumetric_grams, package.chargeable_grams, shipment.chargeable_grams) == (2000, 2000, 2000)
    assert Parcel.objects.get(waybill=shipment.awb).weight == 2000

    # The label decodes to the courier's AWB.
    label = client.get(reverse("seller:labels"), {"ids": first.pk})
    assert decoded(label.content) == [[("Code128", shipment.awb), ("QRCode", shipment.awb)]]

    # Pickup: a manifest lists the parcel; the courier is asked to come.
    client.post(reverse("fulfillment:pickup", args=[location_id]), {"courier": "jne"})
    manifest = Manifest.objects.get()
    assert list(manifest.shipments.all()) == [shipment]
    assert client.get(
        reverse("fulfillment:manifest", args=[location_id, manifest.pk]), {"format": "pdf"}
    ).content.startswith(b"%PDF")

    # Tracking, polled: picked up → "Dikirim"; two days later delivered → "Sampai".
    with clock.travel(dt.timedelta(hours=3)):
        shipping.poll(shipment=shipment)
    first.refresh_from_db()
    assert first.status == Status.SHIPPED and first.confirm_by is None
    with clock.travel(2 * DAY + dt.timedelta(hours=1)):
        shipping.poll(shipment=shipment)
        shipping.poll(shipment=shipment)  # a repeated poll adds nothing
    first.refresh_from_db()
    statuses = list(shipment.events.values_list("status", flat=True))
    assert statuses == [
        "confirmed",
        "allocated",
        "picked",
        "in_transit",
        "in_transit",
        "in_transit",
        "dropping_off",
        "delivered",
    ]
    assert first.status == Status.DELIVERED
    delivered_at = shipment.events.get(status="delivered").occurred_at
    assert first.confirm_by == delivered_at + dt.timedelta(days=settings.NIAGA_CONFIRM_WITHIN_DAYS)
    assert Notification.objects.filter(user=first.buyer, title="Pesanan sampai").exists()

    # The buyer sees the tracking timeline and confirms; the seller is paid less commission.
    client.force_login(first.buyer)
    page = client.get(reverse("orders:detail", args=[first.pk])).content.decode()
    assert shipment.awb in page and "Terkirim" in page and "Tiba di hub" in page and "Pesanan Diterima" in page
    with clock.travel(2 * DAY + dt.timedelta(hours=2)):
        client.post(reverse("orders:confirm", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Status.COMPLETED
    # Commission on the goods; the courier Niaga booked is paid out of the order's escrow.
    commission = first.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000
    assert money.seller_balances(store)["available"] == first.total - commission - shipment.price
    assert [e.to_status for e in first.events.all()] == [
        Status.AWAITING_PAYMENT,
        Status.TO_PACK,
        Status.READY_TO_SHIP,
        Status.SHIPPED,
        Status.DELIVERED,
        Status.COMPLETED,
    ]

    # The second order: nobody confirms; the sweep completes it after the window.
    client.force_login(seller)
    client.post(reverse("fulfillment:pack", args=[location_id, second.pk]), pack_form(second, weight=1600))
    client.post(reverse("fulfillment:pickup", args=[location_id]), {"courier": "jne"})
    second_shipment = Shipment.objects.get(order=second)
    with clock.travel(3 * DAY):
        shipping.poll(shipment=second_shipment)
        assert orders.complete_unconfirmed() == 0  # delivered, but the buyer still has days
    second.refresh_from_db()
    assert second.status == Status.DELIVERED
    with clock.travel(3 * DAY + dt.timedelta(days=settings.NIAGA_CONFIRM_WITHIN_DAYS)):
        assert orders.complete_unconfirmed() == 1
        assert orders.complete_unconfirmed() == 0  # replaying the sweep changes nothing
    second.refresh_from_db()
    assert second.status == Status.COMPLETED
    net = {
        o.pk: o.total - o.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000 - Shipment.objects.get(order=o).price
        for o in (first, second)
    }
    assert money.seller_balances(store)["available"] == sum(net.values())
    assert Stock.objects.get(variant=product.variants.get()).on_hand == 0
    assert ledger.total() == 0


def test_a_parcel_over_the_couriers_weight_limit_is_refused_at_packing(client, paid_checkout, make_store, make_product):
    store = make_store()
    product = make_product(store, stock=1, weight_grams=900)
    order = paid_checkout([(product, 1)], courier="sicepat_best")  # BEST takes at most 10 kg
    client.force_login(store.owner)
    location_id = int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])
    response = client.post(
        reverse("fulfillment:pack", args=[location_id, order.pk]), pack_form(order, dims=(60, 50, 40))
    )
    assert response.status_code == 400 and "Berat melebihi batas 10 kg" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.TO_PACK and not Parcel.objects.exists()


def test_only_staff_of_a_location_see_its_work(client, paid_checkout, make_store, make_product, make_user):
    store = make_store()
    order = paid_checkout([(make_product(store, stock=1), 1)])
    client.force_login(store.owner)
    location_id = int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])
    client.force_login(make_store().owner)  # another seller
    assert client.get(reverse("fulfillment:location", args=[location_id])).status_code == 404
    assert client.post(reverse("fulfillment:pack", args=[location_id, order.pk]), pack_form(order)).status_code == 404
    client.force_login(make_user("Tamu"))
    assert client.get(reverse("fulfillment:location", args=[location_id])).status_code == 404
