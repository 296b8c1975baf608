"""Reviews' part in order moves: the reviews.invite row of orders' EFFECTS (every move to
Selesai) recounts the products' units sold and asks the buyer to review what they received."""

from niaga.orders import effects
from niaga.orders.effects import Move

from . import services


def invite_to_review(move: Move) -> None:
    services.invite(order=move.order, completed_at=move.event.created_at)


def connect() -> None:
    effects.register("reviews.invite", invite_to_review)
