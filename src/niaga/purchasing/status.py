"""A purchase order's statuses and the moves between them, in one table."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draf"
    ORDERED = "ordered", "Dipesan"
    PARTIAL = "partial", "Diterima sebagian"
    RECEIVED = "received", "Diterima"
    CANCELLED = "cancelled", "Dibatalkan"
    CLOSED = "closed", "Ditutup (kurang terima)"


# from -> the statuses it may move to. Receiving moves ordered/partial forward by itself;
# a partially received PO is closed short, never cancelled (its goods are on the shelf).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.ORDERED, Status.CANCELLED}),
    Status.ORDERED: frozenset({Status.PARTIAL, Status.RECEIVED, Status.CANCELLED}),
    Status.PARTIAL: frozenset({Status.PARTIAL, Status.RECEIVED, Status.CLOSED}),
    Status.RECEIVED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.CLOSED: frozenset(),
}

# Units still to come count against reorder advice on these.
OPEN = (Status.DRAFT, Status.ORDERED, Status.PARTIAL)
RECEIVABLE = (Status.ORDERED, Status.PARTIAL)


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
