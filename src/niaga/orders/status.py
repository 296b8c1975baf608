"""Order statuses and the one table of moves between them.

Each move names who may make it. Anything not in TRANSITIONS is refused.
"""

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
    (S.COMPLAINT, S.COMPLETED): frozenset({A.BUYER, A.OPERATOR, A.SYSTEM}),
    (S.COMPLAINT, S.RETURNED): frozenset({A.SELLER, A.OPERATOR}),
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
