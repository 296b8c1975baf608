"""PostgreSQL: two payments of one store at the same moment cannot both pass under the threshold."""

import datetime as dt
import threading

import pytest
from django.db import connection

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.payments import money
from niaga.tax import services
from niaga.tax.models import Collection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_payments_at_the_threshold_are_collected_once_on_the_excess(
    place, make_store, make_product, settings
):
    settings.NIAGA_TAX_PPH22_RULES = [{**settings.NIAGA_TAX_PPH22_RULES[0], "threshold": 250_000}]
    store = make_store()
    services.submit_statement(
        store=store, year=dt.date.today().year, declared_turnover=1, signed_on=dt.date.today(), agreed=True
    )
    groups = [place(product=make_product(store, price=100_000, stock=1)) for _ in range(3)]

    def pay(group):
        try:
            money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
            orders.mark_group_paid(group=group, reason="Pembayaran diterima")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    errors: list[str] = []
    pay(groups[0])  # YTD 100,000
    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=lambda g=g: (barrier.wait(), pay(g))) for g in groups[1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    bases = sorted(Collection.objects.filter(store=store).values_list("base", flat=True))
    assert bases == [0, 0, 50_000]  # one of the two crossed: only its excess
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 250
