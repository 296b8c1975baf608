"""The operator's marketplace report on a constructed history, against hand-computed figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.ledger.models import Transaction
from niaga.orders.models import Order, OrderEvent
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import PaymentAttempt
from niaga.reports import marketplace, settlement

# The operator's report reads the reports replica when one is set (the PostgreSQL pass sets it to
# the test database): committed rows, every alias.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

TODAY = timezone.localdate()
D1, D2 = TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def history(settings, place, make_store, make_product, make_user):
    """D1: buyer X pays o1 (Toko A, Rp100.000 + Rp18.000) by BCA VA after one failed BCA VA
    attempt; buyer Y pays o2 (Toko B, Rp50.000 + Rp18.000) by GoPay. D2: X comes back for o3
    (Toko B, 2 × Rp50.000) by GoPay; o1 completes (5% commission on goods, Rp5.000); o1 and o2
    arrive — o1 within its "2-3 hari", o2 shipped six days before D1, late. Every checkout
    pays a Rp1.000 service fee."""
    settings.NIAGA_COMMISSION_BPS = 500
    settings.NIAGA_COMMISSION_BASE = "goods"
    a, b = make_store(name="Toko A"), make_store(name="Toko B")
    pa, pb = make_product(a, price=100_000, stock=5), make_product(b, price=50_000, stock=5)
    x = make_user("X")

    def paid(product, quantity, buyer, day, method, failed=0):
        group = place(quantity=quantity, product=product)
        if buyer is not None:
            group.orders.update(buyer=buyer)
            type(group).objects.filter(pk=group.pk).update(buyer=buyer)
            group.refresh_from_db()
        for n in range(failed):
            attempt = PaymentAttempt.objects.create(
                group=group,
                method=method,
                gateway_order_id=f"{group.code}-f{n}",
                status="failed",
                gross_amount=group.total,
            )
            PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=at(day, 9))
        attempt = PaymentAttempt.objects.create(
            group=group,
            method=method,
            gateway_order_id=f"{group.code}-1",
            status="settlement",
            gross_amount=group.total,
            paid_at=at(day, 10),
        )
        PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=at(day, 10))
        money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method=method)
        Transaction.objects.filter(key=f"payment:{group.code}-1").update(created_at=at(day, 10))
        group.orders.update(paid_at=at(day, 10))
        return group.orders.get()

    o1 = paid(pa, 1, x, D1, "va_bca", failed=1)
    o2 = paid(pb, 1, None, D1, "gopay")
    o3 = paid(pb, 2, x, D2, "gopay")
    money.release_to_seller(order=o1)
    Transaction.objects.filter(key=f"release:{o1.pk}").update(created_at=at(D2, 15))
    Order.objects.filter(pk=o1.pk).update(shipped_at=at(D1, 12))
    Order.objects.filter(pk=o2.pk).update(shipped_at=at(D1, 12) - dt.timedelta(days=6))
    for order in (o1, o2):
        OrderEvent.objects.create(
            order=order, from_status=Status.SHIPPED, to_status=Status.DELIVERED, actor_role=Actor.COURIER,
            created_at=at(D2, 14),
        )  # fmt: skip
    return {"orders": (o1, o2, o3), "stores": (a, b)}


def _report():
    return marketplace.report(period=settlement.period(D1, TODAY))


@pytest.fixture(autouse=True)
def no_slack(monkeypatch):
    """Here every change is committed before the next run starts: no change needs the margin
    for one stamped just before a run and committed after it (test_slack says what it does)."""
    from niaga.reports import marketdays

    monkeypatch.setattr(marketdays, "SLACK", dt.timedelta(0))


def test_report_per_day_equals_hand_computed_figures(history):
    rep = _report()
    d1, d2, today = rep.days
    assert (d1.day, d1.gmv, d1.orders, d1.commission, d1.fees) == (D1, 186_000, 2, 0, 2_000)
    assert d1.take_rate == round(100 * 2_000 / 186_000, 2) == 1.08
    assert (d1.attempts, d1.paid_attempts, d1.buyers, d1.new_buyers, d1.returning_buyers) == (3, 2, 2, 2, 0)
    assert d1.by_method == {
        "gopay": {"attempts": 1, "paid": 1, "amount": 69_000},
        "va_bca": {"attempts": 2, "paid": 1, "amount": 119_000},
    }
    assert (d2.gmv, d2.orders, d2.commission, d2.fees, d2.take_rate) == (118_000, 1, 5_000, 1_000, 5.08)
    assert (d2.deliveries, d2.on_time, d2.on_time_rate) == (2, 1, 50.0)
    assert (d2.buyers, d2.new_buyers, d2.returning_buyers) == (1, 0, 1)
    assert (today.gmv, today.orders, today.attempts, today.deliveries) == (0, 0, 0, 0)
    assert rep.gmv == 304_000 and rep.take_rate == round(100 * 8_000 / 304_000, 2)


def test_methods_couriers_and_top_lists(history):
    rep = _report()
    assert [(m.method, m.attempts, m.paid, m.amount, m.success_rate, m.mix) for m in rep.methods] == [
        ("gopay", 2, 2, 188_000, 100.0, round(100 * 188_000 / 307_000, 2)),
        ("va_bca", 2, 1, 119_000, 50.0, round(100 * 119_000 / 307_000, 2)),
    ]
    assert [(c.courier, c.deliveries, c.on_time, c.on_time_rate) for c in rep.couriers] == [("JNE Reguler", 2, 1, 50.0)]
    assert [(s.name, s.gmv, s.orders) for s in rep.top_stores] == [("Toko B", 186_000, 2), ("Toko A", 118_000, 1)]
    assert [(c.gmv, c.orders) for c in rep.top_categories] == [(250_000, 3)]


def test_only_an_operator_with_a_second_factor_sees_it(client, history, make_user, second_factor):
    seller = history["stores"][0].owner
    client.force_login(seller)
    page = client.get(reverse("reports:marketplace"))
    assert page.status_code == 302 and "/operator/laporan/" not in page["Location"].split("?")[0]
    assert client.get(reverse("reports:marketplace_csv")).status_code == 302
    assert client.get("/api/v1/operator/reports/marketplace").status_code == 403

    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    client.force_login(operator)  # staff without the second factor: asked for it
    assert client.get(reverse("reports:marketplace")).status_code == 302
    assert client.get("/api/v1/operator/reports/marketplace").status_code == 403

    second_factor(client, operator)
    query = f"?dari={D1}&sampai={TODAY}"
    page = client.get(reverse("reports:marketplace") + query)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="gmv">Rp304.000<' in html and "<svg" in html and "style=" not in html
    body = client.get("/api/v1/operator/reports/marketplace" + query).json()
    assert (body["gmv"], body["orders"], body["days"][1]["returning_buyers"]) == (304_000, 3, 1)
    assert body["methods"][1]["success_rate"] == 50.0
    csv_text = b"".join(client.get(reverse("reports:marketplace_csv") + query).streaming_content)
    lines = csv_text.decode("utf-8-sig").splitlines()
    assert lines[1].startswith(f"{D1.isoformat()},186000,2,0,2000,1.08,3,2,")
    assert client.get("/api/v1/operator/reports/marketplace?dari=kemarin").status_code == 422


# --- the daily rollup: closed days read from it give the live figures ---------------------


def test_rolled_up_days_give_the_same_report_as_computing_live(history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from niaga.reports import marketdays
    from niaga.reports.models import MarketDay, MarketDayStore

    whole = settlement.period(D1 - dt.timedelta(days=1), TODAY)
    live = marketplace.report(period=whole)
    assert live.gmv == 304_000 and MarketDay.objects.count() == 0

    # The job today: D1 and the day before are closed, D2 (yesterday) and today are not.
    done = marketdays.roll_closed(since=D1 - dt.timedelta(days=1))
    assert done == [D1 - dt.timedelta(days=1), D1]
    assert MarketDay.objects.get(day=D1).gmv == 186_000
    assert sorted(MarketDayStore.objects.filter(day=D1).values_list("gmv", flat=True)) == [68_000, 118_000]
    mixed = marketplace.report(period=whole)
    assert mixed == live

    # Every day rolled: the report no longer reads orders, attempts, postings or events.
    assert marketdays.roll_closed(since=D1, today=TODAY + dt.timedelta(days=2)) == [D2, TODAY]
    with CaptureQueriesContext(connection) as captured:
        rolled = marketplace.report(period=whole)
    assert rolled == live
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("orders_order", "payments_paymentattempt", "ledger_entry", "orders_orderevent"):
        assert f'"{table}"' not in sql


def test_rollup_is_idempotent_and_waits_for_the_day_to_close(history):
    from niaga.reports import marketdays
    from niaga.reports.models import MarketDay, MarketDayMethod

    # Today: D1 (two days back) is closed, D2 (yesterday) is not.
    assert marketdays.roll_closed(since=D1) == [D1]
    assert marketdays.roll_closed(since=D1) == []
    before = list(MarketDayMethod.objects.filter(day=D1).values_list("method", "attempts", "paid", "amount"))
    assert sorted(before) == [("gopay", 1, 1, 69_000), ("va_bca", 2, 1, 119_000)]
    assert marketdays.roll_closed(since=D1, force=True) == [D1]
    assert sorted(MarketDayMethod.objects.filter(day=D1).values_list("method", "attempts", "paid", "amount")) == before
    assert list(MarketDay.objects.values_list("day", flat=True)) == [D1]


def test_the_job_and_the_command_roll_up_closed_days(history):
    from django.core.management import call_command

    from niaga.reports import tasks
    from niaga.reports.models import MarketDay

    assert tasks.roll_market_days.call_local() >= 1  # from the first paid order's day to D1
    assert MarketDay.objects.filter(day=D1).exists() and not MarketDay.objects.filter(day=D2).exists()
    call_command("rollup_marketplace", "--force", "--since", D1.isoformat(), stdout=open("/dev/null", "w"))
    assert MarketDay.objects.get(day=D1).orders == 2


# --- closed days that change later: found and rolled again, one run at a time -----------------


def _late_refund(order, amount: int):
    from niaga.payments.models import Refund

    return Refund.objects.create(
        attempt=order.group.payments.get(status="settlement"), order=order, key=f"late:{order.pk}", amount=amount
    )


def test_a_late_refund_shows_after_the_next_rollup_without_force(history):
    from niaga.reports import marketdays

    o1 = history["orders"][0]
    before = D1 - dt.timedelta(days=1)
    assert marketdays.roll_closed(since=before) == [before, D1]
    assert _report().days[0].refunds == 0

    _late_refund(o1, 20_000)  # o1 was paid on D1, rolled up already
    assert _report().days[0].refunds == 0  # the rollup is stale until the next run
    assert marketdays.roll_closed(since=before) == [D1]  # only the day that changed
    rep = _report()
    assert (rep.days[0].day, rep.days[0].refunds, rep.refunds) == (D1, 20_000, 20_000)
    assert marketdays.roll_closed(since=before) == []  # seen: not rolled again

    live = marketdays.live(D1, D1, using="default").days[D1]
    assert marketdays.rolled(D1, D1, using="default").days[D1] == live


def test_a_late_cancel_of_units_is_seen_through_its_event(history):
    from niaga.orders.models import OrderLine
    from niaga.reports import marketdays

    o2 = history["orders"][1]
    assert marketdays.roll_closed(since=D1) == [D1]
    OrderLine.objects.filter(order=o2).update(cancelled_quantity=1)
    OrderEvent.objects.create(
        order=o2, from_status=Status.TO_PACK, to_status=Status.TO_PACK, actor_role=Actor.SELLER,
        created_at=timezone.now(),
    )  # fmt: skip
    assert marketdays.roll_closed(since=D1) == [D1]
    assert [(c.gmv, c.orders) for c in _report().top_categories] == [(200_000, 3)]


def test_slack_a_change_stamped_just_before_a_run_counts_as_later(history, monkeypatch):
    """A refund stamped before a run started may commit after the run read the day: within
    SLACK of a day's roll it makes the day stale anyway (rolled again, never missed), until a
    roll starts more than SLACK after it."""
    from niaga.core import clock
    from niaga.payments.models import Refund
    from niaga.reports import marketdays

    monkeypatch.setattr(marketdays, "SLACK", dt.timedelta(minutes=10))
    assert marketdays.roll_closed(since=D1) == [D1]
    refund = _late_refund(history["orders"][0], 5_000)
    Refund.objects.filter(pk=refund.pk).update(created_at=clock.now() - dt.timedelta(minutes=5))
    assert marketdays.roll_closed(since=D1) == [D1]
    with clock.travel(dt.timedelta(hours=1)):
        assert marketdays.roll_closed(since=D1) == [D1]  # its last roll was within SLACK of it
        with clock.travel(dt.timedelta(hours=1)):
            assert marketdays.roll_closed(since=D1) == []


@pytest.mark.postgres
def test_two_rollups_at_once_never_interleave(history):
    """Two workers (the hourly job and the command) start together: one waits for the other's
    lock, then finds nothing left to do; the rollup holds each day once, equal to live."""
    import threading

    from django.db import connections

    from niaga.reports import marketdays
    from niaga.reports.models import MarketDay, MarketDayMethod, MarketDayStore

    before = D1 - dt.timedelta(days=1)
    barrier = threading.Barrier(2)
    results: list = []
    errors: list[str] = []

    def run():
        try:
            barrier.wait()
            results.append(marketdays.roll_closed(since=before))
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(results) == [[], [before, D1]]
    assert list(MarketDay.objects.values_list("day", flat=True)) == [before, D1]
    assert MarketDayMethod.objects.filter(day=D1).count() == 2
    assert MarketDayStore.objects.filter(day=D1).count() == 2
    assert marketdays.rolled(D1, D1, using="default").days[D1] == marketdays.live(D1, D1, using="default").days[D1]

    _late_refund(history["orders"][0], 20_000)
    results.clear()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(results) == [[], [D1]]
    assert MarketDay.objects.get(day=D1).refunds == 20_000
