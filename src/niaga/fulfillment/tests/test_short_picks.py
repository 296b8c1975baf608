"""A picker finds fewer units than the books say: the orders paid first get what there is,
the rest go to their sellers, who cancel the missing units or the order — and the buyer's
money for what will not come goes back at once."""

import pytest
from django.urls import reverse

from niaga.fulfillment.models import PickList
from niaga.inventory.models import Stock
from niaga.ledger import selectors as ledger
from niaga.notifications.models import Notification
from niaga.orders.status import Status
from niaga.payments import money

from .test_paid_to_completed import pack_form

pytestmark = pytest.mark.django_db(transaction=True)


def location_of(client, seller) -> int:
    client.force_login(seller)
    return int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])


def pick(client, location_id, found: dict) -> PickList:
    client.post(reverse("fulfillment:new_pick_list", args=[location_id]))
    pick_list = PickList.objects.latest("pk")
    client.post(
        reverse("fulfillment:pick", args=[location_id, pick_list.pk]), {f"picked_{k}": v for k, v in found.items()}
    )
    return pick_list


def test_the_first_payer_gets_the_unit_found_and_the_other_order_is_cancelled_and_refunded(
    client, paid_checkout, make_store, make_product
):
    store = make_store()
    product = make_product(store, stock=5, weight_grams=300, price=25_000)
    variant = product.variants.get()
    early, late = paid_checkout([(product, 1)]), paid_checkout([(product, 1)])
    location_id = location_of(client, store.owner)
    pick(client, location_id, {variant.pk: 1})
    assert Stock.objects.get(variant=variant).available == 0  # the shelf was empty: the rest is written off
    assert Notification.objects.filter(user=store.owner, title=f"Stok kurang saat diambil: {late.number}").exists()

    # The short order cannot be packed until the seller decides.
    blocked = client.post(reverse("fulfillment:pack", args=[location_id, late.pk]), pack_form(late))
    assert blocked.status_code == 409
    page = client.get(reverse("seller:order", args=[late.pk])).content.decode()
    assert "Stok kurang saat diambil" in page and "terambil 0 dari 1" in page
    client.post(reverse("seller:order", args=[late.pk]), {"action": "cancel_short_order"})
    late.refresh_from_db()
    assert late.status == Status.CANCELLED
    assert money.escrow_balance(late) == 0 and money.saldo_of(late.buyer) == late.total
    assert Stock.objects.get(variant=variant).available == 0  # restocked with the order, written off again

    client.post(reverse("fulfillment:pack", args=[location_id, early.pk]), pack_form(early))
    early.refresh_from_db()
    assert early.status == Status.READY_TO_SHIP
    assert ledger.total() == 0


def test_cancelling_only_the_missing_units_refunds_them_and_packs_the_rest(
    client, paid_checkout, make_store, make_product
):
    store = make_store()
    book = make_product(store, name="Buku Tulis", stock=3, weight_grams=200, price=10_000)
    pen = make_product(store, name="Pulpen Gel", stock=3, weight_grams=50, price=4_000)
    order = paid_checkout([(book, 2), (pen, 3)])
    location_id = location_of(client, store.owner)
    pick(client, location_id, {book.variants.get().pk: 2, pen.variants.get().pk: 1})
    held = money.escrow_balance(order)
    client.post(reverse("seller:order", args=[order.pk]), {"action": "cancel_short_units"})
    order.refresh_from_db()
    pen_line = order.lines.get(product_name="Pulpen Gel")
    assert order.status == Status.TO_PACK and pen_line.cancelled_quantity == 2 and pen_line.to_send == 1
    assert money.escrow_balance(order) == held - 2 * 4_000 and money.saldo_of(order.buyer) == 2 * 4_000
    assert Notification.objects.filter(user=order.buyer, title="Pesanan diubah").exists()
    buyer_page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert "2 dibatalkan (stok kurang)" in buyer_page

    # Packing now expects what is still to send: 2 books and 1 pen.
    client.post(reverse("fulfillment:pack", args=[location_id, order.pk]), pack_form(order))
    order.refresh_from_db()
    assert order.status == Status.READY_TO_SHIP
    assert ledger.total() == 0
