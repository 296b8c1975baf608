"""The indexes the reports read by are their models' own (orders, payments, ledger); the raw
ones of reports 0002 are gone after 0004, so a fresh and an upgraded database end the same;
and on PostgreSQL the reports' queries can use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from niaga.ledger.models import Transaction
from niaga.orders.models import Order, OrderEvent
from niaga.orders.status import Status
from niaga.payments.models import PaymentAttempt, Refund

pytestmark = pytest.mark.django_db

RAW = {"reports_order_paid_at", "reports_order_buyer_paid", "reports_attempt_created", "reports_event_status_at"}
RAW |= {"reports_txn_created"}
OWN = {
    Order: {"order_paid_at", "order_buyer_paid", "order_store_paid"},
    OrderEvent: {"order_event_status_at", "order_event_created"},
    PaymentAttempt: {"attempt_created", "attempt_paid"},
    Refund: {"refund_created"},
    Transaction: {"txn_created"},
}


def _indexes(model) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def test_the_models_indexes_are_there_and_the_raw_ones_are_not():
    for model, names in OWN.items():
        present = _indexes(model)
        assert names <= present, model
        assert not (RAW & present), model


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_ends_with_the_same_indexes():
    """0004 undone brings the raw indexes back (as 0002 made them); done again, they go."""
    from django.core.management import call_command

    call_command("migrate", "reports", "0003", verbosity=0)
    assert RAW <= set().union(*(_indexes(m) for m in OWN))
    call_command("migrate", "reports", verbosity=0)
    assert not (RAW & set().union(*(_indexes(m) for m in OWN)))


def _plan(queryset) -> str:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny: ask what could be used
        return queryset.explain()


@pytest.mark.postgres
def test_the_reports_queries_use_them_on_postgresql():
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    end = start + dt.timedelta(days=30)
    plans = {
        "order_paid_at": Order.objects.filter(paid_at__gte=start, paid_at__lt=end),
        "order_buyer_paid": Order.objects.filter(buyer_id=1, paid_at__lt=start),
        # Deliveries in a range: on an empty table either index is as cheap as the other.
        ("order_event_status_at", "order_event_created"): OrderEvent.objects.filter(
            to_status=Status.DELIVERED, created_at__gte=start, created_at__lt=end
        ),
        "order_event_created": OrderEvent.objects.filter(created_at__gte=start),
        "attempt_created": PaymentAttempt.objects.filter(created_at__gte=start, created_at__lt=end),
        "attempt_paid": PaymentAttempt.objects.filter(paid_at__gte=start),
        "refund_created": Refund.objects.filter(created_at__gte=start),
        "txn_created": Transaction.objects.filter(created_at__gte=start, created_at__lt=end),
    }
    for names, queryset in plans.items():
        plan = _plan(queryset.order_by().values("pk"))
        assert any(name in plan for name in ([names] if isinstance(names, str) else names)), plan
