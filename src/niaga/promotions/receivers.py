"""Promotions' answers: a flash-sale order cancelled unpaid gives its units back; a campaign
saved or deleted is told to the edge (nginx's flash location), which answers by its terms."""

from django.db import transaction
from django.dispatch import receiver

from niaga.orders.signals import order_status_changed
from niaga.orders.status import Status


@receiver(order_status_changed)
def give_back_unpaid_units(sender, order, event, **kwargs):
    if event.to_status == Status.CANCELLED and event.from_status == Status.AWAITING_PAYMENT:
        from .services import release

        release(order_number=order.number)


def _items_of(instance) -> list:
    from .models import Campaign

    return list(instance.items.select_related("campaign")) if isinstance(instance, Campaign) else [instance]


def publish_terms(sender, instance, **kwargs):
    from .services import publish_terms

    items = _items_of(instance)
    transaction.on_commit(lambda: [publish_terms(item) for item in items])


def withdraw_terms(sender, instance, **kwargs):
    from . import gate

    item_id = instance.pk
    transaction.on_commit(lambda: gate.withdraw_terms(item_id))
