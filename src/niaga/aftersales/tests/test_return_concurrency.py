"""PostgreSQL, several workers at once: a return booked twice at the same moment is one live
booking with its postage posted once (the other AWB given back); a receipt confirmed by the
seller twice while the deadline's sweep runs is one refund, its units back on the shelf once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from niaga.aftersales import returns
from niaga.aftersales.status import Reason, Resolution
from niaga.aftersales.status import Status as CS
from niaga.core import clock
from niaga.inventory.models import ReturnedStock, Stock
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.payments import money
from niaga.sandbox.models import Parcel
from niaga.shipping import legs
from niaga.shipping.models import Leg

from .couriered import DELIVERY, couriered, open_complaint, paid_checkout  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls) -> tuple[list, list[Exception]]:
    """Run the calls in threads released together; their results and what they raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[Exception] = []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results, errors


def test_a_return_booked_twice_at_once_is_booked_and_charged_once(couriered, make_store, make_product):
    order = couriered([(make_product(make_store(), stock=2, price=40_000), 1)])
    complaint = open_complaint(order, reason=Reason.DAMAGED, resolution=Resolution.RETURN_REFUND)

    def book():
        return returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg").pk

    with clock.travel(DELIVERY):  # one offset for every thread (the clock's travel is process-wide)
        results, errors = at_once(book, book)
    assert errors == [] and results[0] == results[1]
    live = Leg.objects.exclude(status="cancelled").get(reference=complaint.number)
    assert Transaction.objects.filter(key__startswith="postage:leg:").count() == 1
    assert money.postage_owed(order.store_id) == live.price
    # Any AWB the losing request took was given back to the courier.
    others = Parcel.objects.filter(reference_id=complaint.number).exclude(waybill=live.awb)
    assert all(p.cancelled_at for p in others)
    assert ledger.total() == 0


def test_a_receipt_confirmed_twice_while_the_sweep_runs_refunds_once(couriered, make_store, make_product):
    product = make_product(make_store(), stock=2, price=40_000)
    order = couriered([(product, 1)])
    complaint = open_complaint(order, reason=Reason.DAMAGED, resolution=Resolution.RETURN_REFUND)
    with clock.travel(DELIVERY):
        leg = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        legs.poll_leg(leg=leg)
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_RECEIVED
    line = complaint.lines.get()
    deadline = returns.case_for(complaint).confirm_by + dt.timedelta(minutes=1)

    def confirm():
        returns.confirm_receipt(complaint=complaint, seller=order.store.owner, conditions={line.pk: (1, 0)})

    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        _, errors = at_once(confirm, confirm, lambda: returns.sweep_returns(now=deadline))
    assert len(errors) <= 2 and all(
        isinstance(e, returns.ReturnNotAllowed | returns.services.InvalidMove) for e in errors
    )
    complaint.refresh_from_db()
    assert complaint.status == CS.RESOLVED and complaint.refund_amount == order.total
    assert Transaction.objects.filter(key=f"complaint:{complaint.number}:refund").count() == 1
    assert money.saldo_of(order.buyer) == order.total
    records = list(ReturnedStock.objects.filter(reference=complaint.number))
    assert len(records) == 1 and records[0].quantity == 1
    on_hand = Stock.objects.get(variant=product.variants.get()).on_hand
    assert on_hand == 2 - 1 + (1 if records[0].condition == "sellable" else 0)
    assert ledger.total() == 0
