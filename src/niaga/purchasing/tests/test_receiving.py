"""Purchase orders and goods received: partial receipts, the moving-average cost, one receipt
per idempotency key, and the status graph's refusals (which change nothing)."""

import pytest

from niaga.core.errors import Conflict, DomainError, NotFound
from niaga.fulfillment.models import Location
from niaga.inventory.models import Stock, StockLevel, StockMovement
from niaga.purchasing import services
from niaga.purchasing.models import PurchaseOrder, Receipt
from niaga.purchasing.status import TRANSITIONS, Status


def _po(shop, *lines):
    return services.create_purchase_order(
        store=shop.store,
        supplier_id=shop.supplier.pk,
        lines=[services.LineIn(*x) for x in lines] or [services.LineIn(shop.kopi.pk, 20, 30000)],
    )


def test_numbers_run_per_store_and_year(shop, make_store, make_product):
    first, second = _po(shop), _po(shop)
    assert first.number.startswith("PO-") and first.number.endswith("-000001")
    assert second.number.endswith("-000002")
    other = make_store()
    other_supplier = services.create_supplier(store=other, data={"name": "Lain"})
    variant = make_product(other).variants.get()
    po = services.create_purchase_order(
        store=other, supplier_id=other_supplier.pk, lines=[services.LineIn(variant.pk, 1, 1)]
    )
    assert po.number.endswith("-000001")


def test_partial_receipts_move_the_status_and_the_moving_average_cost(shop):
    # 10 units on hand at cost 0 (listed without a cost). Order 20 @ 30.000 and 10 teh @ 12.000.
    po = _po(shop, (shop.kopi.pk, 20, 30000), (shop.teh.pk, 10, 12000))
    services.place_order(po=po)
    kopi_line, teh_line = po.lines.all()
    first = services.receive(
        store=shop.store, purchase_order_id=po.pk, lines=[services.ReceiveLine(5, po_line_id=kopi_line.pk)]
    )
    po.refresh_from_db()
    assert first.created and po.status == Status.PARTIAL
    stock = Stock.objects.get(variant=shop.kopi)
    # The 10 listed units had no cost: they are not free goods, so they take the receipt's 30.000
    # (averaged in at 0 they would have made it 10.000, and every later sale's margin too wide).
    assert (stock.on_hand, stock.average_cost) == (15, 30000)
    # The rest at once: (15 x 30.000 + 15 x 30.000) / 30 = 30.000
    services.receive(
        store=shop.store,
        purchase_order_id=po.pk,
        lines=[services.ReceiveLine(15, po_line_id=kopi_line.pk), services.ReceiveLine(10, po_line_id=teh_line.pk)],
    )
    po.refresh_from_db()
    stock.refresh_from_db()
    assert po.status == Status.RECEIVED and po.finished_at is not None
    assert (stock.on_hand, stock.average_cost) == (30, 30000)
    teh = Stock.objects.get(variant=shop.teh)
    assert (teh.on_hand, teh.average_cost) == (10, 12000)  # from nothing: the receipt's cost
    moves = StockMovement.objects.filter(stock=stock, reason=StockMovement.Reason.RECEIVED).order_by("pk")
    assert [(m.on_hand_change, m.unit_cost, m.location_id) for m in moves] == [
        (5, 30000, po.location_id),
        (15, 30000, po.location_id),
    ]
    assert [m.reference for m in moves] == list(Receipt.objects.order_by("pk").values_list("number", flat=True))
    # the PO's location ships the store's orders: its 10 opening units are there too
    assert StockLevel.objects.get(stock=stock, location=po.location).on_hand == 10 + 20


def test_more_than_ordered_is_refused_unless_ticked(shop):
    po = _po(shop, (shop.kopi.pk, 4, 1000))
    services.place_order(po=po)
    line = po.lines.get()
    with pytest.raises(DomainError) as refused:
        services.receive(store=shop.store, purchase_order_id=po.pk, lines=[services.ReceiveLine(5, po_line_id=line.pk)])
    assert "lines.0.quantity" in refused.value.fields
    assert Stock.objects.get(variant=shop.kopi).on_hand == 10 and not Receipt.objects.exists()
    services.receive(
        store=shop.store, purchase_order_id=po.pk, allow_over=True, lines=[services.ReceiveLine(5, po_line_id=line.pk)]
    )
    po.refresh_from_db()
    assert po.status == Status.RECEIVED and po.lines.get().received == 5


def test_a_receipt_posted_twice_receives_once(shop):
    po = _po(shop)
    services.place_order(po=po)
    line = po.lines.get()
    args = {"store": shop.store, "purchase_order_id": po.pk, "idempotency_key": "klik-1"}
    one = services.receive(**args, lines=[services.ReceiveLine(5, po_line_id=line.pk)])
    two = services.receive(**args, lines=[services.ReceiveLine(5, po_line_id=line.pk)])
    assert one.created and not two.created and one.receipt.pk == two.receipt.pk
    assert Stock.objects.get(variant=shop.kopi).on_hand == 15
    assert po.lines.get().received == 5


def test_into_another_of_the_stores_locations_but_not_a_strangers(shop, make_store):
    from niaga.fulfillment import services as fulfillment

    po = _po(shop)
    services.place_order(po=po)
    second = Location.objects.create(
        name="Gudang 2",
        store=shop.store,
        regency_code="32.73",
        regency_name="Bandung",
        province_code="32",
        province_name="Jabar",
    )
    line = po.lines.get()
    services.receive(
        store=shop.store,
        purchase_order_id=po.pk,
        location_id=second.pk,
        lines=[services.ReceiveLine(2, po_line_id=line.pk)],
    )
    assert StockLevel.objects.get(stock__variant=shop.kopi, location=second).on_hand == 2
    theirs = fulfillment.store_location(store=make_store())
    with pytest.raises(DomainError) as refused:
        services.receive(
            store=shop.store,
            purchase_order_id=po.pk,
            location_id=theirs.pk,
            lines=[services.ReceiveLine(2, po_line_id=line.pk)],
        )
    assert "location_id" in refused.value.fields


def test_ad_hoc_receipt_with_cost(shop):
    done = services.receive(
        store=shop.store, note="Stok awal", lines=[services.ReceiveLine(8, variant_id=shop.teh.pk, unit_cost=9000)]
    )
    assert done.receipt.purchase_order is None and done.receipt.number.startswith("GR-")
    assert Stock.objects.filter(variant=shop.teh).values_list("on_hand", "average_cost").get() == (8, 9000)


def test_a_variant_of_another_store_is_refused(shop, make_store, make_product):
    foreign = make_product(make_store(), stock=1).variants.get()
    with pytest.raises(DomainError) as refused:
        _po(shop, (foreign.pk, 1, 1))
    assert "lines.0.variant_id" in refused.value.fields
    with pytest.raises(DomainError):
        services.receive(store=shop.store, lines=[services.ReceiveLine(1, variant_id=foreign.pk, unit_cost=1)])
    assert not PurchaseOrder.objects.exists() and Stock.objects.get(variant=foreign).on_hand == 1


def test_the_status_graph_refuses_and_changes_nothing(shop):
    draft = _po(shop)
    with pytest.raises(Conflict):  # nothing to close short
        services.close_short(po=draft)
    with pytest.raises(Conflict):  # a draft is not receivable
        services.receive(
            store=shop.store,
            purchase_order_id=draft.pk,
            lines=[services.ReceiveLine(1, po_line_id=draft.lines.get().pk)],
        )
    services.place_order(po=draft)
    with pytest.raises(Conflict):
        services.place_order(po=draft)
    services.receive(
        store=shop.store, purchase_order_id=draft.pk, lines=[services.ReceiveLine(1, po_line_id=draft.lines.get().pk)]
    )
    with pytest.raises(Conflict):  # goods are on the shelf: close it short instead
        services.cancel(po=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PARTIAL
    services.close_short(po=draft)
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED
    for move in (services.place_order, services.cancel, services.close_short):
        with pytest.raises(Conflict):
            move(po=draft)
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED
    assert TRANSITIONS[Status.CANCELLED] == frozenset()


def test_a_strangers_po_is_not_found(shop, make_store):
    po = _po(shop)
    services.place_order(po=po)
    with pytest.raises(NotFound):
        services.receive(store=make_store(), purchase_order_id=po.pk, lines=[services.ReceiveLine(1, po_line_id=1)])


def test_units_listed_without_a_cost_take_the_known_average_instead_of_counting_as_free(shop):
    # kopi: 10 units listed with no cost. 10 @ 20.000 → 20.000 (not (10 x 0 + 10 x 20.000) / 20 = 10.000);
    # then 10 @ 26.000 over 20 known units → (20 x 20.000 + 10 x 26.000) / 30 = 22.000.
    def receive(unit_cost):
        services.receive(
            store=shop.store, lines=[services.ReceiveLine(10, variant_id=shop.kopi.pk, unit_cost=unit_cost)]
        )
        return Stock.objects.filter(variant=shop.kopi).values_list("on_hand", "average_cost").get()

    assert Stock.objects.get(variant=shop.kopi).average_cost == 0
    assert receive(20000) == (20, 20000)
    assert receive(26000) == (30, 22000)
