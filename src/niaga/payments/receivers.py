"""When every order of a checkout is cancelled, close its open charge at the gateway."""

from django.db import transaction
from django.dispatch import receiver

from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status


@receiver(order_status_changed)
def close_charge_when_cancelled(sender, order, event, **kwargs):
    if event.to_status != Status.CANCELLED or event.from_status != Status.AWAITING_PAYMENT:
        return
    if event.actor_role == "gateway":
        return
    from .tasks import cancel_open_charges

    group_id = order.group_id
    transaction.on_commit(lambda: cancel_open_charges(group_id))
