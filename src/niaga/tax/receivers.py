"""The tax app's part in order moves and refunds (connected in TaxConfig.ready())."""

from niaga.orders.effects import Move

from . import services


def collect_on_payment(move: Move) -> None:
    services.collect(order=move.order, paid_at=move.event.created_at)


def reverse_on_refund(sender, *, order, amount, key, reason, **kwargs) -> None:
    services.reverse(order=order, amount=amount, cause=key, reason=reason)
