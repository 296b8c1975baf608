"""Every path that changes stock writes its movement, in the same transaction, naming why,
which order or document, and who."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.inventory import locations, services, warehouse
from niaga.inventory.models import Stock, StockLevel, StockMovement
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status

pytestmark = pytest.mark.django_db

R = StockMovement.Reason


def moves(variant, *reasons):
    rows = StockMovement.objects.filter(stock__variant=variant).order_by("pk")
    if reasons:
        rows = rows.filter(reason__in=reasons)
    return [(m.reason, m.on_hand_change, m.reserved_change, m.reference, m.actor_id, m.actor_label) for m in rows]


def figures(variant):
    stock = Stock.objects.get(variant=variant)
    return stock.on_hand, stock.reserved


@pytest.fixture
def order(place):
    group = place(quantity=2, stock=5)
    return group.orders.get()


def test_listing_a_product_writes_its_opening_stock_at_the_ship_from_location(make_store, make_product):
    store = make_store()
    variant = make_product(store, stock=4).variants.get()
    movement = StockMovement.objects.get(stock__variant=variant)
    assert (movement.reason, movement.on_hand_change, movement.location_id) == (
        R.OPENING,
        4,
        locations.default_for_store(store.pk),
    )
    assert StockLevel.objects.get(stock__variant=variant).on_hand == 4


def test_placing_an_order_holds_units_at_the_ship_from_location_with_the_order_number(order):
    variant = order.lines.get().variant
    assert moves(variant, R.RESERVED) == [(R.RESERVED, 0, 2, order.number, order.buyer_id, "pembeli")]
    reservation = order.lines.get().variant.stock.reservations.get()
    assert reservation.location_id == locations.default_for_store(order.store_id)
    assert StockLevel.objects.get(stock__variant=variant).reserved == 2


def test_a_buyer_cancel_releases_with_the_buyer_as_actor(order):
    variant = order.lines.get().variant
    orders.buyer_cancel(group=order.group, buyer=order.buyer)
    assert moves(variant, R.RELEASED) == [(R.RELEASED, 0, -2, order.number, order.buyer_id, "")]
    assert figures(variant) == (5, 0)


def test_an_expired_order_releases_as_kedaluwarsa(order):
    variant = order.lines.get().variant
    orders.cancel_overdue(now=clock.now() + dt.timedelta(days=2))
    assert moves(variant, R.RELEASED) == [(R.RELEASED, 0, -2, order.number, None, "kedaluwarsa")]


def test_payment_sells_and_a_cancel_after_payment_restocks(order):
    variant = order.lines.get().variant
    orders.mark_group_paid(group=order.group, reason="Pembayaran diterima")
    assert moves(variant, R.SOLD) == [(R.SOLD, -2, -2, order.number, None, "pembayaran")]
    order.refresh_from_db()
    orders.transition(
        order=order, to_status=Status.CANCELLED, role=Actor.SELLER, actor=order.store.owner, reason="Habis"
    )
    assert moves(variant, R.RESTOCKED) == [(R.RESTOCKED, 2, 0, order.number, order.store.owner_id, "")]
    assert figures(variant) == (5, 0)
    assert StockLevel.objects.get(stock__variant=variant).on_hand == 5


def test_units_sold_carry_the_average_cost_and_come_back_at_it(order):
    """5 opening units (no cost yet) and 5 received at Rp2.000: the opening units are not free,
    they take the receipt's cost, so 2 are sold at Rp2.000 (not the Rp1.000 of averaging them in
    at zero); a receipt at Rp5.000 moves the average before the cancel, but the units put back
    are the ones sold, at Rp2.000."""
    variant = order.lines.get().variant
    services.receive(variant_id=variant.pk, quantity=5, unit_cost=2000)
    orders.mark_group_paid(group=order.group, reason="Pembayaran diterima")
    services.receive(variant_id=variant.pk, quantity=5, unit_cost=5000)
    assert Stock.objects.get(variant=variant).average_cost == round((8 * 2000 + 5 * 5000) / 13) == 3154
    order.refresh_from_db()
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SYSTEM, reason="Habis")
    costs = StockMovement.objects.filter(stock__variant=variant, reason__in=[R.SOLD, R.RESTOCKED])
    assert sorted(costs.values_list("reason", "on_hand_change", "unit_cost")) == [
        (R.RESTOCKED, 2, 2000),
        (R.SOLD, -2, 2000),
    ]


def test_returned_units_back_on_sale_are_a_movement_and_written_off_ones_are_not(make_store, make_product):
    store = make_store()
    variant = make_product(store, stock=1).variants.get()
    services.receive_returned(
        reference="KMP-1",
        units=[services.Returned(variant.pk, 2, "sellable"), services.Returned(variant.pk, 1, "written_off")],
        by=store.owner,
    )
    assert moves(variant, R.RETURNED) == [(R.RETURNED, 2, 0, "KMP-1", store.owner.pk, "")]
    assert figures(variant) == (3, 0)
    assert variant.stock.returns.count() == 2  # both recorded


def test_a_write_off_names_its_document(make_store, make_product):
    variant = make_product(make_store(), stock=3).variants.get()
    assert services.write_off(variant_id=variant.pk, quantity=5, reference="PCK-1") == 3
    assert moves(variant, R.WRITTEN_OFF) == [(R.WRITTEN_OFF, -3, 0, "PCK-1", None, "sistem")]


def test_the_seller_setting_stock_is_an_adjustment_by_them(make_store, make_product):
    store = make_store()
    variant = make_product(store, stock=3).variants.get()
    services.set_variant_stock(variant=variant, stock="7", actor=store.owner)
    assert moves(variant, R.ADJUSTED) == [(R.ADJUSTED, 4, 0, "", store.owner.pk, "")]
    services.set_variant_stock(variant=variant, stock="7", actor=store.owner)  # no change, no movement
    assert len(moves(variant, R.ADJUSTED)) == 1


def test_setting_stock_over_the_api_names_the_seller(make_store, make_product, client):
    from niaga.accounts.services import issue_token

    store = make_store()
    product = make_product(store, stock=3)
    variant = product.variants.get()
    token = issue_token(user=store.owner, name="app", scopes=["products"])
    answer = client.put(
        f"/api/v1/seller/products/{product.pk}/variants/{variant.pk}/stock",
        {"stock": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    assert moves(variant, R.ADJUSTED) == [(R.ADJUSTED, -2, 0, "", store.owner.pk, "")]


def test_set_location_stock_keeps_held_units_held(make_store, make_product, second_warehouse):
    store = make_store()
    variant = make_product(store, stock=3).variants.get()
    services.reserve(lines=[(variant.pk, 2)], reference="ORD-1")
    here = locations.default_for_store(store.pk)
    level = services.set_location_stock(variant=variant, location_id=here, available=0, reference="IMP-1")
    assert (level.on_hand, level.reserved) == (2, 2)
    far = second_warehouse(store)
    services.set_location_stock(variant=variant, location_id=far.pk, available=6, reason=R.IMPORTED)
    assert figures(variant) == (8, 2)
    assert moves(variant, R.ADJUSTED, R.IMPORTED)[-2:] == [
        (R.ADJUSTED, -1, 0, "IMP-1", None, ""),
        (R.IMPORTED, 6, 0, "", None, ""),
    ]
    with pytest.raises(DomainError):  # another store's warehouse is nobody's business here
        services.set_location_stock(variant=variant, location_id=second_warehouse(make_store()).pk, available=1)


def test_goods_received_is_a_movement_with_its_cost(make_store, make_product):
    variant = make_product(make_store(), stock=0).variants.get()
    services.receive(variant_id=variant.pk, quantity=4, unit_cost=2500, reference="PO-1")
    movement = StockMovement.objects.get(stock__variant=variant, reason=R.RECEIVED)
    assert (movement.on_hand_change, movement.unit_cost, movement.reference) == (4, 2500, "PO-1")


def test_a_transfer_moves_units_between_warehouses_under_one_number(make_store, make_product, second_warehouse):
    store = make_store()
    variant = make_product(store, stock=5).variants.get()
    services.reserve(lines=[(variant.pk, 2)], reference="ORD-1")
    here, far = locations.default_for_store(store.pk), second_warehouse(store).pk
    with pytest.raises(Conflict, match="tinggal 3"):  # two of the five are held for an order
        warehouse.transfer(store=store, source_id=here, destination_id=far, lines=[(variant.pk, 4)], actor=store.owner)
    doc = warehouse.transfer(
        store=store, source_id=here, destination_id=far, lines=[(variant.pk, 3)], actor=store.owner
    )
    assert moves(variant, R.TRANSFER_OUT, R.TRANSFER_IN) == [
        (R.TRANSFER_OUT, -3, 0, doc.number, store.owner.pk, ""),
        (R.TRANSFER_IN, 3, 0, doc.number, store.owner.pk, ""),
    ]
    levels = dict(StockLevel.objects.filter(stock__variant=variant).values_list("location_id", "on_hand"))
    assert levels == {here: 2, far: 3} and figures(variant) == (5, 2)
    with pytest.raises(DomainError):
        warehouse.transfer(store=store, source_id=far, destination_id=far, lines=[(variant.pk, 1)])
    with pytest.raises(DomainError):  # not this store's variant
        other = make_product(make_store(), stock=5).variants.get()
        warehouse.transfer(store=store, source_id=here, destination_id=far, lines=[(other.pk, 1)])


def test_a_stock_count_adjusts_each_difference_once_with_the_reason(make_store, make_product):
    store = make_store()
    book = make_product(store, name="Buku", stock=5).variants.get()
    pen = make_product(store, name="Pulpen", stock=2).variants.get()
    here = locations.default_for_store(store.pk)
    count = warehouse.start_count(store=store, location_id=here, actor=store.owner)
    assert {(line.stock.variant_id, line.expected) for line in count.lines.all()} == {(book.pk, 5), (pen.pk, 2)}
    warehouse.enter_counts(
        count=count,
        entries={book.stock.pk: {"counted": 3, "why": "rusak", "note": "kena air"}, pen.stock.pk: {"counted": 2}},
    )
    warehouse.confirm_count(count=count, actor=store.owner)
    warehouse.confirm_count(count=count, actor=store.owner)  # twice: nothing more
    assert moves(book, R.COUNTED) == [(R.COUNTED, -2, 0, count.number, store.owner.pk, "")]
    assert StockMovement.objects.get(reason=R.COUNTED).note == "Rusak: kena air"
    assert moves(pen, R.COUNTED) == []
    assert figures(book) == (3, 0)
    with pytest.raises(Conflict):
        warehouse.enter_counts(count=count, entries={book.stock.pk: {"counted": 1, "why": "hilang"}})


def test_a_count_below_the_units_held_for_orders_is_refused(make_store, make_product):
    store = make_store()
    variant = make_product(store, stock=5).variants.get()
    services.reserve(lines=[(variant.pk, 3)], reference="ORD-1")
    count = warehouse.start_count(store=store, location_id=locations.default_for_store(store.pk))
    warehouse.enter_counts(count=count, entries={variant.stock.pk: {"counted": 2, "why": "hilang"}})
    with pytest.raises(DomainError, match="Periksa") as refused:
        warehouse.confirm_count(count=count, actor=store.owner)
    assert "ditahan" in refused.value.fields[f"counted_{variant.stock.pk}"]
    count.refresh_from_db()
    assert count.status == "draft" and figures(variant) == (5, 3)


def test_stock_from_before_levels_is_placed_at_the_ship_from_location_on_first_touch(make_store, make_product):
    store = make_store()
    variant = make_product(store, stock=0).variants.get()
    Stock.objects.filter(variant=variant).update(on_hand=4)  # as an old database had it
    services.reserve(lines=[(variant.pk, 1)], reference="ORD-1")
    level = StockLevel.objects.get(stock__variant=variant)
    assert (level.location_id, level.on_hand, level.reserved) == (locations.default_for_store(store.pk), 4, 1)
