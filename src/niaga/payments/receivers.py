"""Payments' part in order moves (the escrow.* and charges.close rows of orders' EFFECTS):
escrow released to the seller or refunded to the buyer, open charges of a cancelled checkout
closed at the gateway."""

from niaga.orders import effects
from niaga.orders.effects import Move

from . import money, tasks


def close_open_charges(move: Move) -> None:
    tasks.cancel_open_charges(move.order.group_id)


def release_escrow(move: Move) -> None:
    money.release_to_seller(order=move.order)


def refund_escrow(move: Move) -> None:
    order = move.order
    if money.escrow_balance(order) > 0:
        money.refund(
            order=order,
            key=f"refund:{order.pk}:{move.event.to_status}",
            reason=move.event.reason,
            actor=move.event.actor,  # who cancelled: the buyer, the seller, an operator (None: the clock)
        )


def refund_cancelled_units(move: Move) -> None:
    """Units are cancelled when the pick came up short (fulfillment.services.resolve_short)."""
    order, line = move.order, move.line
    assert line is not None, "a units-cancel names its line"
    money.refund(
        order=order,
        amount=line.unit_price * move.quantity,
        key=f"refund:{order.pk}:line:{line.pk}:{line.cancelled_quantity}",  # cancelled units only grow
        reason=f"Stok kurang: {move.quantity}× {line.product_name}",
        actor=move.event.actor,
    )


def connect() -> None:
    effects.register("charges.close", close_open_charges)
    effects.register("escrow.release", release_escrow)
    effects.register("escrow.refund", refund_escrow)
    effects.register("escrow.refund_units", refund_cancelled_units)
