import datetime as dt
import re
import threading

import pytest
from django.db import connection

from niaga.core import clock
from niaga.inventory.models import Stock
from niaga.orders import services
from niaga.orders.models import Order
from niaga.orders.status import TRANSITIONS, Actor, Status


def test_placing_an_order_reserves_stock_and_starts_the_timeline(place):
    group = place(quantity=1, stock=3)
    order = group.orders.get()
    assert re.fullmatch(r"INV/\d{8}/TOK/\d{10}", order.number)
    assert order.status == Status.AWAITING_PAYMENT
    assert group.total == 5000 + 18000 + 1000
    assert Stock.objects.get(variant__product__store=order.store).available == 2
    event = order.events.get()
    assert (event.to_status, event.actor_role, event.reason) == (Status.AWAITING_PAYMENT, Actor.BUYER, "Pesanan dibuat")


def test_only_moves_in_the_table_are_allowed(place):
    order = place().orders.get()
    with pytest.raises(services.InvalidTransition):
        services.transition(order=order, to_status=Status.SHIPPED, role=Actor.SELLER)
    with pytest.raises(services.InvalidTransition):  # a buyer cannot mark an order paid
        services.transition(order=order, to_status=Status.TO_PACK, role=Actor.BUYER)
    order.refresh_from_db()
    assert order.status == Status.AWAITING_PAYMENT and order.events.count() == 1


def test_every_status_is_reachable_and_none_leaves_cancelled_or_completed():
    targets = {to for (_, to) in TRANSITIONS}
    assert targets | {Status.AWAITING_PAYMENT} == set(Status.values)
    assert not any(frm in {Status.CANCELLED, Status.COMPLETED} for (frm, _) in TRANSITIONS)


def test_payment_moves_every_order_to_perlu_dikemas_and_sells_the_stock(place):
    group = place(stock=2)
    paid, missed = services.mark_group_paid(group=group, reason="Pembayaran BCA VA terverifikasi")
    order = group.orders.get()
    assert [o.pk for o in paid] == [order.pk] and missed == []
    assert order.status == Status.TO_PACK and order.status_label == "Perlu Dikemas"
    stock = Stock.objects.get(variant__product__store=order.store)
    assert (stock.on_hand, stock.reserved) == (1, 0)


def test_buyer_cancels_before_paying_and_the_stock_comes_back(place):
    group = place(stock=1)
    services.buyer_cancel(group=group, buyer=group.buyer, reason="Salah pilih")
    order = group.orders.get()
    assert order.status == Status.CANCELLED
    assert order.events.last().reason == "Salah pilih"
    assert Stock.objects.get(variant__product__store=order.store).available == 1
    with pytest.raises(services.InvalidTransition):
        services.buyer_cancel(group=group, buyer=group.buyer)


def test_the_sweep_cancels_only_overdue_orders_and_is_safe_to_run_twice(place):
    overdue, fresh = place(minutes=30), place(minutes=120)
    later = clock.now() + dt.timedelta(hours=1)
    assert services.cancel_overdue(now=later) == 1
    assert services.cancel_overdue(now=later) == 0
    assert overdue.orders.get().status == Status.CANCELLED
    assert fresh.orders.get().status == Status.AWAITING_PAYMENT
    assert overdue.orders.get().events.last().reason == "Batas waktu pembayaran habis"


def test_money_after_the_deadline_does_not_revive_a_cancelled_order(place):
    group = place(minutes=1)
    services.cancel_overdue(now=clock.now() + dt.timedelta(minutes=5))
    paid, missed = services.mark_group_paid(group=group, reason="late")
    assert paid == [] and [o.pk for o in missed] == [group.orders.get().pk]
    assert group.orders.get().status == Status.CANCELLED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_and_a_payment_move_each_order_exactly_once(place):
    groups = [place(minutes=1) for _ in range(5)]
    later = clock.now() + dt.timedelta(minutes=5)
    barrier = threading.Barrier(4)
    errors = []

    def sweep():
        try:
            barrier.wait()
            services.cancel_overdue(now=later)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for group in groups:
        order = group.orders.get()
        assert order.status == Status.CANCELLED
        assert order.events.filter(to_status=Status.CANCELLED).count() == 1
    assert all(s.reserved == 0 for s in Stock.objects.all())
    assert Order.objects.filter(status=Status.AWAITING_PAYMENT).count() == 0


def test_the_operator_command_replays_the_sweep_as_of_a_later_time(place):
    from io import StringIO

    from django.core.management import call_command

    group = place(minutes=24 * 60)
    out = StringIO()
    call_command("cancel_overdue", after="23h", stdout=out)
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    call_command("cancel_overdue", after="25h", stdout=out)
    assert group.orders.get().status == Status.CANCELLED
    assert "1 pesanan dibatalkan" in out.getvalue()
