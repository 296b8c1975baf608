"""The tax app's part in order moves and refunds (connected in TaxConfig.ready())."""

from django.utils import timezone

from niaga.core import clock
from niaga.orders.effects import Move
from niaga.orders.models import Order

from . import rules, services


def collect_on_payment(move: Move) -> None:
    services.collect(order=move.order, paid_at=move.event.created_at)


def reverse_on_refund(sender, *, order, amount, key, reason, **kwargs) -> None:
    services.reverse(order=order, amount=amount, cause=key, reason=reason)


def ppn_on_commission(order: Order, commission: int) -> int:
    """PPN the seller pays on top of the commission at release, when the rule says the
    commission's price excludes it (NIAGA_TAX_PPN_INCLUDED=false); none when it includes it."""
    rule = rules.ppn(timezone.localdate(clock.now()))
    return 0 if rule.included else rule.split(commission)[2]
