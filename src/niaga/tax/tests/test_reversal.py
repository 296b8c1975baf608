"""Refunds and cancellations give PPh 22 back in proportion; the seller is settled net of it."""

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.tax.models import Collection


def test_a_partial_refund_reverses_its_share_once(paid):
    order = paid(price=100_000)  # 500 collected
    money.refund(order=order, amount=40_000, key="complaint:x:refund", reason="Barang rusak")
    money.refund(order=order, amount=40_000, key="complaint:x:refund", reason="Barang rusak")  # again: nothing
    reversal = Collection.objects.get(order=order, kind="reversed")
    assert (reversal.turnover, reversal.amount) == (-40_000, -200)
    assert "Barang rusak" in reversal.reason
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 300
    assert money.escrow_balance(order) == 118_000 - 500 + 200 - 40_000
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_cancelling_a_paid_order_reverses_all_and_refunds_the_whole_total(paid):
    order = paid(price=100_000)
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    assert sum(Collection.objects.filter(order=order).values_list("amount", flat=True)) == 0
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0
    assert money.escrow_balance(order) == 0
    buyer_got = ledger.balance(acc.buyer_saldo(order.buyer_id)) + ledger.balance(acc.refunds_payable(order.pk))
    assert buyer_got == 118_000  # goods and shipping: nothing kept as tax


def test_partial_then_cancel_reverses_the_rest(paid):
    order = paid(price=100_000)
    money.refund(order=order, amount=30_001, key="r1", reason="Sebagian")
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Batal")
    rows = list(Collection.objects.filter(order=order).values_list("amount", flat=True))
    assert rows == [500, -150, -350]
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0 and money.escrow_balance(order) == 0


def test_the_seller_is_settled_net_of_the_tax_and_commission_is_on_the_goods(paid, settings):
    settings.NIAGA_COMMISSION_BPS = 500
    order = paid(price=100_000)
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    # escrow 118,000 − 500 PPh 22; commission 5% of 100,000; own AWB: shipping to the seller
    assert ledger.balance(acc.COMMISSION) == 5_000
    assert ledger.balance(acc.seller_available(order.store_id)) == 118_000 - 500 - 5_000
    assert ledger.total() == 0


def test_a_complaint_about_every_unit_refunds_the_whole_total_tax_included(paid):
    order = paid(price=100_000)
    limit = money.complaint_refund_limit(order=order, units_value=100_000, every_unit=True)
    assert limit == 118_000  # escrow 117,500 and the 500 withheld, which the refund gives back
    money.refund(order=order, amount=limit, key="complaint:all:refund", reason="Semua rusak")
    assert money.escrow_balance(order) == 0 and ledger.balance(acc.TAX_PPH22_PAYABLE) == 0
    assert ledger.balance(acc.buyer_saldo(order.buyer_id)) + ledger.balance(acc.refunds_payable(order.pk)) == 118_000
