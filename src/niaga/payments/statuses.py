"""Payment statuses, each kind with the moves it may make.

A payment attempt speaks the gateway's vocabulary (payments.md, "Statuses"), plus two words of
Niaga's own that no gateway sends: "creating" (charge sent, not answered yet) and "failed"
(never accepted: refused, or the gateway unreachable). Refunds and payouts are Niaga's own.
A status changes only along its graph: a late or repeated word that is not a move is ignored.
"""

from __future__ import annotations

from django.db import models


class AttemptStatus(models.TextChoices):
    """Labelled as the buyer reads them on the payment page."""

    CREATING = "creating", "Sedang diproses"
    FAILED = "failed", "Gagal dibuat"
    PENDING = "pending", "Menunggu Pembayaran"
    AUTHORIZE = "authorize", "Menunggu konfirmasi kartu"
    CAPTURE = "capture", "Pembayaran berhasil"
    SETTLEMENT = "settlement", "Pembayaran berhasil"
    DENY = "deny", "Ditolak"
    CANCEL = "cancel", "Dibatalkan"
    EXPIRE = "expire", "Kedaluwarsa"
    FAILURE = "failure", "Gagal"
    REFUND = "refund", "Dikembalikan"
    PARTIAL_REFUND = "partial_refund", "Dikembalikan sebagian"
    CHARGEBACK = "chargeback", "Ditarik kembali oleh bank"
    PARTIAL_CHARGEBACK = "partial_chargeback", "Ditarik sebagian oleh bank"


# Niaga's own words: a gateway message carrying one of them is not understood.
OURS = frozenset({AttemptStatus.CREATING, AttemptStatus.FAILED})
PAID = frozenset({AttemptStatus.SETTLEMENT, AttemptStatus.CAPTURE})
# Still able to become paid.
OPEN = frozenset({AttemptStatus.CREATING, AttemptStatus.PENDING, AttemptStatus.AUTHORIZE})
# The charge was refused (ours "failed": never accepted; the bank's "deny"; the provider's
# "failure"): the checkout stays open, the buyer may try again or pay another way.
REFUSED = frozenset({AttemptStatus.FAILED, AttemptStatus.DENY, AttemptStatus.FAILURE})
# Money of a paid charge going back to the buyer at the gateway, in part or in full.
RETURNED = frozenset(
    {AttemptStatus.REFUND, AttemptStatus.PARTIAL_REFUND, AttemptStatus.CHARGEBACK, AttemptStatus.PARTIAL_CHARGEBACK}
)
FULLY_RETURNED = frozenset({AttemptStatus.REFUND, AttemptStatus.CHARGEBACK})
# Paid, and part of it still with us: Niaga's own refunds go out through the gateway from here.
REFUNDABLE = frozenset(
    {AttemptStatus.SETTLEMENT, AttemptStatus.CAPTURE, AttemptStatus.PARTIAL_REFUND, AttemptStatus.PARTIAL_CHARGEBACK}
)

# Which status may follow which: the reference's moves, and what an integration also meets.
MOVES: dict[str, frozenset[AttemptStatus]] = {
    # Any first answer of the gateway, or ours "failed" when it never answered.
    AttemptStatus.CREATING: frozenset(
        {
            AttemptStatus.PENDING,
            AttemptStatus.SETTLEMENT,
            AttemptStatus.CAPTURE,
            AttemptStatus.AUTHORIZE,
            AttemptStatus.DENY,
            AttemptStatus.CANCEL,
            AttemptStatus.EXPIRE,
            AttemptStatus.FAILURE,
            AttemptStatus.FAILED,
        }
    ),
    # The charge's answer was lost, not the charge: the gateway's word still lands.
    AttemptStatus.FAILED: frozenset(
        {
            AttemptStatus.PENDING,
            AttemptStatus.SETTLEMENT,
            AttemptStatus.CAPTURE,
            AttemptStatus.DENY,
            AttemptStatus.CANCEL,
            AttemptStatus.EXPIRE,
            AttemptStatus.FAILURE,
        }
    ),
    # A card answered "pending" (3-D Secure) is then captured or authorised, or fails.
    AttemptStatus.PENDING: frozenset(
        {
            AttemptStatus.SETTLEMENT,
            AttemptStatus.EXPIRE,
            AttemptStatus.CANCEL,
            AttemptStatus.DENY,
            AttemptStatus.CAPTURE,
            AttemptStatus.AUTHORIZE,
            AttemptStatus.FAILURE,
        }
    ),
    AttemptStatus.AUTHORIZE: frozenset(
        {AttemptStatus.CAPTURE, AttemptStatus.DENY, AttemptStatus.CANCEL, AttemptStatus.EXPIRE}
    ),
    # A refund of a capture is not in the reference (a capture is voided with cancel), but an
    # older gateway may still report one: it is money back to the buyer all the same.
    AttemptStatus.CAPTURE: frozenset(
        {
            AttemptStatus.SETTLEMENT,
            AttemptStatus.CANCEL,
            AttemptStatus.REFUND,
            AttemptStatus.PARTIAL_REFUND,
            AttemptStatus.CHARGEBACK,
            AttemptStatus.PARTIAL_CHARGEBACK,
        }
    ),
    # Settlement → deny: rarely, within minutes (Permata, Mandiri bill, Indomaret); unpaid after all.
    AttemptStatus.SETTLEMENT: frozenset(
        {
            AttemptStatus.REFUND,
            AttemptStatus.PARTIAL_REFUND,
            AttemptStatus.CHARGEBACK,
            AttemptStatus.PARTIAL_CHARGEBACK,
            AttemptStatus.DENY,
        }
    ),
    AttemptStatus.PARTIAL_REFUND: frozenset(
        {AttemptStatus.REFUND, AttemptStatus.PARTIAL_REFUND, AttemptStatus.CHARGEBACK, AttemptStatus.PARTIAL_CHARGEBACK}
    ),
    AttemptStatus.PARTIAL_CHARGEBACK: frozenset(
        {AttemptStatus.CHARGEBACK, AttemptStatus.PARTIAL_CHARGEBACK, AttemptStatus.REFUND, AttemptStatus.PARTIAL_REFUND}
    ),
}


class FraudStatus(models.TextChoices):
    """The gateway's fraud check on a card charge."""

    ACCEPT = "accept", "Diterima"
    DENY = "deny", "Ditolak"
    # Held for review: the operator approves or denies it at the gateway.
    CHALLENGE = "challenge", "Ditinjau"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "Diminta"
    SENDING = "sending", "Dikirim ke penyedia"
    SENT = "sent", "Dikembalikan"
    SALDO = "saldo", "Ke Saldo Niaga"
    COVERED = "covered", "Sudah dikembalikan penyedia"


# Requested: sent to the gateway, refused at once (to saldo), or covered by money the gateway
# returned on its own; once sending: sent, or refused (to saldo).
REFUND_MOVES: dict[str, frozenset[RefundStatus]] = {
    RefundStatus.REQUESTED: frozenset({RefundStatus.SENDING, RefundStatus.SALDO, RefundStatus.COVERED}),
    RefundStatus.SENDING: frozenset({RefundStatus.SENT, RefundStatus.SALDO}),
}


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", "Diajukan"
    PAID = "paid", "Dibayarkan"
    REJECTED = "rejected", "Ditolak"


# The operator decides once.
PAYOUT_MOVES: dict[str, frozenset[PayoutStatus]] = {
    PayoutStatus.REQUESTED: frozenset({PayoutStatus.PAID, PayoutStatus.REJECTED}),
}

AnyStatus = AttemptStatus | RefundStatus | PayoutStatus
_GRAPHS: dict[type, dict] = {AttemptStatus: MOVES, RefundStatus: REFUND_MOVES, PayoutStatus: PAYOUT_MOVES}


def can_move(current: str, new: AnyStatus) -> bool:
    """Whether `new` may follow `current`, in the graph of `new`'s kind."""
    return new in _GRAPHS[type(new)].get(current, frozenset())


def move(rows: models.QuerySet, *, frm: AnyStatus, to: AnyStatus, **fields) -> int:
    """Move the rows still at `frm` to `to` (and set `fields`) in one conditional update, so a
    row another writer moved meanwhile is left as it is. Returns how many rows moved."""
    if not can_move(frm, to):
        raise ValueError(f"{type(to).__name__}: {frm} may not be followed by {to}")
    return rows.filter(status=frm).update(status=to, **fields)
