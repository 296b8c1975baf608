"""Gross margin over the units whose cost is known (reports/margin.py), worked out by hand.

Product A sells at Rp50.000; 10 units came in at Rp20.000 and 10 at Rp26.000 (average Rp23.000)
before any sale. Product B sells at Rp30.000 and never had a cost. Four orders are paid today:

| order | lines  | later                                                              |
| ----- | ------ | ------------------------------------------------------------------ |
| O1    | 3 × A  | 1 unit could not be sent (short pick, cancelled)                   |
| O2    | 2 × A  | complaint refunds Rp100.000; 1 unit back sellable, 1 written off   |
| O3    | 2 × A  | cancelled after payment: back on the shelf                         |
| O4    | 1 × A, | complaint over 1 A and 1 B refunds Rp40.000 (no return), shared    |
|       | 2 × B  | by value 50.000 : 30.000 → Rp25.000 on A, Rp15.000 on B            |

Between the sales and the cancel/return, 10 more units of A come in at Rp35.000: the average
moves to Rp28.455, but units put back come off at the Rp23.000 they were sold at.
"""

from __future__ import annotations

import datetime as dt

import pytest

from niaga.reports import periods, sales


def _today() -> periods.Period:
    from django.utils import timezone

    from niaga.core import clock

    day = timezone.localtime(clock.now()).date()
    return periods.Period(day, day)


@pytest.fixture
def shop(make_user, make_store, make_product, make_address):
    from niaga.core import clock
    from niaga.inventory import services as inventory
    from niaga.orders import services as orders
    from niaga.payments import money

    store = make_store()
    a = make_product(store, name="Tas Anyaman Rotan", price=50000, stock=0)
    b = make_product(store, name="Dompet Batik Tulis", price=30000, stock=3)
    va, vb = a.variants.get(), b.variants.get()
    inventory.receive(variant_id=va.pk, quantity=10, unit_cost=20000)
    inventory.receive(variant_id=va.pk, quantity=10, unit_cost=26000)

    def order(*lines):
        buyer = make_user("Pembeli")
        draft = orders.OrderDraft(
            store_id=store.pk,
            store_code="TOK",
            courier_code="jne_reg",
            courier_name="JNE Reguler",
            shipping_eta="2-3 hari",
            shipping_cost=18000,
            lines=[orders.LineDraft(p.variants.get().pk, p.name, "", p.price, q, p.weight_grams) for p, q in lines],
        )
        group = orders.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address={"recipient_name": make_address(buyer).recipient_name},
            payment_method="va_bca",
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(hours=1),
        ).group
        money.record_payment(group=group, gateway_order_id=f"pay-{group.code}", method="va_bca")
        orders.mark_group_paid(group=group, reason="Pembayaran diterima")
        return group.orders.get()

    o1, o2, o3, o4 = order((a, 3)), order((a, 2)), order((a, 2)), order((a, 1), (b, 2))
    return store, va, vb, (o1, o2, o3, o4)


def _complaint(order, refund: int, claimed: dict[int, int]):
    """A complaint settled with this refund over these units ({variant id: units}); the flow
    itself is aftersales' to test, the report reads these rows."""
    from niaga.aftersales.models import Complaint, ComplaintLine
    from niaga.core import clock

    complaint = Complaint.objects.create(
        number=f"KOM-{order.number}",
        order=order,
        buyer=order.buyer,
        store=order.store,
        reason="damaged",
        description="Barang rusak.",
        resolution="return_refund",
        status="resolved",
        respond_by=clock.now(),
        refund_amount=refund,
        outcome="refund_partial",
    )
    for line in order.lines.all():
        if claimed.get(line.variant_id):
            ComplaintLine.objects.create(complaint=complaint, order_line=line, quantity=claimed[line.variant_id])
    return complaint


@pytest.fixture
def after(shop):
    """The later events of the table above."""
    from niaga.inventory import services as inventory
    from niaga.inventory.models import ReturnedStock
    from niaga.orders import services as orders
    from niaga.orders.status import Actor, Status

    store, va, vb, (o1, o2, o3, o4) = shop
    orders.cancel_units(order=o1, line=o1.lines.get(), quantity=1, actor=store.owner, reason="Stok kurang")
    inventory.receive(variant_id=va.pk, quantity=10, unit_cost=35000)
    orders.transition(order=o3, to_status=Status.CANCELLED, role=Actor.SYSTEM)
    returned = _complaint(o2, 100000, {va.pk: 2})
    sellable, gone = ReturnedStock.Condition.SELLABLE, ReturnedStock.Condition.WRITTEN_OFF
    inventory.receive_returned(
        reference=returned.number,
        units=[inventory.Returned(va.pk, 1, sellable), inventory.Returned(va.pk, 1, gone)],
    )
    _complaint(o4, 40000, {va.pk: 1, vb.pk: 1})
    return shop


def test_the_moving_average_moved_before_the_units_came_back(after):
    from niaga.inventory.models import Stock

    _, va, _, _ = after
    assert Stock.objects.get(variant=va).average_cost == round((12 * 23000 + 10 * 35000) / 22) == 28455


def test_margin_counts_only_costed_units_at_the_cost_they_were_sold_at(after):
    store, *_ = after
    t = sales.totals(store.pk, _today())
    # Goods 150.000 + 100.000 + 100.000 + 110.000; O1's unsent unit and O3 cancelled; two refunds.
    assert t.net == 460000 - (50000 + 100000) - (100000 + 40000) == 170000
    # A kept: O1 2 (3 less 1 unsent), O2 1 (2 less 1 back on the shelf; the written-off one is
    # gone and keeps its cost), O3 0 (all back), O4 1: 4 units at Rp23.000.
    assert t.costed_units == 4
    assert t.cost_of_goods == 4 * 23000 == 92000
    # A's revenue: O1 100.000 + O2 100.000 − 100.000 refunded + O4 50.000 − 25.000 of its refund.
    assert t.costed_revenue == 125000
    assert t.gross_margin == 125000 - 92000 == 33000
    assert t.margin_percent == 26.4
    # B: 2 units, 60.000 less its 15.000 share of O4's refund.
    assert (t.units_without_cost, t.revenue_without_cost) == (2, 45000)
    assert t.costed_revenue + t.revenue_without_cost == t.net
    assert t.without_cost == "2 unit (Rp45.000 pendapatan) belum punya harga pokok: tidak dihitung dalam laba kotor."


def test_before_the_cancel_and_the_return_every_sold_unit_counts(shop):
    store, *_ = shop
    t = sales.totals(store.pk, _today())
    assert (t.costed_units, t.cost_of_goods) == (8, 8 * 23000)
    assert t.costed_revenue == 8 * 50000
    assert t.gross_margin == 8 * (50000 - 23000)
    assert (t.units_without_cost, t.revenue_without_cost) == (2, 60000)


def test_page_api_and_export_say_what_the_margin_leaves_out(after, client):
    from niaga.reports.sheets import sales_sheets

    store, *_ = after
    report = sales.sales_report(store.pk, _today())
    summary = {row[0]: row[1] for row in sales_sheets(report)["summary"].rows}
    assert summary["Laba kotor"] == 33000
    assert summary["Pendapatan unit berharga pokok"] == 125000
    assert summary["Unit belum punya harga pokok"] == 2
    assert summary["Pendapatan unit tanpa harga pokok"] == 45000
    assert summary["Margin laba kotor (%)"] == 26.4
    assert report.totals.without_cost in summary

    client.force_login(store.owner)
    page = client.get("/toko-saya/laporan/", {"period": "7d"}).content.decode()
    assert "2 unit (Rp45.000 pendapatan) belum punya harga pokok" in page
    assert "Laba kotor (26,4%)" in page  # written as Indonesians write it, not 26.4
    totals = client.get("/api/v1/seller/reports/sales", {"period": "7d"}).json()["totals"]
    assert (totals["costed_revenue"], totals["cost_of_goods"], totals["gross_margin"]) == (125000, 92000, 33000)
    assert (totals["units_without_cost"], totals["revenue_without_cost"]) == (2, 45000)
    assert totals["without_cost"] == report.totals.without_cost
