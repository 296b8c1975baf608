"""The gateway's transaction statuses and the moves it can make (payments.md)."""

PAID = {"settlement", "capture"}
# Still able to become paid: ours "creating", the gateway's "pending" and "authorize".
OPEN = {"creating", "pending", "authorize"}
CLOSED_UNPAID = {"expire", "cancel", "deny", "failure"}
# The charge was refused (ours "failed": never accepted; the bank's "deny"; the provider's
# "failure"): the checkout stays open, the buyer may try again or pay another way.
REFUSED = {"failed", "deny", "failure"}
# Money of a paid charge going back to the buyer at the gateway, in part or in full.
RETURNED = {"refund", "partial_refund", "chargeback", "partial_chargeback"}
FULLY_RETURNED = {"refund", "chargeback"}
# Paid, and part of it still with us: Niaga's own refunds go out through the gateway from here.
REFUNDABLE = {"settlement", "capture", "partial_refund", "partial_chargeback"}

# Ours: "creating" (charge not answered yet) and "failed" (charge refused or gateway down).
MOVES: dict[str, set[str]] = {
    "creating": {"pending", "settlement", "capture", "authorize", "deny", "cancel", "expire", "failure"},
    "failed": {"pending", "settlement", "capture", "deny", "cancel", "expire", "failure"},
    "pending": {"settlement", "expire", "cancel", "deny", "capture", "authorize", "failure"},
    "authorize": {"capture", "deny", "cancel", "expire"},
    # A refund of a capture is not in the reference (a capture is voided with cancel), but an
    # older gateway may still report one: it is money back to the buyer all the same.
    "capture": {"settlement", "cancel", "refund", "partial_refund", "chargeback", "partial_chargeback"},
    "settlement": {"refund", "partial_refund", "chargeback", "partial_chargeback", "deny"},
    "partial_refund": {"refund", "partial_refund", "chargeback", "partial_chargeback"},
    "partial_chargeback": {"chargeback", "partial_chargeback", "refund", "partial_refund"},
}


def can_move(current: str, new: str) -> bool:
    return new in MOVES.get(current, set())
