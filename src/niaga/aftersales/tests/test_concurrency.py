"""PostgreSQL, several workers at once: a complaint is opened once per order, ends once, and
its refund is paid once, whoever presses at the same moment (the seller, the buyer, the sweep)."""

import threading

import pytest
from django.db import connection

from niaga.conftest import png
from niaga.core.errors import DomainError
from niaga.ledger.models import Transaction
from niaga.orders import services as orders
from niaga.orders.status import Status as OrderStatus

from .. import services
from ..models import Complaint
from ..status import Reason, Resolution, Status
from .conftest import books_balance, escrow, line_of, saldo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    """Run the calls in threads released together; a rule's refusal is an answer, not an error."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[str] = []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except DomainError as exc:
            results[i] = exc
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    return results


def opener(order, name="Mug", quantity=1):
    return lambda: services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, name).pk, quantity=quantity)],
        reason=Reason.DAMAGED,
        description="Mug retak di bagian bibir gelas.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )


def test_two_complaints_at_once_open_one(delivered):
    order = delivered()
    results = at_once(opener(order, "Mug"), opener(order, "Kaos"))
    assert sum(isinstance(r, Complaint) for r in results) == 1
    assert Complaint.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLAINT
    assert order.events.filter(to_status=OrderStatus.COMPLAINT).count() == 1


def test_the_confirmation_sweep_and_a_new_complaint_at_once_do_one_or_the_other(delivered):
    order = delivered()
    at_once(opener(order), lambda: orders.complete_unconfirmed(now=order.confirm_by))
    order.refresh_from_db()
    complained = Complaint.objects.filter(order=order).exists()
    if complained:
        assert order.status == OrderStatus.COMPLAINT and escrow(order) == order.total
    else:
        assert order.status == OrderStatus.COMPLETED and escrow(order) == 0
    assert Transaction.objects.filter(key=f"release:{order.pk}").count() == (0 if complained else 1)
    books_balance()


def test_the_seller_the_buyer_and_the_sweep_at_once_end_it_once(delivered):
    order = delivered()
    complaint = opener(order, quantity=2)()
    results = at_once(
        lambda: services.seller_accept(complaint=Complaint.objects.get(pk=complaint.pk), seller=order.store.owner),
        lambda: services.withdraw(complaint=Complaint.objects.get(pk=complaint.pk), buyer=order.buyer),
        lambda: services.sweep_overdue(now=complaint.respond_by),
    )
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert complaint.status in (Status.RESOLVED, Status.WITHDRAWN)
    assert Transaction.objects.filter(key=f"complaint:{complaint.number}:refund").count() == (
        1 if complaint.refund_amount else 0
    )
    assert saldo(order.buyer) == complaint.refund_amount
    assert order.status == OrderStatus.COMPLETED and escrow(order) == 0
    assert order.events.filter(from_status=OrderStatus.COMPLAINT).count() == 1
    assert complaint.messages.filter(role="system").count() == 1
    assert sum(isinstance(r, DomainError) for r in results[:2]) >= 1
    books_balance()


def test_an_offer_taken_twice_at_once_is_refunded_once(delivered):
    order = delivered()
    complaint = opener(order, quantity=2)()
    services.seller_offer(complaint=complaint, seller=order.store.owner, amount=40_000, reason="Satu mug saja rusak.")
    fresh = lambda: Complaint.objects.get(pk=complaint.pk)  # noqa: E731
    at_once(
        lambda: services.accept_offer(complaint=fresh(), buyer=order.buyer),
        lambda: services.accept_offer(complaint=fresh(), buyer=order.buyer),
        lambda: services.sweep_overdue(now=fresh().buyer_respond_by),
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.refund_amount) == (Status.RESOLVED, 40_000)
    assert saldo(order.buyer) == 40_000
    assert Transaction.objects.filter(kind="refund", reference=order.number).count() == 1
    books_balance()
