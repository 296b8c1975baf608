"""At once, on PostgreSQL: the same receipt posted by two requests receives once, and two
different receipts for the last units of a PO line cannot both take them."""

import threading

import pytest
from django.db import connection

from niaga.core.errors import DomainError
from niaga.inventory.models import Stock
from niaga.purchasing import services
from niaga.purchasing.models import Receipt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(calls):
    barrier = threading.Barrier(len(calls))
    results: list = []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _ordered(shop, quantity):
    po = services.create_purchase_order(
        store=shop.store, supplier_id=shop.supplier.pk, lines=[services.LineIn(shop.kopi.pk, quantity, 5000)]
    )
    services.place_order(po=po)
    return po, po.lines.get()


def test_the_same_key_at_once_receives_once(shop):
    po, line = _ordered(shop, 6)
    call = lambda: services.receive(  # noqa: E731
        store=shop.store,
        purchase_order_id=po.pk,
        idempotency_key="sama",
        lines=[services.ReceiveLine(6, po_line_id=line.pk)],
    )
    results = together([call] * 3)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.created for r in results) == [False, False, True]
    assert len({r.receipt.pk for r in results}) == 1 and Receipt.objects.count() == 1
    assert Stock.objects.get(variant=shop.kopi).on_hand == 16


def test_two_receipts_for_the_last_units_take_them_once(shop):
    po, line = _ordered(shop, 4)
    calls = [
        lambda k=k: services.receive(
            store=shop.store,
            purchase_order_id=po.pk,
            idempotency_key=k,
            lines=[services.ReceiveLine(4, po_line_id=line.pk)],
        )
        for k in ("a", "b")
    ]
    results = together(calls)
    assert sum(isinstance(r, DomainError) for r in results) == 1
    line.refresh_from_db()
    assert line.received == 4 and Stock.objects.get(variant=shop.kopi).on_hand == 14
