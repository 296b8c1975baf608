"""Niaga's monthly invoice to the seller for its services shows, in both PPN modes, a total
equal to what was deducted from the seller's income: with PPN inside the commission, and with
PPN added on top of it (NIAGA_TAX_PPN_INCLUDED=false), which the release then deducts too."""

import pytest
from django.utils import timezone

from niaga.core import clock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.tax import documents, rules
from niaga.tax.tests.test_documents_and_report import text_of


@pytest.fixture
def completed(paid, settings):
    """A Rp100.000 order (shipping Rp18.000, PPh 22 Rp500) completed: commission 5% = Rp5.000."""
    settings.NIAGA_COMMISSION_BPS = 500

    def make():
        order = paid(price=100_000)
        for to, role in (
            (Status.READY_TO_SHIP, Actor.SELLER),
            (Status.SHIPPED, Actor.SELLER),
            (Status.COMPLETED, Actor.BUYER),
        ):
            order = orders.transition(order=order, to_status=to, role=role)
        return order

    return make


def ppn_included(settings, included: bool) -> None:
    settings.NIAGA_TAX_PPN_RULES = [{**rule, "included": included} for rule in settings.NIAGA_TAX_PPN_RULES]


def this_month():
    return timezone.localdate(clock.now()).replace(day=1)


def deducted(order) -> int:
    """What the seller gave up on the order besides PPh 22: escrow less what reached them."""
    return 118_000 - 500 - ledger.balance(acc.seller_available(order.store_id))


def test_with_ppn_inside_the_commission_the_invoice_totals_the_commission(completed, settings):
    ppn_included(settings, True)
    order = completed()
    assert deducted(order) == 5_000 and ledger.balance(acc.TAX_PPN_PAYABLE) == 0
    # 12% × 11/12 = 11% inside: PPN 5,000 × 0.11 / 1.11 = 495.5 → 495; before PPN 4,505;
    # DPP 4,505 × 11/12 = 4,129 (12% of it: 495).
    assert rules.ppn(this_month()).split(5_000) == (4_505, 4_129, 495)
    text = text_of(documents.platform_invoice_pdf(order.store, this_month()))
    assert "Rp4.505" in text and "Rp4.129" in text and "Rp495" in text
    assert "Total tagihan (sudah dipotong dari penghasilan) Rp5.000" in text
    assert "PMK-131/2024" in text and "11/12" in text and "sudah termasuk PPN" in text


def test_with_ppn_on_top_the_release_deducts_it_and_the_invoice_totals_both(completed, settings):
    ppn_included(settings, False)
    order = completed()
    # DPP 5,000 × 11/12 = 4,583; PPN 12% of it = 549.96 → 549; the seller pays 5,549.
    assert ledger.balance(acc.COMMISSION) == 5_000 and ledger.balance(acc.TAX_PPN_PAYABLE) == 549
    assert deducted(order) == 5_549
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()
    text = text_of(documents.platform_invoice_pdf(order.store, this_month()))
    assert "Rp4.583" in text and "Rp549" in text
    assert "Total tagihan (sudah dipotong dari penghasilan) Rp5.549" in text
    assert "ditambahkan di atasnya" in text


def test_with_ppn_on_top_the_settlement_shows_it_among_the_charges(completed, settings):
    from niaga.payments.settlement import settlement_of

    ppn_included(settings, False)
    order = completed()
    s = settlement_of(order)
    assert (s.commission, s.fees, s.net) == (5_000, 549, 118_000 - 500 - 5_549)
    assert "PPN Rp549" in s.memo
