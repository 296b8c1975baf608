"""Promotions' answers: a flash-sale order cancelled unpaid gives its units back (the
flash.give_back row of orders' EFFECTS); a campaign saved or deleted is told to the edge
(nginx's flash location), which answers by its terms."""

from django.db import transaction

from niaga.orders import effects
from niaga.orders.effects import Move

from . import gate, services
from .models import Campaign


def give_back_unpaid_units(move: Move) -> None:
    services.release(order_number=move.order.number)


def connect() -> None:
    effects.register("flash.give_back", give_back_unpaid_units)


def _items_of(instance) -> list:
    return list(instance.items.select_related("campaign")) if isinstance(instance, Campaign) else [instance]


def publish_terms(sender, instance, **kwargs):
    items = _items_of(instance)

    def publish() -> None:
        for item in items:
            services.publish_terms(item)

    transaction.on_commit(publish)


def withdraw_terms(sender, instance, **kwargs):
    item_id = instance.pk
    transaction.on_commit(lambda: gate.withdraw_terms(item_id))
