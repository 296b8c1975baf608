"""Escrow, release, refunds and payouts through the real flows, books checked at each step."""

import io

import pytest
from django.core.management import call_command

from niaga.checkout.tests import sandbox_actions as bank
from niaga.core.errors import DomainError
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.services import InsufficientBalance
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import Payout

pytestmark = pytest.mark.django_db(transaction=True)


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def deliver(order):
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.DELIVERED, Actor.COURIER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    return order


@pytest.fixture
def paid(sandbox, checkout_group):
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    bank.pay_va(sandbox.url, "bca", attempt.va_number)
    order = group.orders.get()
    assert order.status == Status.TO_PACK
    return group, order


def test_payment_is_held_in_escrow_and_released_to_the_seller_less_commission(paid, settings):
    group, order = paid
    store = order.store
    assert money.seller_balances(store) == {"pending": order.total, "available": 0, "payout_pending": 0}
    assert ledger.balance(acc.SERVICE_FEES) == group.service_fee
    # The gateway keeps its VA fee (settings.NIAGA_GATEWAY_FEES): the platform's cost, not the seller's.
    assert ledger.balance(acc.GATEWAY_COSTS) == -settings.NIAGA_GATEWAY_FEES["bank_transfer"][0]
    books_balance()
    order = deliver(order)
    orders.transition(order=order, to_status=Status.COMPLETED, role=Actor.BUYER, actor=order.buyer)
    commission = order.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000  # on the goods, by default
    assert money.seller_balances(store) == {"pending": 0, "available": order.total - commission, "payout_pending": 0}
    assert ledger.balance(acc.COMMISSION) == commission
    books_balance()


def test_a_paid_order_cancelled_by_the_seller_goes_back_to_the_buyer_and_the_shelf(paid):
    group, order = paid
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok rusak")
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == order.total
    assert money.seller_balances(order.store)["pending"] == 0
    assert order.lines.get().variant.stock.available == 1
    books_balance()


def test_payouts_leave_the_available_balance_and_wait_for_the_operator(paid, make_user, bank_account):
    group, order = paid
    order = deliver(order)
    orders.transition(order=order, to_status=Status.COMPLETED, role=Actor.SYSTEM)
    store = order.store
    available = money.seller_balances(store)["available"]
    with pytest.raises(DomainError) as exc:
        money.request_payout(store=store, amount=10_000)
    assert exc.value.code == "bank_account_missing"
    with pytest.raises(DomainError) as exc:
        bank_account(store, bank_code="xxx", number="12", name="")
    assert set(exc.value.fields) == {"bank", "account_number", "account_name"}
    bank_account(store)
    with pytest.raises(InsufficientBalance):
        money.request_payout(store=store, amount=available + 1)
    payout = money.request_payout(store=store, amount=10_000)
    assert (payout.bank, payout.account_number, payout.account_name) == ("bca", "1234567890", "Sari")
    assert money.seller_balances(store) == {"pending": 0, "available": available - 10_000, "payout_pending": 10_000}
    operator = make_user("Operator")
    money.settle_payout(payout=payout, approve=False, operator=operator)
    assert money.seller_balances(store)["available"] == available
    second = money.request_payout(store=store, amount=available)
    money.settle_payout(payout=second, approve=True, operator=operator)
    assert money.seller_balances(store) == {"pending": 0, "available": 0, "payout_pending": 0}
    assert ledger.balance(acc.WORLD_SELLERS) == available
    with pytest.raises(DomainError):
        money.settle_payout(payout=second, approve=True, operator=operator)
    assert list(Payout.objects.values_list("status", flat=True).order_by("pk")) == ["rejected", "paid"]
    books_balance()


def test_a_lost_notification_is_found_by_reconciliation(sandbox, checkout_group, settings):
    settings.NIAGA_PUBLIC_URL = "http://127.0.0.1:9"  # the gateway's notifications go nowhere
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    bank.pay_va(sandbox.url, "bca", attempt.va_number)
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    out = io.StringIO()
    call_command("reconcile_payments", stdout=out)
    assert f"{attempt.gateway_order_id}: Niaga pending" in out.getvalue() and "gateway settlement" in out.getvalue()
    call_command("reconcile_payments", "--apply", stdout=out)
    assert group.orders.get().status == Status.TO_PACK
    out = io.StringIO()
    call_command("reconcile_payments", stdout=out)
    assert out.getvalue().strip() == "0 selisih."
    books_balance()


@pytest.mark.parametrize(
    "method, to_gateway", [("gopay", True), ("qris", True), ("va_bca", False), ("indomaret", False)]
)
def test_a_paid_order_cancelled_is_refunded_through_the_gateway_where_the_method_allows(
    sandbox, checkout_group, method, to_gateway
):
    from niaga.payments.tests.test_methods_e2e import pay

    group = checkout_group(method)
    attempt = group.payments.get()
    pay(sandbox.url, attempt)
    order = group.orders.get()
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok rusak")
    attempt.refresh_from_db()
    saldo = ledger.balance(acc.buyer_saldo(group.buyer_id))
    assert ledger.balance(acc.escrow(order.store_id, order.pk)) == 0
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    if to_gateway:
        assert attempt.status == "partial_refund" and saldo == 0  # the service fee stays; the order's total goes back
    else:
        assert attempt.status == "settlement" and saldo == order.total
    books_balance()


def test_a_partial_refund_the_wallet_cannot_take_goes_to_saldo(sandbox, checkout_group):
    from niaga.payments.tests.test_methods_e2e import pay

    group = checkout_group("shopeepay")
    pay(sandbox.url, group.payments.get())
    order = group.orders.get()
    assert money.refund(order=order, amount=2000, key="partial-1", reason="Barang kurang satu") == 2000
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 2000
    assert money.escrow_balance(order) == order.total - 2000
    books_balance()


def test_saldo_from_a_refund_pays_the_next_checkout_at_once(paid, checkout_group, make_product):
    group, order = paid
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok rusak")  # VA: to saldo
    buyer = group.buyer
    saldo = ledger.balance(acc.buyer_saldo(buyer.pk))
    cheap = make_product(order.store, name="Pembatas Buku", price=1000, stock=3)
    with pytest.raises(DomainError, match="metode pembayaran"):  # too little saldo for a pricier one: not offered
        checkout_group("saldo", product=make_product(order.store, name="Kamus", price=500_000, stock=1), buyer=buyer)
    from niaga.cart.models import CartItem

    CartItem.objects.filter(cart__user=buyer).delete()  # the refused checkout left its item in the cart
    second = checkout_group("saldo", product=cheap, buyer=buyer)
    assert second.orders.get().status == Status.TO_PACK and not second.payments.exists()
    assert ledger.balance(acc.buyer_saldo(buyer.pk)) == saldo - second.total
    books_balance()
