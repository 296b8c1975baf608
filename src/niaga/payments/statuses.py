"""The gateway's transaction statuses and the moves it can make (payments.md)."""

PAID = {"settlement", "capture"}
# Still able to become paid: ours "creating", the gateway's "pending" and "authorize".
OPEN = {"creating", "pending", "authorize"}
CLOSED_UNPAID = {"expire", "cancel", "deny", "failure"}

# Ours: "creating" (charge not answered yet) and "failed" (charge refused or gateway down).
MOVES: dict[str, set[str]] = {
    "creating": {"pending", "settlement", "capture", "authorize", "deny", "cancel", "expire", "failure"},
    "failed": {"pending", "settlement", "capture", "deny", "cancel", "expire", "failure"},
    "pending": {"settlement", "expire", "cancel", "deny", "capture", "authorize", "failure"},
    "authorize": {"capture", "deny", "cancel", "expire"},
    "capture": {"settlement", "cancel", "refund", "partial_refund", "chargeback", "partial_chargeback"},
    "settlement": {"refund", "partial_refund", "chargeback", "partial_chargeback", "deny"},
    "partial_refund": {"refund", "partial_refund"},
    "partial_chargeback": {"chargeback", "partial_chargeback"},
}


def can_move(current: str, new: str) -> bool:
    return new in MOVES.get(current, set())
