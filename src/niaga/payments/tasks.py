from huey.contrib.djhuey import db_task

from niaga.orders.status import Status

from . import services, statuses
from .models import PaymentAttempt


@db_task(retries=3, retry_delay=30)
def cancel_open_charges(group_id: int):
    """The checkout was cancelled: a VA that can still be paid would take money for nothing."""
    attempts = PaymentAttempt.objects.filter(group_id=group_id, status__in=statuses.OPEN)
    if not attempts or attempts[0].group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
        return
    for attempt in attempts:
        services.cancel_attempt(attempt=attempt)


@db_task(retries=5, retry_delay=60)
def send_refund(attempt_id: int, order_id: int, key: str, amount: int, reason: str):
    """Ask the gateway to refund; a refusal (method or amount not refundable) goes to saldo.

    An outage raises, so Huey retries with the same refund key: the gateway answers a
    repeated key with the first result, never a second refund.
    """
    from niaga.core.errors import GatewayUnavailable
    from niaga.orders.models import Order

    from . import money
    from .gateway import get_gateway
    from .gateways.base import GatewayError

    attempt = PaymentAttempt.objects.get(pk=attempt_id)
    order = Order.objects.get(pk=order_id)
    refund_key = key.replace(":", "-")[:50]
    try:
        response = get_gateway().refund(attempt.gateway_order_id, key=refund_key, amount=amount, reason=reason or "Refund Niaga")
    except GatewayError:
        money.settle_refund(order=order, key=key, amount=amount, sent=False)
        return "saldo"
    except GatewayUnavailable:
        raise
    services.apply_gateway_status(body=response, source="poll")
    money.settle_refund(order=order, key=key, amount=amount, sent=True)
    return "sent"
