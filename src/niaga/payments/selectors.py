from niaga.orders import selectors as orders

from .models import PaymentAttempt


def latest_attempt(group) -> PaymentAttempt | None:
    return group.payments.order_by("-created_at", "-pk").first()


def buyer_payment(user, code: str):
    """The checkout and its latest payment attempt, for its buyer only."""
    group = orders.buyer_group(user, code)
    return group, latest_attempt(group)
