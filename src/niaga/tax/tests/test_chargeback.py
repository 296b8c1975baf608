"""Money the gateway gives back by itself (a chargeback, a refund made in its dashboard) takes
PPh 22 back with it, in proportion, once per take-back, in the same books as the escrow."""

import pytest

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.payments import money
from niaga.payments.models import PaymentAttempt
from niaga.tax.models import Collection

CHARGEBACK = "Pembayaran ditarik kembali oleh bank pembeli (chargeback)"


@pytest.fixture
def settled(paid):
    """A paid order of Rp100.000 (shipping Rp18.000, fee Rp1.000: Rp119.000 paid) and its attempt."""
    order = paid(price=100_000)  # 500 withheld: escrow 117,500
    group = order.group
    attempt = PaymentAttempt.objects.create(
        group=group, method="gopay", gateway_order_id=f"{group.code}-1", status="settlement", gross_amount=group.total
    )
    return order, attempt


def take_back(attempt, amount: int, running: int):
    key = f"returned:{attempt.gateway_order_id}:{running}"
    return money.take_back(attempt=attempt, amount=amount, key=key, kind="chargeback", memo=CHARGEBACK)


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_a_full_chargeback_reverses_all_the_tax_and_empties_escrow_with_no_loss(settled):
    order, attempt = settled
    assert attempt.gross_amount == 119_000
    assert take_back(attempt, 119_000, 119_000) == [order]
    reversal = Collection.objects.get(order=order, kind="reversed")
    assert (reversal.turnover, reversal.base, reversal.amount) == (-100_000, -100_000, -500)
    assert "chargeback" in reversal.reason
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0
    assert money.escrow_balance(order) == 0
    assert ledger.balance(acc.SERVICE_FEES) == 0
    assert ledger.balance(acc.REVERSAL_LOSSES) == 0  # before: the 500 kept as tax was the platform's loss
    assert ledger.balance(acc.WORLD_BUYERS) == 0
    books_balance()


def test_the_same_take_back_twice_changes_nothing(settled):
    order, attempt = settled
    take_back(attempt, 119_000, 119_000)
    rows, postings = Collection.objects.count(), Transaction.objects.count()
    assert take_back(attempt, 119_000, 119_000) == []
    assert (Collection.objects.count(), Transaction.objects.count()) == (rows, postings)
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0 and ledger.balance(acc.WORLD_BUYERS) == 0
    books_balance()


def test_a_partial_chargeback_reverses_its_share_and_a_later_one_the_next_share(settled):
    order, attempt = settled
    assert take_back(attempt, 40_000, 40_000) == []  # the order keeps money: not emptied
    # 40,000 of a turnover of 100,000: 40% of the 500 collected.
    reversal = Collection.objects.get(order=order, kind="reversed")
    assert (reversal.turnover, reversal.amount) == (-40_000, -200)
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 300
    assert money.escrow_balance(order) == 117_500 + 200 - 40_000 == 77_700

    take_back(attempt, 40_000, 40_000)  # the same notification again
    assert Collection.objects.filter(order=order, kind="reversed").count() == 1
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 300 and money.escrow_balance(order) == 77_700

    # The running total grows to 80,000: 40,000 more of the 60,000 still standing, 2/3 of 300.
    take_back(attempt, 40_000, 80_000)
    amounts = list(Collection.objects.filter(order=order).values_list("amount", flat=True))
    assert amounts == [500, -200, -200]
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 100
    assert money.escrow_balance(order) == 77_700 + 200 - 40_000 == 37_900
    assert ledger.balance(acc.REVERSAL_LOSSES) == 0
    books_balance()


def test_the_reversal_and_the_take_back_commit_or_fail_together(settled, monkeypatch):
    order, attempt = settled

    def broken(**kwargs):
        raise RuntimeError("the ledger is down")

    real_post = money.ledger.post

    def post(**kwargs):
        if kwargs["kind"] == "chargeback":
            broken()
        return real_post(**kwargs)

    monkeypatch.setattr(money.ledger, "post", post)
    with pytest.raises(RuntimeError):
        take_back(attempt, 119_000, 119_000)
    assert not Collection.objects.filter(order=order, kind="reversed").exists()
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 500 and money.escrow_balance(order) == 117_500
