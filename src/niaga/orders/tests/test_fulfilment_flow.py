"""After payment: the seller packs and ships by a deadline, the buyer confirms (or the clock
does), and the escrow follows: to the seller on completion, back to the buyer if never shipped."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.checkout.tests import sandbox_actions as bank
from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import effects, services
from niaga.orders.status import Status
from niaga.payments import money

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def paid_order(sandbox, checkout_group):
    group = checkout_group("va_bca")
    bank.pay_va(sandbox.url, "bca", group.payments.get().va_number)
    order = group.orders.get()
    assert order.status == Status.TO_PACK and order.ship_by > order.paid_at
    return order


def test_the_ship_by_deadline_counts_indonesian_working_days(settings):
    settings.NIAGA_SHIP_WITHIN_WORKING_DAYS = 2
    thursday_before_christmas = dt.datetime(2026, 12, 24, 3, 0, tzinfo=dt.UTC)
    deadline = effects.ship_deadline(thursday_before_christmas)
    assert deadline.astimezone(dt.timezone(dt.timedelta(hours=7))).date() == dt.date(2026, 12, 29)


def test_pack_ship_confirm_pays_the_seller(client, paid_order, settings):
    seller, buyer = paid_order.store.owner, paid_order.buyer
    client.force_login(seller)
    page = reverse("seller:order", args=[paid_order.pk])
    client.post(page, {"action": "pack"})
    bad = client.post(page, {"action": "ship", "awb": "12"})
    assert bad.status_code == 400 and "Nomor resi tidak valid." in bad.content.decode()
    client.post(page, {"action": "ship", "awb": "jp 1234-5678-90"})
    paid_order.refresh_from_db()
    assert paid_order.status == Status.SHIPPED and paid_order.awb == "JP1234567890"
    client.force_login(buyer)
    assert "Pesanan Diterima" in client.get(reverse("orders:detail", args=[paid_order.pk])).content.decode()
    client.post(reverse("orders:confirm", args=[paid_order.pk]))
    paid_order.refresh_from_db()
    assert paid_order.status == Status.COMPLETED
    # Commission on the goods (NIAGA_COMMISSION_BASE=goods); an own AWB: the shipping is the seller's.
    commission = paid_order.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000
    assert money.seller_balances(paid_order.store)["available"] == paid_order.total - commission
    assert [e.to_status for e in paid_order.events.all()] == [
        Status.AWAITING_PAYMENT,
        Status.TO_PACK,
        Status.READY_TO_SHIP,
        Status.SHIPPED,
        Status.COMPLETED,
    ]
    assert ledger.total() == 0


def test_nobody_confirms_and_the_order_completes_by_itself(paid_order):
    services.seller_pack(order=paid_order, seller=paid_order.store.owner)
    order = services.seller_ship(order=paid_order, seller=paid_order.store.owner, awb="JNE0012345678")
    assert services.complete_unconfirmed(now=order.confirm_by - dt.timedelta(minutes=1)) == 0
    assert services.complete_unconfirmed(now=order.confirm_by) == 1
    assert services.complete_unconfirmed(now=order.confirm_by) == 0
    order.refresh_from_db()
    assert order.status == Status.COMPLETED and money.seller_balances(order.store)["available"] > 0


def test_not_shipped_in_time_is_cancelled_refunded_and_restocked(paid_order):
    assert services.cancel_unshipped(now=paid_order.ship_by - dt.timedelta(minutes=1)) == 0
    assert services.cancel_unshipped(now=paid_order.ship_by) == 1
    assert services.cancel_unshipped(now=paid_order.ship_by) == 0
    order = paid_order
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert order.lines.get().variant.stock.available == 1
    assert ledger.balance(acc.buyer_saldo(order.buyer_id)) == order.total  # VA: back as saldo
    assert money.seller_balances(order.store)["pending"] == 0
    assert ledger.total() == 0


def test_only_the_buyer_confirms_and_only_a_shipped_order(paid_order, make_user):
    with pytest.raises(DomainError):
        services.buyer_confirm(order=paid_order, buyer=paid_order.buyer)  # not shipped yet
    assert clock.now() < paid_order.ship_by
