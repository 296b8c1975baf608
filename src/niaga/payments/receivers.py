"""Payments' answers to order moves: close open charges, release or return escrow."""

from django.db import transaction
from django.dispatch import receiver

from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status


@receiver(order_status_changed)
def close_charge_when_cancelled(sender, order, event, **kwargs):
    if event.to_status != Status.CANCELLED or event.from_status != Status.AWAITING_PAYMENT:
        return
    if event.actor_role == "gateway" or order.group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
        return  # the gateway closed it already, or other orders still wait for this payment
    from .tasks import cancel_open_charges

    group_id = order.group_id
    transaction.on_commit(lambda: cancel_open_charges(group_id))


PAID_STATES = {Status.TO_PACK, Status.READY_TO_SHIP, Status.SHIPPED, Status.DELIVERED, Status.COMPLAINT}


@receiver(order_status_changed)
def move_escrow(sender, order, event, **kwargs):
    from . import money

    if event.to_status == Status.COMPLETED:
        money.release_to_seller(order=order)
    elif event.to_status in {Status.CANCELLED, Status.RETURNED} and event.from_status in PAID_STATES:
        if money.escrow_balance(order) > 0:
            money.refund(order=order, key=f"refund:{order.pk}:{event.to_status}", reason=event.reason)
