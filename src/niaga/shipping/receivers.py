"""Shipping's part in order moves (the booking.cancel row of orders' EFFECTS): the AWB of a
parcel booked for an order cancelled before pickup is given back to the courier."""

from niaga.orders import effects
from niaga.orders.effects import Move

from . import tasks


def cancel_booking(move: Move) -> None:
    tasks.cancel_booking(move.order.pk)


def connect() -> None:
    effects.register("booking.cancel", cancel_booking)
