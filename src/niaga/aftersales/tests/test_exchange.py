"""Exchange, end to end: the damaged unit goes back through the courier simulator, the seller
writes it off, the replacement's unit is held, then shipped on a new leg with its own AWB;
its delivery resolves the complaint and completes the order — only then is escrow released,
less both postages the seller owed."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.aftersales.status import Outcome, Reason, Resolution
from niaga.aftersales.status import Status as CS
from niaga.core import clock
from niaga.fulfillment.tests.test_labels import decoded
from niaga.inventory.models import Reservation, ReturnedStock, Stock
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.orders.status import Status
from niaga.payments import money
from niaga.sandbox.models import Parcel
from niaga.shipping import legs
from niaga.shipping.models import Leg, Shipment

from .couriered import DELIVERY, couriered, open_complaint, paid_checkout  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.timedelta(days=1)


def released(order) -> bool:
    return Transaction.objects.filter(key=f"release:{order.pk}").exists()


def stock_of(product) -> tuple[int, int]:
    stock = Stock.objects.get(variant=product.variants.get())
    return stock.on_hand, stock.reserved


def test_a_damaged_unit_is_exchanged_on_a_replacement_leg_and_the_order_completes(
    client, couriered, make_store, make_product, make_user, settings, second_factor
):
    store = make_store()
    product = make_product(store, stock=3, weight_grams=400, price=60_000)
    order = couriered([(product, 1)])
    buyer, seller = order.buyer, store.owner
    complaint = open_complaint(order, reason=Reason.DAMAGED, resolution=Resolution.EXCHANGE)
    assert stock_of(product) == (2, 0)

    # The way back, booked by the buyer, carried by the simulator.
    client.force_login(buyer)
    with clock.travel(DELIVERY):
        client.post(reverse("aftersales:return_book", args=[complaint.pk]), {"courier": "sicepat_reg"})
    back = Leg.objects.get(reference=complaint.number, kind=Leg.Kind.RETURN)
    assert back.payer == "seller"
    with clock.travel(DELIVERY + 3 * DAY):
        legs.poll_leg(leg=back)
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_RECEIVED

    # The seller writes the damaged unit off; the replacement's unit is held at once.
    client.force_login(seller)
    line = complaint.lines.get()
    with clock.travel(DELIVERY + 3 * DAY):
        client.post(
            reverse("aftersales:seller_return_confirm", args=[complaint.pk]),
            {f"sellable_{line.pk}": 0, f"written_off_{line.pk}": 1, "note": "Retak di pegangan"},
        )
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_RECEIVED and complaint.return_case.replacement_held
    assert stock_of(product) == (2, 1)  # one held for the replacement
    assert ReturnedStock.objects.get(reference=complaint.number).condition == "written_off"
    page = client.get(reverse("aftersales:seller_return", args=[complaint.pk])).content.decode()
    assert "Kirim barang pengganti" in page and 'value="jne_reg"' in page

    # The replacement ships on its own leg, from the store to the buyer.
    with clock.travel(DELIVERY + 3 * DAY + dt.timedelta(hours=1)):
        shipped = client.post(reverse("aftersales:seller_replacement", args=[complaint.pk]), {"courier": "jne_reg"})
    assert shipped.status_code == 302
    replacement = Leg.objects.get(reference=complaint.number, kind=Leg.Kind.REPLACEMENT)
    assert replacement.awb != back.awb and replacement.payer == "seller"
    assert Parcel.objects.get(waybill=replacement.awb).destination_area_id == order.shipping_address["regency_code"]
    assert stock_of(product) == (1, 0)  # the held unit left with the courier
    assert Reservation.objects.get(reference=f"{complaint.number}/TUKAR").status == "committed"
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert complaint.status == CS.REPLACEMENT_SHIPPED and order.status == Status.COMPLAINT and not released(order)
    for who, name in ((seller, "aftersales:seller_return_label"), (buyer, "aftersales:return_label")):
        client.force_login(who)
        label = client.get(reverse(name, args=[complaint.pk, "pengganti"]))
        assert decoded(label.content) == [[("Code128", replacement.awb), ("QRCode", replacement.awb)]]
    assert replacement.awb in client.get(reverse("aftersales:return", args=[complaint.pk])).content.decode()

    # Niaga's mediation page shows both parcels and where they are.
    operator = make_user("Operator Niaga")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    second_factor(client, operator)  # staff pages ask for a second factor
    mediation = client.get(reverse("aftersales:operator_detail", args=[complaint.pk])).content.decode()
    assert back.awb in mediation and replacement.awb in mediation

    # Delivered to the buyer: exchanged, the order completes, escrow is released at last.
    with clock.travel(DELIVERY + 8 * DAY):
        legs.poll_due()
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (CS.RESOLVED, Outcome.EXCHANGED, 0)
    assert order.status == Status.COMPLETED and released(order)
    assert money.saldo_of(buyer) == 0
    commission = order.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000
    outbound = Shipment.objects.get(order=order).price
    assert money.seller_balances(store)["available"] == (
        order.total - commission - outbound - back.price - replacement.price
    )
    assert money.postage_owed(store.pk) == 0  # both postages taken back from this income
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_a_seller_without_stock_for_the_replacement_refunds_instead(client, couriered, make_store, make_product):
    store = make_store()
    product = make_product(store, stock=1, weight_grams=400, price=45_000)
    order = couriered([(product, 1)])
    complaint = open_complaint(order, reason=Reason.WRONG_ITEM, resolution=Resolution.EXCHANGE)
    client.force_login(order.buyer)
    with clock.travel(DELIVERY):
        client.post(reverse("aftersales:return_book", args=[complaint.pk]), {"courier": "jne_reg"})
    with clock.travel(DELIVERY + 3 * DAY):
        legs.poll_due()
        client.force_login(store.owner)
        line = complaint.lines.get()
        client.post(
            reverse("aftersales:seller_return_confirm", args=[complaint.pk]),
            {f"sellable_{line.pk}": 0, f"written_off_{line.pk}": 1},
        )
        complaint.refresh_from_db()
        assert complaint.status == CS.RETURN_RECEIVED and not complaint.return_case.replacement_held
        refused = client.post(reverse("aftersales:seller_replacement", args=[complaint.pk]), {"courier": "jne_reg"})
        assert refused.status_code == 302 and not Leg.objects.filter(kind=Leg.Kind.REPLACEMENT).exists()
        client.post(reverse("aftersales:seller_refund_instead", args=[complaint.pk]))
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (CS.RESOLVED, Outcome.REFUND_FULL)
    assert complaint.refund_amount == order.total == money.saldo_of(order.buyer)
    assert order.status == Status.RETURNED and not released(order)
    assert ledger.total() == 0
