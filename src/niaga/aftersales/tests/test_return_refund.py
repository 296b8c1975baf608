"""Return and refund, end to end: the seller accepts a return, the buyer books it over HTTP
(a courier choice, an AWB, a printable label), the courier simulator carries it back, the
seller confirms each unit's condition, and the refund follows — with the postage posted to
whoever pays it, the stock as the seller found it, and escrow never released early."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Outcome, Reason, Resolution
from niaga.aftersales.status import Status as CS
from niaga.core import clock
from niaga.fulfillment.tests.test_labels import decoded
from niaga.inventory.models import ReturnedStock, Stock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.orders.status import Status
from niaga.payments import money
from niaga.payments.models import Refund
from niaga.sandbox.models import Parcel
from niaga.shipping import legs, tasks
from niaga.shipping.models import Leg, Shipment

from .couriered import DELIVERY, couriered, open_complaint, paid_checkout  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def released(order) -> bool:
    return Transaction.objects.filter(key=f"release:{order.pk}").exists()


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_a_damaged_order_goes_back_at_the_sellers_cost_and_is_refunded_in_full(
    client, couriered, make_store, make_product, settings
):
    store = make_store()
    product = make_product(store, stock=3, weight_grams=400, price=50_000)
    order = couriered([(product, 2)])
    buyer, seller = order.buyer, store.owner
    complaint = open_complaint(order, reason=Reason.DAMAGED, resolution=Resolution.RETURN_REFUND)
    assert complaint.status == CS.RETURN_REQUESTED
    order.refresh_from_db()
    assert order.status == Status.COMPLAINT and not released(order)

    # The buyer finds the way back from the order and the complaint, chooses a courier and books it.
    client.force_login(buyer)
    return_url = reverse("aftersales:return", args=[complaint.pk])
    assert return_url in client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert return_url in client.get(reverse("aftersales:detail", args=[complaint.pk])).content.decode()
    page = client.get(reverse("aftersales:return", args=[complaint.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ditanggung penjual" in text and 'value="jne_reg"' in text
    with clock.travel(DELIVERY):
        booked = client.post(reverse("aftersales:return_book", args=[complaint.pk]), {"courier": "jne_reg"})
    assert booked.status_code == 302
    leg = Leg.objects.get(reference=complaint.number)
    assert (leg.kind, leg.payer, leg.courier, leg.service) == ("return", "seller", "jne", "reg")
    parcel = Parcel.objects.get(waybill=leg.awb)
    assert parcel.destination_area_id == store.city_code and parcel.pickup_requested_at is not None
    # The seller has no income yet: Niaga fronts the postage, the seller owes it.
    assert money.postage_owed(store.pk) == leg.price and money.seller_balances(store)["available"] == 0
    label = client.get(reverse("aftersales:return_label", args=[complaint.pk, "retur"]))
    assert label["Content-Type"] == "application/pdf"
    assert decoded(label.content) == [[("Code128", leg.awb), ("QRCode", leg.awb)]]
    assert leg.awb in client.get(reverse("aftersales:return", args=[complaint.pk])).content.decode()

    # The courier simulator carries it: picked up → shipped back; delivered → received.
    with clock.travel(DELIVERY + dt.timedelta(hours=3)):
        tasks.poll_tracking.call_local()
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_SHIPPED
    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        legs.poll_due()
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_RECEIVED and complaint.return_case.confirm_by is not None
    order.refresh_from_db()
    assert order.status == Status.COMPLAINT and not released(order)

    # The seller confirms: one unit back on sale, one written off. A wrong count is refused first.
    client.force_login(seller)
    seller_url = reverse("aftersales:seller_return", args=[complaint.pk])
    assert seller_url in client.get(reverse("aftersales:seller_detail", args=[complaint.pk])).content.decode()
    assert "Periksa barang yang kembali" in client.get(seller_url).content.decode()
    url = reverse("aftersales:seller_return_confirm", args=[complaint.pk])
    line = complaint.lines.get()
    wrong = client.post(url, {f"sellable_{line.pk}": 2, f"written_off_{line.pk}": 1})
    assert wrong.status_code == 400 and "Jumlahnya harus 2" in wrong.content.decode()
    assert not ReturnedStock.objects.exists()
    with clock.travel(DELIVERY + dt.timedelta(days=3, hours=1)):
        done = client.post(url, {f"sellable_{line.pk}": 1, f"written_off_{line.pk}": 1, "note": "Satu sobek"})
    assert done.status_code == 302

    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (CS.RESOLVED, Outcome.REFUND_FULL)
    assert complaint.refund_amount == order.total  # every unit back: goods and shipping
    assert order.status == Status.RETURNED and not released(order)
    assert money.saldo_of(buyer) == order.total  # a VA payment is refunded to saldo
    stock = Stock.objects.get(variant=product.variants.get())
    assert (stock.on_hand, stock.reserved) == (3 - 2 + 1, 0)
    records = {
        (r.condition, r.quantity, r.recorded_by) for r in ReturnedStock.objects.filter(reference=complaint.number)
    }
    assert records == {("sellable", 1, seller), ("written_off", 1, seller)}
    # The seller's postage is posted and still owed (no income to take it from yet).
    postage = Transaction.objects.get(key=f"postage:leg:{leg.pk}")
    assert {e.account.code: e.amount for e in postage.entries.all()} == {
        acc.postage_fronted(store.pk): -leg.price,
        acc.WORLD_COURIERS: leg.price,
    }
    assert money.postage_owed(store.pk) == leg.price
    books_balance()
    page = client.get(reverse("aftersales:seller_return", args=[complaint.pk])).content.decode()
    assert "1 kembali ke stok · 1 dihapuskan" in page


def test_a_partial_return_for_the_buyers_own_reason_takes_the_postage_from_the_refund(
    client, couriered, make_store, make_product, settings
):
    store = make_store()
    product = make_product(store, stock=3, weight_grams=400, price=80_000)
    order = couriered([(product, 2)], method="gopay")  # GoPay takes partial refunds back to the wallet
    line = order.lines.get()
    complaint = open_complaint(order, reason=Reason.OTHER, resolution=Resolution.RETURN_REFUND, units={line.pk: 1})
    client.force_login(order.buyer)
    assert "dipotong dari dana" in client.get(reverse("aftersales:return", args=[complaint.pk])).content.decode()
    with clock.travel(DELIVERY):
        client.post(reverse("aftersales:return_book", args=[complaint.pk]), {"courier": "jne_reg"})
    leg = Leg.objects.get(reference=complaint.number)
    assert leg.payer == "buyer" and money.escrow_balance(order) == order.total - leg.price
    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        legs.poll_leg(leg=leg)
    client.force_login(store.owner)
    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        client.post(
            reverse("aftersales:seller_return_confirm", args=[complaint.pk]),
            {f"sellable_{complaint.lines.get().pk}": 1, f"written_off_{complaint.lines.get().pk}": 0},
        )
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert complaint.status == CS.RESOLVED and complaint.refund_amount == 80_000 - leg.price
    refund = Refund.objects.get(order=order)  # through the gateway, not to saldo
    assert (refund.amount, refund.key) == (80_000 - leg.price, f"complaint:{complaint.number}:refund")
    assert order.group.payments.get().status == "partial_refund" and money.saldo_of(order.buyer) == 0
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0  # sent
    # The seller keeps the other unit and the shipping, less commission on the goods kept
    # and the outbound courier; the buyer's postage did not touch the seller's share.
    assert order.status == Status.COMPLETED and released(order)
    shipment = Shipment.objects.get(order=order)
    kept_goods = 80_000
    commission = kept_goods * settings.NIAGA_COMMISSION_BPS // 10_000
    assert money.seller_balances(store)["available"] == kept_goods + order.shipping_cost - commission - shipment.price
    assert Stock.objects.get(variant=product.variants.get()).on_hand == 3 - 2 + 1
    books_balance()


def test_returns_and_labels_are_404_to_a_foreign_buyer_or_seller(
    client, couriered, make_store, make_product, make_user
):
    store = make_store()
    order = couriered([(make_product(store, stock=1, price=30_000), 1)])
    complaint = open_complaint(order, reason=Reason.WRONG_ITEM, resolution=Resolution.RETURN_REFUND)
    client.force_login(order.buyer)
    with clock.travel(DELIVERY):
        client.post(reverse("aftersales:return_book", args=[complaint.pk]), {"courier": "jne_reg"})
    assert Leg.objects.filter(reference=complaint.number).exists()
    buyer_urls = [
        ("get", reverse("aftersales:return", args=[complaint.pk])),
        ("get", reverse("aftersales:return_label", args=[complaint.pk, "retur"])),
        ("post", reverse("aftersales:return_book", args=[complaint.pk])),
        ("post", reverse("aftersales:return_cancel", args=[complaint.pk])),
        ("post", reverse("aftersales:return_refresh", args=[complaint.pk])),
    ]
    seller_urls = [
        ("get", reverse("aftersales:seller_return", args=[complaint.pk])),
        ("get", reverse("aftersales:seller_return_label", args=[complaint.pk, "retur"])),
        ("post", reverse("aftersales:seller_return_confirm", args=[complaint.pk])),
        ("post", reverse("aftersales:seller_replacement", args=[complaint.pk])),
        ("post", reverse("aftersales:seller_refund_instead", args=[complaint.pk])),
        ("post", reverse("aftersales:seller_return_refresh", args=[complaint.pk])),
    ]
    client.force_login(make_user("Pembeli lain"))
    for method, url in buyer_urls:
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(make_store().owner)  # another store's seller
    for method, url in buyer_urls + seller_urls:
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(store.owner)  # the seller is not the buyer
    for method, url in buyer_urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("aftersales:seller_return_label", args=[complaint.pk, "retur"])).status_code == 200
    assert client.get(reverse("aftersales:seller_return_label", args=[complaint.pk, "pengganti"])).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).status == CS.RETURN_REQUESTED  # nothing moved
