"""Reorder advice: the module's formulas on constructed sales histories, hand-computed."""

from fractions import Fraction

import pytest

from niaga.inventory.models import Stock
from niaga.purchasing import advice, services
from niaga.purchasing.advice import LOW, OK, OUT, figures

from .conftest import sell


def test_the_formulas_on_round_figures():
    # 60 sold in 30 days: 2 a day. Lead 5, safety 3 days, review 7.
    f = figures(sold=60, window=30, available=14, on_order=4, lead_time=5, safety=3, review=7)
    assert f.average_daily == 2
    assert f.safety_stock == 6  # 2 x 3
    assert f.reorder_point == 16  # 2 x 5 + 6
    assert f.suggested == 12  # 2 x (5 + 7) + 6 = 30, less 14 available, less 4 on order
    assert f.days_of_cover == 7.0  # 14 / 2
    assert f.state == LOW


def test_fractions_round_up_and_no_sales_means_no_cover():
    # 10 sold in 30 days: 1/3 a day. safety ceil(1) = 1; point ceil(7/3)=3 + 1 = 4;
    # target ceil(14/3)=5 + 1 = 6; cover 5 / (1/3) = 15.
    f = figures(sold=10, window=30, available=5, on_order=0, lead_time=7, safety=3, review=7)
    assert (f.average_daily, f.safety_stock, f.reorder_point, f.suggested) == (Fraction(1, 3), 1, 4, 1)
    assert f.days_of_cover == 15.0 and f.state == OK
    idle = figures(sold=0, window=30, available=3, on_order=0, lead_time=7, safety=3, review=7)
    assert idle.days_of_cover is None and idle.reorder_point == 0 and idle.state == OK
    assert figures(sold=0, window=30, available=0, on_order=0, lead_time=7, safety=3, review=7).state == OUT


def test_a_minimum_stock_raises_the_point_and_the_target():
    f = figures(sold=0, window=30, available=2, on_order=0, lead_time=7, safety=3, review=7, min_stock=5)
    assert (f.reorder_point, f.suggested, f.state) == (5, 3, LOW)


def test_the_selector_reads_sales_lead_time_and_open_orders(shop):
    # Kopi: 10 on hand, then 45 sold over the last 30 days (on hand goes negative in this
    # construction, so receive enough first), and one sale 40 days ago outside the window.
    services.receive(
        store=shop.store, lines=[services.ReceiveLine(50, variant_id=shop.kopi.pk, unit_cost=40000)]
    )  # ad hoc: 60 on hand
    for day in range(15):
        sell(shop.kopi, 3, days_ago=day + 0.5)  # 45 in the window
    sell(shop.kopi, 7, days_ago=40)  # outside
    # on hand 60 - 52 = 8. A PO from the supplier (lead 5 days) with 10 units still to come.
    po = services.create_purchase_order(
        store=shop.store, supplier_id=shop.supplier.pk, lines=[services.LineIn(shop.kopi.pk, 10, 41000)]
    )
    services.place_order(po=po)
    [row] = advice.for_store(store_id=shop.store.pk, variant_ids=[shop.kopi.pk])
    # daily 45/30 = 1.5; lead 5 (the supplier's); safety ceil(4.5) = 5; point ceil(7.5)=8 + 5 = 13;
    # target ceil(1.5 x 12)=18 + 5 = 23; suggested 23 - 8 - 10 = 5; cover 8 / 1.5 = 5.3
    assert Stock.objects.get(variant=shop.kopi).on_hand == 8
    assert (row.sold, row.lead_time, row.on_order, row.supplier_id) == (45, 5, 10, shop.supplier.pk)
    assert (row.figures.safety_stock, row.figures.reorder_point, row.figures.suggested) == (5, 13, 5)
    assert row.figures.days_of_cover == 5.3 and row.figures.state == LOW
    assert row.last_cost == 41000  # the latest PO line's cost


def test_lead_time_falls_back_to_the_override_store_and_setting(shop, settings):
    settings.NIAGA_REORDER_LEAD_DAYS = 9
    [row] = advice.for_store(store_id=shop.store.pk, variant_ids=[shop.teh.pk])
    assert row.lead_time == 9 and row.supplier_id is None
    services.set_store_lead_time(store=shop.store, lead_time_days=4)
    assert advice.for_store(store_id=shop.store.pk, variant_ids=[shop.teh.pk])[0].lead_time == 4
    services.set_overrides(store=shop.store, variant_id=shop.teh.pk, min_stock=6, lead_time_days=2)
    [row] = advice.for_store(store_id=shop.store.pk, variant_ids=[shop.teh.pk])
    assert (row.lead_time, row.figures.reorder_point) == (2, 6)


def test_to_reorder_lists_sold_out_first_then_fewest_days_of_cover(shop, make_product):
    other = make_product(shop.store, name="Gula Aren", stock=4).variants.get()
    sell(other, 2, days_ago=1)  # 2 in 30 days, on hand 2: point ceil(7/15)=1 + ceil(1/5)=1 = 2 -> low
    rows = advice.to_reorder(store_id=shop.store.pk)
    assert [r.variant_id for r in rows] == [shop.teh.pk, other.pk]
    assert rows[0].reason == "Stok habis"
    assert rows[1].reason == "Stok 2 ≤ titik pesan ulang 2"


@pytest.mark.parametrize("bad", [{"min_stock": -1}, {"lead_time_days": 999}])
def test_overrides_out_of_range_are_refused(shop, bad):
    from niaga.core.errors import DomainError

    with pytest.raises(DomainError):
        services.set_overrides(
            store=shop.store,
            variant_id=shop.kopi.pk,
            min_stock=bad.get("min_stock"),
            lead_time_days=bad.get("lead_time_days"),
        )
