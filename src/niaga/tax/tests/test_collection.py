"""PPh 22 at payment (PMK 37/2025): 0.5% of the goods, from escrow to tax payable, unless exempt."""

import datetime as dt

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.payments import money
from niaga.tax import services
from niaga.tax.models import Collection

from .conftest import at


def test_a_seller_without_statement_is_collected_half_a_percent_of_the_goods(paid):
    order = paid(price=123_400, quantity=2)  # goods 246,800; shipping 18,000 is not turnover
    row = Collection.objects.get(order=order)
    assert (row.kind, row.turnover, row.base, row.amount) == ("collected", 246_800, 246_800, 1_234)
    assert row.rule == "PMK-37/2025"
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 1_234
    assert money.escrow_balance(order) == 246_800 + 18_000 - 1_234
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_collection_posts_once(paid):
    order = paid()
    services.collect(order=order, paid_at=order.paid_at)
    assert Collection.objects.filter(order=order).count() == 1
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 500


def test_a_statement_for_the_year_exempts_the_seller(paid, make_store):
    store = make_store()
    services.submit_statement(
        store=store, year=dt.date.today().year, declared_turnover=300_000_000, signed_on=dt.date.today(), agreed=True
    )
    order = paid(store=store)
    row = Collection.objects.get(order=order)
    assert (row.kind, row.turnover, row.amount) == ("exempt", 100_000, 0)
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0
    assert money.escrow_balance(order) == 118_000


def test_an_skb_valid_on_the_payment_date_exempts_and_an_expired_one_does_not(paid, make_store):
    store = make_store()
    services.add_exemption(
        store=store,
        number="KET-00123/SKB/WPJ.04/2026",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 6, 30),
    )
    inside = paid(store=store, when=at(2026, 6, 30))
    after = paid(store=store, when=at(2026, 7, 1))
    assert Collection.objects.get(order=inside).amount == 0
    assert "SKB KET-00123" in Collection.objects.get(order=inside).reason
    assert Collection.objects.get(order=after).amount == 500


def test_the_switch_at_the_threshold(paid, make_store, settings):
    """Threshold made small (Rp300,000) so orders of Rp100,000 cross it: before, at, past, after."""
    settings.NIAGA_TAX_PPH22_RULES = [{**settings.NIAGA_TAX_PPH22_RULES[0], "threshold": 250_000}]
    store = make_store()
    services.submit_statement(
        store=store, year=2026, declared_turnover=200_000, signed_on=dt.date(2026, 1, 2), agreed=True
    )
    first = paid(store=store, when=at(2026, 3, 1))  # YTD 100,000
    second = paid(store=store, when=at(2026, 3, 2))  # YTD 200,000
    crossing = paid(store=store, when=at(2026, 3, 3))  # YTD 300,000: 50,000 above
    later = paid(store=store, when=at(2026, 3, 4))  # all of it
    amounts = [Collection.objects.get(order=o).amount for o in (first, second, crossing, later)]
    bases = [Collection.objects.get(order=o).base for o in (first, second, crossing, later)]
    assert bases == [0, 0, 50_000, 100_000]
    assert amounts == [0, 0, 250, 500]
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 750


def test_an_order_landing_exactly_on_the_threshold_is_not_collected(paid, make_store, settings):
    settings.NIAGA_TAX_PPH22_RULES = [{**settings.NIAGA_TAX_PPH22_RULES[0], "threshold": 200_000}]
    store = make_store()
    services.submit_statement(store=store, year=2026, declared_turnover=1, signed_on=dt.date(2026, 1, 2), agreed=True)
    paid(store=store, when=at(2026, 3, 1))
    on = paid(store=store, when=at(2026, 3, 2))
    assert Collection.objects.get(order=on).amount == 0


def test_a_new_rule_applies_from_its_date_and_old_orders_keep_theirs(paid, settings):
    old = settings.NIAGA_TAX_PPH22_RULES[0]
    settings.NIAGA_TAX_PPH22_RULES = [old, {**old, "code": "PMK-X/2027", "since": "2027-01-01", "bps": 100}]
    before = paid(when=at(2026, 12, 31))
    after = paid(when=at(2027, 1, 1))
    assert Collection.objects.get(order=before).amount == 500
    assert (Collection.objects.get(order=after).amount, Collection.objects.get(order=after).rule) == (
        1000,
        "PMK-X/2027",
    )
