"""What an order move sets off: the handlers the table in status.py (EFFECTS) names, and its runner.

Orders' own effects are here: the dates a move stamps on the order and the stock it moves.
Outer apps register theirs by name in their AppConfig.ready(), so orders never imports them.
A system check refuses to start when the table names an effect nobody registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from lokal import add_working_days

from niaga.inventory import services as inventory

from .models import Order, OrderEvent, OrderLine
from .status import EFFECTS, PLACED, TRANSITIONS, UNITS_CANCELLED, Actor, Status, When


@dataclass(frozen=True)
class Move:
    """One move of one order, as its effects see it."""

    order: Order
    event: OrderEvent  # from and to, who, why, when; saved once the stamps are written
    line: OrderLine | None = None  # units cancelled: of which line, and how many
    quantity: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.event.from_status, self.event.to_status)


Handler = Callable[[Move], None]
HANDLERS: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    """Run `handler(move)` wherever EFFECTS names `name`; called from an AppConfig.ready()."""
    if HANDLERS.get(name, handler) is not handler:
        raise ImproperlyConfigured(f"Order effect {name!r} is registered twice.")
    HANDLERS[name] = handler


def stamps(move: Move) -> dict[str, object]:
    """The columns the move's own UPDATE writes besides the status."""
    fields: dict[str, object] = {}
    for effect in EFFECTS[move.key]:
        if effect.when is When.WITH_MOVE:
            fields.update(STAMPS[effect.name](move))
    return fields


def run(move: Move) -> None:
    """The move's other effects, in the table's order: now, inside the move's transaction
    (the event is saved), or once it commits."""
    for effect in EFFECTS[move.key]:
        if effect.when is When.WITH_MOVE or (effect.only_if and not CONDITIONS[effect.only_if](move)):
            continue
        handler = HANDLERS[effect.name]
        if effect.when is When.ON_COMMIT:
            transaction.on_commit(partial(handler, move))
        else:
            handler(move)


# --- the stamps -------------------------------------------------------------------------


def ship_deadline(paid_at: dt.datetime) -> dt.datetime:
    """End of the N-th Indonesian working day after payment (weekends, holidays, cuti bersama skipped)."""
    day = add_working_days(timezone.localdate(paid_at), settings.NIAGA_SHIP_WITHIN_WORKING_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def confirmation_window(move: Move) -> dt.datetime | None:
    """When the buyer's time to confirm receipt ends, after which the order completes by itself.

    It counts from delivery ("Sampai"), as on Tokopedia and Shopee. Only a courier that reports
    to Niaga tells of a delivery: while such a parcel is on its way there is no window (a lost
    parcel never completes by itself). A parcel the seller handed over with their own AWB has
    nobody to report it delivered, so the hand-over is the last news and the window counts
    from there; should a courier report the delivery after all, it counts from that.
    """
    reported_later = move.event.to_status == Status.SHIPPED and move.event.actor_role == Actor.COURIER
    if reported_later:
        return None
    return move.event.created_at + dt.timedelta(days=settings.NIAGA_CONFIRM_WITHIN_DAYS)


def _paid(move: Move) -> dict[str, object]:
    return {"paid_at": move.event.created_at, "ship_by": ship_deadline(move.event.created_at)}


def _shipped(move: Move) -> dict[str, object]:
    return {"shipped_at": move.event.created_at, "confirm_by": confirmation_window(move)}


def _delivered(move: Move) -> dict[str, object]:
    return {"confirm_by": confirmation_window(move)}


# Only orders stamps its own columns.
STAMPS: dict[str, Callable[[Move], dict[str, object]]] = {
    "stamp.paid": _paid,
    "stamp.shipped": _shipped,
    "stamp.delivered": _delivered,
}


# --- the stock --------------------------------------------------------------------------


def _who(move: Move) -> dict:
    """Who moved the stock, for its movements: the person, else what (an expiry sweep is
    "kedaluwarsa"), and why."""
    event = move.event
    label = "" if event.actor_id else Actor(event.actor_role).label.lower() if event.actor_role else "sistem"
    if not event.actor_id and any(w in (event.reason or "").lower() for w in ("kedaluwarsa", "batas waktu")):
        label = "kedaluwarsa"
    return {"actor": event.actor if event.actor_id else None, "actor_label": label, "note": event.reason or ""}


def _commit_stock(move: Move) -> None:
    inventory.commit(reference=move.order.number, **_who(move))  # reserved units are sold


def _release_stock(move: Move) -> None:
    inventory.release(reference=move.order.number, **_who(move))


def _restock(move: Move) -> None:
    inventory.restock(reference=move.order.number, **_who(move))  # never left the shelf, or came back to it


register("stock.commit", _commit_stock)
register("stock.release", _release_stock)
register("stock.restock", _restock)


# --- conditions -------------------------------------------------------------------------


def _last_unpaid_of_group(move: Move) -> bool:
    return not Order.objects.filter(group_id=move.order.group_id, status=Status.AWAITING_PAYMENT).exists()


CONDITIONS: dict[str, Callable[[Move], bool]] = {"last_unpaid_of_group": _last_unpaid_of_group}


# --- the startup check ------------------------------------------------------------------


def check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every move has its row, every effect named there is done by someone, and nobody
    registered an effect the table does not name (a misspelt name would never run)."""
    errors: list[checks.CheckMessage] = []
    missing_rows = (set(TRANSITIONS) | {PLACED, UNITS_CANCELLED}) ^ set(EFFECTS)
    for key in sorted(missing_rows):
        errors.append(
            checks.Error(f"Order move {_name(key)} is in TRANSITIONS or EFFECTS, not both.", id="orders.E001")
        )
    named = set()
    for key, effects in EFFECTS.items():
        for effect in effects:
            done_by = STAMPS if effect.when is When.WITH_MOVE else HANDLERS
            named.add(effect.name)
            if effect.name not in done_by:
                errors.append(
                    checks.Error(
                        f"Order effect {effect.name!r} of {_name(key)} is registered by no app.",
                        hint="Register it in the owning app's AppConfig.ready() with orders.effects.register().",
                        id="orders.E002",
                    )
                )
            if effect.only_if and effect.only_if not in CONDITIONS:
                errors.append(checks.Error(f"Unknown condition {effect.only_if!r} in {_name(key)}.", id="orders.E003"))
    for name in sorted(set(HANDLERS) - named):
        errors.append(checks.Error(f"Order effect {name!r} is registered but not in EFFECTS.", id="orders.E004"))
    return errors


def _name(key: tuple[str, str]) -> str:
    return f"{key[0] or 'placed'} → {key[1]}"
