"""The stock report on the constructed history (tests/conftest.py). Movements are stamped
when they happen (today), whatever day the order was paid: every sale is in the period.

A: 20 opening − sold 2 (O1) − 3 (O2; the unit not sent was never on the shelf) − 1 (O4)
   = 14 on hand, 1 held for the unpaid O6: 13 available; 6 sold.
B: 10 opening − 1 (O1) − 2 (O3) + 2 (O3 cancelled: back on the shelf) − 1 (O5) = 8; 2 sold.
C (made here): 0 opening, 4 received at Rp12.000, never sold: dead stock worth 48.000.
"""

from __future__ import annotations

import datetime as dt

from niaga.core import clock
from niaga.inventory import services as inventory
from niaga.inventory.models import StockMovement
from niaga.reports.stock import stock_report


def test_per_variant_figures(history_movements, make_product):
    history = history_movements
    c = make_product(history.store, name="Pena Emas", price=50000, stock=0)
    inventory.receive(variant_id=c.variants.get().pk, quantity=4, unit_cost=12000, reference="PO-1")

    report = stock_report(history.store.pk, history.period)
    rows = {r.product: r for r in report.rows}
    a, b, pen = rows["Buku Tulis"], rows["Lampu Meja"], rows["Pena Emas"]

    assert (a.on_hand, a.reserved, a.available, a.sold) == (14, 1, 13, 6)
    assert a.sell_through == 30.0  # 6 / (6 + 14)
    assert a.days_of_cover == 15.2  # 13 / (6 / 7 days)
    assert (b.on_hand, b.reserved, b.available, b.sold) == (8, 0, 8, 2)
    assert b.sell_through == 20.0  # 2 / (2 + 8)
    assert b.days_of_cover == 28.0  # 8 / (2 / 7)
    assert (pen.on_hand, pen.average_cost, pen.value, pen.sold) == (4, 12000, 48000, 0)
    assert pen.sell_through == 0.0 and pen.days_of_cover is None
    assert [r.product for r in report.dead] == ["Pena Emas"]  # A and B sold today
    assert report.total_value == 48000


def test_movements_summed_by_reason(history_movements):
    history = history_movements
    report = stock_report(history.store.pk, history.period)
    moved = {m.reason: (m.on_hand_change, m.reserved_change) for m in report.movements}
    assert moved[StockMovement.Reason.OPENING] == (30, 0)
    assert moved[StockMovement.Reason.SOLD] == (-(2 + 3 + 1) - (1 + 2 + 1), -10)
    assert moved[StockMovement.Reason.RESTOCKED] == (2, 0)
    # Held for every order placed (A 2+3+1+1, B 1+2+1); the unpaid O6 still holds its unit.
    assert moved[StockMovement.Reason.RESERVED] == (0, 11)


def test_dead_days_is_a_parameter(history_movements):
    history = history_movements
    with clock.travel(dt.timedelta(days=3)):
        assert stock_report(history.store.pk, history.period, dead_days=2).dead != []
        assert stock_report(history.store.pk, history.period, dead_days=60).dead == []
