"""Promotions' answer to order moves: a flash-sale order cancelled unpaid gives its units back."""

from django.dispatch import receiver

from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status


@receiver(order_status_changed)
def give_back_unpaid_units(sender, order, event, **kwargs):
    if event.to_status == Status.CANCELLED and event.from_status == Status.AWAITING_PAYMENT:
        from .services import release

        release(order_number=order.number)
