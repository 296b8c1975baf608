"""Complaint statuses, the one table of moves between them (who may make each), and the order
moves each complaint move causes.

Every move goes through `services.move`, which refuses anything not in TRANSITIONS. The return
and exchange states belong here too: the returns/exchanges modules drive them through `move`.
"""

from __future__ import annotations

from django.db import models

from niaga.orders.status import Status as OrderStatus


class Status(models.TextChoices):
    AWAITING_SELLER = "awaiting_seller", "Menunggu Respons Penjual"
    OFFER_MADE = "offer_made", "Penawaran Penjual"
    REJECTED = "rejected", "Ditolak Penjual"
    ESCALATED = "escalated", "Dalam Mediasi"
    RETURN_REQUESTED = "return_requested", "Menunggu Pengiriman Balik"
    RETURN_SHIPPED = "return_shipped", "Barang Dikirim Balik"
    RETURN_RECEIVED = "return_received", "Barang Diterima Penjual"
    REPLACEMENT_SHIPPED = "replacement_shipped", "Pengganti Dikirim"
    RESOLVED = "resolved", "Selesai"
    WITHDRAWN = "withdrawn", "Dibatalkan Pembeli"


class Role(models.TextChoices):
    BUYER = "buyer", "Pembeli"
    SELLER = "seller", "Penjual"
    OPERATOR = "operator", "Niaga"
    SYSTEM = "system", "Sistem"


class Reason(models.TextChoices):
    NOT_RECEIVED = "not_received", "Barang belum sampai"
    DAMAGED = "damaged", "Barang rusak"
    WRONG_ITEM = "wrong_item", "Barang tidak sesuai pesanan (salah kirim)"
    NOT_AS_DESCRIBED = "not_as_described", "Barang tidak sesuai deskripsi"
    INCOMPLETE = "incomplete", "Barang kurang / tidak lengkap"
    COUNTERFEIT = "counterfeit", "Barang palsu"
    OTHER = "other", "Lainnya"


class Resolution(models.TextChoices):
    REFUND_ONLY = "refund_only", "Pengembalian dana saja"
    RETURN_REFUND = "return_refund", "Kembalikan barang dan dana"
    EXCHANGE = "exchange", "Tukar barang"


class Outcome(models.TextChoices):
    REFUND_FULL = "refund_full", "Dana dikembalikan penuh"
    REFUND_PARTIAL = "refund_partial", "Dana dikembalikan sebagian"
    EXCHANGED = "exchanged", "Barang ditukar"
    REJECTED = "rejected", "Komplain ditolak"
    WITHDRAWN = "withdrawn", "Komplain dibatalkan pembeli"


# Reasons that are the seller's fault: the seller pays the return postage (the returns module
# reads this); "not received" has nothing to send back, "other" is the buyer's.
SELLER_AT_FAULT = frozenset(
    {Reason.DAMAGED, Reason.WRONG_ITEM, Reason.NOT_AS_DESCRIBED, Reason.INCOMPLETE, Reason.COUNTERFEIT}
)

# A complaint still open holds the order (Dikomplain) and its escrow.
OPEN = frozenset(s for s in Status if s not in (Status.RESOLVED, Status.WITHDRAWN))
# Statuses in which the buyer's answer is awaited (deadline buyer_respond_by).
WAITING_FOR_BUYER = frozenset({Status.OFFER_MADE, Status.REJECTED})

S, R = Status, Role

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # The seller answers: accept (refund now, or ask the goods back first), offer part, reject.
    # Silence past respond_by: the system decides for the buyer, i.e. what the buyer asked.
    (S.AWAITING_SELLER, S.RESOLVED): frozenset({R.SELLER, R.SYSTEM}),
    (S.AWAITING_SELLER, S.RETURN_REQUESTED): frozenset({R.SELLER, R.SYSTEM}),
    (S.AWAITING_SELLER, S.OFFER_MADE): frozenset({R.SELLER}),
    (S.AWAITING_SELLER, S.REJECTED): frozenset({R.SELLER}),
    (S.AWAITING_SELLER, S.WITHDRAWN): frozenset({R.BUYER}),
    # The buyer takes the offer (or lets buyer_respond_by pass: the offer stands), or asks Niaga.
    (S.OFFER_MADE, S.RESOLVED): frozenset({R.BUYER, R.SYSTEM}),
    (S.OFFER_MADE, S.ESCALATED): frozenset({R.BUYER}),
    (S.OFFER_MADE, S.WITHDRAWN): frozenset({R.BUYER}),
    # Rejected: the buyer asks Niaga, or lets the rejection stand (the order completes).
    (S.REJECTED, S.ESCALATED): frozenset({R.BUYER}),
    (S.REJECTED, S.RESOLVED): frozenset({R.SYSTEM}),
    (S.REJECTED, S.WITHDRAWN): frozenset({R.BUYER}),
    # Mediation: the operator decides (refund full/partial, reject) or asks for the goods back.
    (S.ESCALATED, S.RESOLVED): frozenset({R.OPERATOR}),
    (S.ESCALATED, S.RETURN_REQUESTED): frozenset({R.OPERATOR}),
    # The way back, driven by the returns/exchanges modules.
    (S.RETURN_REQUESTED, S.RETURN_SHIPPED): frozenset({R.BUYER, R.SYSTEM, R.OPERATOR}),
    (S.RETURN_REQUESTED, S.WITHDRAWN): frozenset({R.BUYER}),
    (S.RETURN_SHIPPED, S.RETURN_RECEIVED): frozenset({R.SELLER, R.SYSTEM, R.OPERATOR}),
    (S.RETURN_SHIPPED, S.ESCALATED): frozenset({R.BUYER, R.SELLER}),  # lost on the way back, disputed
    (S.RETURN_RECEIVED, S.RESOLVED): frozenset({R.SELLER, R.SYSTEM, R.OPERATOR}),
    (S.RETURN_RECEIVED, S.REPLACEMENT_SHIPPED): frozenset({R.SELLER, R.SYSTEM, R.OPERATOR}),
    (S.RETURN_RECEIVED, S.ESCALATED): frozenset({R.BUYER, R.SELLER}),  # the goods came back not as claimed
    (S.REPLACEMENT_SHIPPED, S.RESOLVED): frozenset({R.BUYER, R.SYSTEM, R.OPERATOR}),
}


def allowed(from_status: str, to_status: str, role: str) -> bool:
    return role in TRANSITIONS.get((from_status, to_status), frozenset())


# What the order does when a complaint opens and when it ends (the money is moved first):
#   opened          the order is Dikomplain: the auto-complete sweep skips it, escrow stays held;
#   closed_kept     escrow still holds something: Selesai, released to the seller
#                   (commission only on what the seller keeps);
#   closed_emptied  a refund took all the escrow (every unit, shipping too): Dikembalikan.
# Withdrawn and rejected complaints end as closed_kept: nothing was refunded.
# The order's move is made by the complaint's mover (orders' TRANSITIONS lets each role make it).
OPENED, CLOSED_KEPT, CLOSED_EMPTIED = "opened", "closed_kept", "closed_emptied"
ORDER_MOVES: dict[str, tuple[frozenset[str], str]] = {
    OPENED: (frozenset({OrderStatus.DELIVERED, OrderStatus.SHIPPED}), OrderStatus.COMPLAINT),
    CLOSED_KEPT: (frozenset({OrderStatus.COMPLAINT}), OrderStatus.COMPLETED),
    CLOSED_EMPTIED: (frozenset({OrderStatus.COMPLAINT}), OrderStatus.RETURNED),
}
# The order statuses a complaint may be opened from, and the reasons each allows (None: any).
# Sampai: within the confirmation window. Dikirim: past the ETA (plus a day's grace) only.
OPEN_FROM: dict[str, frozenset[str] | None] = {
    OrderStatus.DELIVERED: None,
    OrderStatus.SHIPPED: frozenset({Reason.NOT_RECEIVED}),
}
