"""The ledger: every posting balances, a key posts once, balances are the sums of entries,
and a balance that must not go negative never does."""

import pytest

from niaga.core.errors import DomainError
from niaga.ledger import selectors as ledger
from niaga.ledger import services
from niaga.ledger.models import Entry, Transaction

pytestmark = pytest.mark.django_db

BUYER, SALDO, FEES = "world:buyers", "buyer:1:saldo", "platform:service_fees"


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_a_posting_whose_lines_do_not_sum_to_zero_is_refused_and_writes_nothing():
    with pytest.raises(services.Unbalanced):
        services.post(key="k1", kind="payment", reference="R1", lines=[(BUYER, -10_000), (SALDO, 9_999)])
    assert not Transaction.objects.exists() and not Entry.objects.exists()


@pytest.mark.parametrize("amount", [10.5, "10000", True, None])
def test_amounts_are_whole_rupiah_never_floats_text_or_flags(amount):
    with pytest.raises(services.Unbalanced):
        services.post(key="k1", kind="payment", reference="R1", lines=[(BUYER, amount), (SALDO, 0)])
    assert not Transaction.objects.exists()


def test_an_empty_or_all_zero_posting_is_refused():
    for lines in ([], [(BUYER, 0), (SALDO, 0)], [(SALDO, 500), (SALDO, -500)]):
        with pytest.raises(services.Unbalanced):
            services.post(key="k0", kind="noop", reference="R", lines=lines)


def test_lines_on_one_account_are_merged_into_one_entry():
    txn = services.post(
        key="k1", kind="payment", reference="R1", lines=[(BUYER, -10_000), (SALDO, 6_000), (SALDO, 4_000)]
    )
    assert sorted((e.account.code, e.amount) for e in txn.entries.select_related("account")) == [
        (SALDO, 10_000),
        (BUYER, -10_000),
    ]


def test_the_same_key_posts_once_and_returns_the_first_posting():
    first = services.post(
        key="payment:NGA-1", kind="payment", reference="NGA-1", lines=[(BUYER, -10_000), (SALDO, 10_000)]
    )
    again = services.post(
        key="payment:NGA-1", kind="payment", reference="NGA-1", lines=[(BUYER, -99_000), (SALDO, 99_000)]
    )
    assert again.pk == first.pk and Transaction.objects.count() == 1
    assert ledger.balance(SALDO) == 10_000
    books_balance()


def test_balances_are_the_sums_of_their_entries_and_the_books_always_sum_to_zero():
    services.post(key="a", kind="payment", reference="R1", lines=[(BUYER, -11_000), (SALDO, 10_000), (FEES, 1_000)])
    services.post(key="b", kind="refund", reference="R1", lines=[(SALDO, -4_000), (BUYER, 4_000)])
    assert ledger.balance(SALDO) == 6_000 and ledger.balance(FEES) == 1_000 and ledger.balance(BUYER) == -7_000
    assert ledger.balance_with_prefix("buyer:") == 6_000 and ledger.balance("never:used") == 0
    assert [t.kind for t in ledger.postings("R1").order_by("pk")] == ["payment", "refund"]
    books_balance()


def test_a_move_never_takes_a_balance_below_zero():
    services.post(key="in", kind="payment", reference="R1", lines=[(BUYER, -5_000), (SALDO, 5_000)])
    with pytest.raises(services.InsufficientBalance):
        services.move(key="out-1", kind="payout", reference="P1", source=SALDO, target=BUYER, amount=5_001)
    services.move(key="out-2", kind="payout", reference="P1", source=SALDO, target=BUYER, amount=5_000)
    assert ledger.balance(SALDO) == 0
    # The same key again is the first move, not a second one (and not refused for the balance).
    services.move(key="out-2", kind="payout", reference="P1", source=SALDO, target=BUYER, amount=5_000)
    assert ledger.balance(SALDO) == 0
    with pytest.raises(DomainError):
        services.move(key="out-3", kind="payout", reference="P1", source=SALDO, target=BUYER, amount=0)
    books_balance()


def test_overlong_keys_and_account_names_are_refused():
    with pytest.raises(services.Unbalanced):
        services.post(key="k" * 121, kind="payment", reference="R", lines=[(BUYER, -1), (SALDO, 1)])
    with pytest.raises(services.Unbalanced):
        services.post(key="k", kind="payment", reference="R", lines=[(BUYER, -1), ("a" * 81, 1)])
