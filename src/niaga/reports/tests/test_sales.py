"""The sales report on the constructed history (tests/conftest.py), against figures worked
out by hand from that table."""

from __future__ import annotations

import datetime as dt

from niaga.reports.periods import Period, today
from niaga.reports.sales import sales_report, totals


def test_totals_count_orders_by_paid_time_with_deductions(history):
    t = totals(history.store.pk, history.period)
    # Goods paid: O1 45.000 + O2 30.000 + O3 50.000 + O4 8.000 = 133.000; plus the store's
    # flash discount on O4 (10.000 − 8.000) = 135.000 gross.
    assert t.gross == 135_000
    assert t.discounts == 2_000
    assert t.cancelled == 10_000 + 50_000  # O2's unsent unit, O3 cancelled after payment
    assert t.refunds == 4_000
    assert t.net == 135_000 - 2_000 - 60_000 - 4_000 == 69_000
    assert (t.orders, t.cancelled_orders) == (3, 1)  # O1, O2, O4; O3 cancelled; O6 never paid
    assert t.units == 3 + 2 + 1
    assert t.average_order == 23_000


def test_previous_period_of_the_same_length_and_the_change(history):
    report = sales_report(history.store.pk, history.period)
    assert report.previous == Period(today() - dt.timedelta(days=13), today() - dt.timedelta(days=7))
    changes = {c.name: c for c in report.changes}
    assert (changes["net"].now, changes["net"].before) == (69_000, 25_000)  # O5 alone before
    assert changes["net"].delta == 44_000
    assert changes["net"].percent == 176.0
    assert (changes["orders"].before, changes["orders"].delta) == (1, 2)
    assert changes["discounts"].percent is None  # nothing before: no percentage


def test_series_by_day_sums_to_the_net(history):
    report = sales_report(history.store.pk, history.period, grouping="day")
    by_day = {p.start: (p.orders, p.units, p.net) for p in report.series}
    day = lambda back: today() - dt.timedelta(days=back)  # noqa: E731
    assert by_day == {
        day(5): (1, 3, 45_000),
        day(3): (1, 2, 20_000),
        day(1): (1, 1, 8_000 - 4_000),  # O3 cancelled nets to 0; O4 less its refund
    }
    assert sum(p.net for p in report.series) == report.totals.net


def test_series_by_month_and_week_keep_the_total(history):
    for grouping in ("week", "month"):
        report = sales_report(history.store.pk, history.period, grouping=grouping)
        assert sum(p.net for p in report.series) == 69_000
        assert sum(p.orders for p in report.series) == 3


def test_breakdowns(history):
    b = sales_report(history.store.pk, history.period).breakdowns

    def rows(by):
        return {r.label: (r.orders, r.units, r.sales, r.cancelled, r.remaining) for r in b[by]}

    assert rows("product") == {
        "Buku Tulis": (3, 5, 58_000, 10_000, 48_000),
        "Lampu Meja": (1, 1, 75_000, 50_000, 25_000),
    }
    assert rows("category") == {
        "Buku": (3, 5, 58_000, 10_000, 48_000),
        "Elektronik": (1, 1, 75_000, 50_000, 25_000),
    }
    methods = {r.key: (r.orders, r.units, r.sales, r.cancelled) for r in b["payment"]}
    assert methods == {"va_bca": (2, 4, 53_000, 0), "qris": (1, 2, 80_000, 60_000)}
    assert rows("courier") == {
        "JNE Reguler": (1, 3, 95_000, 50_000, 45_000),
        "SiCepat": (2, 3, 38_000, 10_000, 28_000),
    }
    assert rows("city") == {
        "Kota Bandung": (1, 3, 95_000, 50_000, 45_000),
        "Kota Surabaya": (2, 3, 38_000, 10_000, 28_000),
    }


def test_another_store_sees_none_of_it(history, make_store):
    other = make_store()
    assert totals(other.pk, history.period).gross == 0


def test_one_pass_over_order_cells_equals_grouping_each_breakdown_in_sql(history):
    from niaga.reports.sales import ORDER_LEVEL, breakdown

    store, period = history.store.pk, history.period
    report = sales_report(store, period, limit=None)
    assert report.totals == totals(store, period)
    for by in ORDER_LEVEL:
        assert report.breakdowns[by] == breakdown(store, period, by)
        assert sales_report(store, period, limit=1).breakdowns[by] == breakdown(store, period, by, limit=1)


def test_gross_margin_is_the_costed_units_revenue_less_their_cost_when_sold(place, make_store, make_product):
    """10 units came in at Rp20.000 and 10 at Rp26.000 (average Rp23.000); two orders of 2 are
    paid, then one is cancelled back onto the shelf; a third product never had a cost."""
    from niaga.inventory import services as inventory
    from niaga.orders import services as orders
    from niaga.orders.status import Actor, Status
    from niaga.payments import money
    from niaga.reports import periods, sales

    store = make_store()
    product = make_product(store, price=50000, stock=0)
    variant = product.variants.get()
    inventory.receive(variant_id=variant.pk, quantity=10, unit_cost=20000)
    inventory.receive(variant_id=variant.pk, quantity=10, unit_cost=26000)
    kept, cancelled = place(quantity=2, product=product), place(quantity=2, product=product)
    uncosted = place(quantity=1, product=make_product(store, price=30000, stock=3))
    for group in (kept, cancelled, uncosted):
        money.record_payment(group=group, gateway_order_id=f"pay-{group.code}", method="va_bca")
        orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    orders.transition(order=cancelled.orders.get(), to_status=Status.CANCELLED, role=Actor.SYSTEM)

    today = periods.Period(clock_today(), clock_today())
    totals = sales.totals(store.pk, today)
    assert totals.net == 2 * 50000 + 30000  # the cancelled order's goods come off
    assert totals.cost_of_goods == 2 * 23000  # sold 4 at 23.000, 2 put back at 23.000
    assert (totals.units_without_cost, totals.revenue_without_cost) == (1, 30000)
    assert totals.gross_margin == 100000 - 46000  # the uncosted unit's Rp30.000 is left out


def clock_today():
    from django.utils import timezone

    from niaga.core import clock

    return timezone.localtime(clock.now()).date()
