from dataclasses import dataclass

from niaga.core import paymethods
from niaga.orders import selectors as orders
from niaga.orders.models import Order, OrderGroup
from niaga.orders.status import Status

from .models import PaymentAttempt, Payout


def latest_attempt(group) -> PaymentAttempt | None:
    return group.payments.order_by("-created_at", "-pk").first()


def is_paid(group, orders=None) -> bool:
    """The one meaning of "paid" for the payment page and the API: the money arrived and the
    checkout still stands. A settlement the bank reversed (or a payment taken back in full)
    cancels every order; the checkout then reads as not paid, though `paid_at` records when
    the money once arrived."""
    orders = list(group.orders.all()) if orders is None else list(orders)
    return bool(group.paid_at) and not (orders and all(o.status == Status.CANCELLED for o in orders))


def buyer_payment(user, code: str):
    """The checkout and its latest payment attempt, for its buyer only."""
    group = orders.buyer_group(user, code)
    return group, latest_attempt(group)


@dataclass(frozen=True)
class Payment:
    """A checkout's payment as its buyer is shown it: the group, its latest attempt (None
    before the first charge, or for a card) and its orders in the order they were placed."""

    group: OrderGroup
    attempt: PaymentAttempt | None
    orders: list[Order]


def payment_of(group: OrderGroup) -> Payment:
    """The payment as it stands now: the group is read again, a service may just have moved it."""
    group.refresh_from_db()
    return Payment(
        group=group,
        attempt=latest_attempt(group),
        orders=list(group.orders.select_related("store").order_by("pk")),
    )


def accepted_methods(group) -> list[paymethods.PayMethod]:
    """Methods every store of this checkout accepts: the choices for paying it another way."""
    stores = [order.store for order in group.orders.select_related("store")]
    common = set.intersection(*(set(s.payment_methods) for s in stores)) if stores else set()
    return [m for code, m in paymethods.METHODS.items() if code in common]


def payouts_of(store):
    return Payout.objects.filter(store=store)
