"""Order statuses, the one table of moves between them, and what each move sets off.

Each move names who may make it. Anything not in TRANSITIONS is refused. EFFECTS, below it,
lists everything a move does besides changing the status.
"""

import enum
from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Menunggu Pembayaran"
    TO_PACK = "to_pack", "Perlu Dikemas"
    READY_TO_SHIP = "ready_to_ship", "Siap Dikirim"
    SHIPPED = "shipped", "Dikirim"
    DELIVERED = "delivered", "Sampai"
    COMPLETED = "completed", "Selesai"
    CANCELLED = "cancelled", "Dibatalkan"
    COMPLAINT = "complaint", "Dikomplain"
    RETURNED = "returned", "Dikembalikan"


class Actor(models.TextChoices):
    BUYER = "buyer", "Pembeli"
    SELLER = "seller", "Penjual"
    SYSTEM = "system", "Sistem"
    GATEWAY = "gateway", "Pembayaran"
    COURIER = "courier", "Kurir"
    OPERATOR = "operator", "Operator"


class When(enum.Enum):
    WITH_MOVE = "with the move"  # columns written by the move's own UPDATE
    INSIDE = "inside"  # in the move's transaction, after it: a failure undoes the move
    ON_COMMIT = "on commit"  # once the move is saved: calls to gateways and couriers


@dataclass(frozen=True)
class Effect:
    name: str
    when: When = When.INSIDE
    only_if: str = ""  # a condition on the move, named in orders/effects.py CONDITIONS


S, A = Status, Actor

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING_PAYMENT, S.TO_PACK): frozenset({A.GATEWAY, A.OPERATOR}),
    (S.AWAITING_PAYMENT, S.CANCELLED): frozenset({A.BUYER, A.SYSTEM, A.OPERATOR}),
    (S.TO_PACK, S.READY_TO_SHIP): frozenset({A.SELLER, A.OPERATOR}),
    (S.TO_PACK, S.CANCELLED): frozenset({A.SELLER, A.SYSTEM, A.OPERATOR}),
    (S.READY_TO_SHIP, S.SHIPPED): frozenset({A.SELLER, A.COURIER, A.OPERATOR}),
    (S.READY_TO_SHIP, S.CANCELLED): frozenset({A.SYSTEM, A.OPERATOR}),
    (S.SHIPPED, S.DELIVERED): frozenset({A.COURIER, A.OPERATOR}),
    # The parcel is in the buyer's hands before the courier says so, or nobody confirmed in time.
    (S.SHIPPED, S.COMPLETED): frozenset({A.BUYER, A.SYSTEM, A.OPERATOR}),
    (S.SHIPPED, S.RETURNED): frozenset({A.COURIER, A.OPERATOR}),
    # The courier lost the parcel: the buyer is refunded, the seller claims from the courier.
    (S.SHIPPED, S.CANCELLED): frozenset({A.COURIER, A.OPERATOR}),
    (S.DELIVERED, S.COMPLETED): frozenset({A.BUYER, A.SYSTEM, A.OPERATOR}),
    (S.DELIVERED, S.COMPLAINT): frozenset({A.BUYER}),
    # "Barang belum sampai": the parcel is past its estimate (aftersales.services.eligibility).
    (S.SHIPPED, S.COMPLAINT): frozenset({A.BUYER}),
    # A complaint ends (aftersales.status.ORDER_MOVES), moved by whoever ended it: the rest of
    # escrow to the seller, or Dikembalikan when a refund took all of it.
    (S.COMPLAINT, S.COMPLETED): frozenset({A.BUYER, A.SELLER, A.OPERATOR, A.SYSTEM}),
    (S.COMPLAINT, S.RETURNED): frozenset({A.BUYER, A.SELLER, A.OPERATOR, A.SYSTEM}),
}

# Two events that are not status moves, for the effects table: the order is placed, and
# some of its units are cancelled while the rest still ship (a short pick).
PLACED = ("", S.AWAITING_PAYMENT)
UNITS_CANCELLED = (S.TO_PACK, S.TO_PACK)

# Who does each effect; each registers its handler by name at startup (orders.effects.register):
#   stamp.*, stock.*   orders/effects.py: the order's own dates; the reservation (inventory)
#   notify             orders/notices.py: the buyer and the seller, in the app and by e-mail
#   escrow.*           payments: escrow released to the seller, or refunded to the buyer
#   charges.close      payments: the gateway's charges still open for a cancelled checkout
#   booking.cancel     shipping: the AWB booked with the courier given back
#   flash.give_back    promotions: a flash-sale order's units given back to the campaign
#   reviews.invite     reviews: units sold recounted; the buyer asked, once, to review each line
#   risk.screen        risk: a paid checkout scored; a high-risk one's orders held (Order.held)
#   tax.collect        tax: PPh 22 (PMK 37/2025) from escrow to tax payable, or an exempt row
# They run in the order listed. A name nobody registered stops startup (a system check).
# The stamps: paid_at and ship_by; shipped_at; the buyer's confirmation window (confirm_by),
# which counts from delivery (effects.confirmation_window says when there is none).
WITH_MOVE, ON_COMMIT = When.WITH_MOVE, When.ON_COMMIT
EFFECTS: dict[tuple[str, str], tuple[Effect, ...]] = {
    PLACED: (Effect("notify"),),  # the stock was reserved with the order
    # risk.screen may hold the order for the fraud review before "notify" tells the seller.
    (S.AWAITING_PAYMENT, S.TO_PACK): (
        Effect("stamp.paid", WITH_MOVE),
        Effect("stock.commit"),
        Effect("tax.collect"),
        Effect("risk.screen"),
        Effect("notify"),
    ),
    (S.AWAITING_PAYMENT, S.CANCELLED): (
        Effect("stock.release"),
        # One charge pays the whole checkout: it is closed with the last order waiting for it.
        Effect("charges.close", ON_COMMIT, only_if="last_unpaid_of_group"),
        Effect("notify"),
        Effect("flash.give_back"),
    ),
    (S.TO_PACK, S.READY_TO_SHIP): (Effect("notify"),),
    UNITS_CANCELLED: (Effect("notify"), Effect("escrow.refund_units")),
    (S.TO_PACK, S.CANCELLED): (Effect("stock.restock"), Effect("escrow.refund"), Effect("notify")),
    (S.READY_TO_SHIP, S.SHIPPED): (Effect("stamp.shipped", WITH_MOVE), Effect("notify")),
    (S.READY_TO_SHIP, S.CANCELLED): (
        Effect("stock.restock"),
        Effect("escrow.refund"),
        Effect("notify"),
        Effect("booking.cancel", ON_COMMIT),
    ),
    (S.SHIPPED, S.DELIVERED): (Effect("stamp.delivered", WITH_MOVE), Effect("notify")),
    (S.SHIPPED, S.COMPLETED): (Effect("escrow.release"), Effect("notify"), Effect("reviews.invite")),
    (S.SHIPPED, S.RETURNED): (Effect("stock.restock"), Effect("escrow.refund"), Effect("notify")),
    (S.SHIPPED, S.CANCELLED): (Effect("escrow.refund"), Effect("notify")),  # lost: nothing back on the shelf
    (S.DELIVERED, S.COMPLETED): (Effect("escrow.release"), Effect("notify"), Effect("reviews.invite")),
    (S.DELIVERED, S.COMPLAINT): (Effect("notify"),),
    (S.SHIPPED, S.COMPLAINT): (Effect("notify"),),
    (S.COMPLAINT, S.COMPLETED): (Effect("escrow.release"), Effect("notify"), Effect("reviews.invite")),
    # The complaint's refund emptied escrow first; escrow.refund finds nothing left to send.
    (S.COMPLAINT, S.RETURNED): (Effect("escrow.refund"), Effect("notify")),
}

# The buyer's "Pesanan Saya" tabs and the statuses each shows.
BUYER_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unpaid": ("Belum Bayar", (S.AWAITING_PAYMENT,)),
    "packing": ("Dikemas", (S.TO_PACK, S.READY_TO_SHIP)),
    "shipping": ("Dikirim", (S.SHIPPED, S.DELIVERED)),
    "done": ("Selesai", (S.COMPLETED, S.COMPLAINT, S.RETURNED)),
    "cancelled": ("Dibatalkan", (S.CANCELLED,)),
}


def allowed(from_status: str, to_status: str, actor: str) -> bool:
    return actor in TRANSITIONS.get((from_status, to_status), frozenset())
