"""Shipping's answer to order moves: a booked parcel of a cancelled order is given back."""

from django.db import transaction
from django.dispatch import receiver

from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status


@receiver(order_status_changed)
def cancel_booking_when_cancelled(sender, order, event, **kwargs):
    if event.to_status != Status.CANCELLED or event.from_status != Status.READY_TO_SHIP:
        return
    from .tasks import cancel_booking

    order_id = order.pk
    transaction.on_commit(lambda: cancel_booking(order_id))
