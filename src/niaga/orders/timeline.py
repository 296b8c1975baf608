"""An order's timeline as its pages show it: the order's own moves (OrderEvent), and the steps
outer apps record about it that do not move it (aftersales: a complaint's offer, rejection,
mediation, the way back). orders does not know what those are; each app registers a provider
in its AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .models import Order


@dataclass(frozen=True)
class Entry:
    title: str
    reason: str
    actor: str  # who, as the page names them
    created_at: dt.datetime


Provider = Callable[[Order], list[Entry]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def of(order: Order) -> list[Entry]:
    """Every entry of the order's timeline, newest first (ties: the later written first)."""
    entries = [
        Entry(event.get_to_status_display(), event.reason, event.get_actor_role_display(), event.created_at)
        for event in order.events.all()
    ]
    for provider in _providers:
        entries += provider(order)
    return sorted(entries, key=lambda entry: entry.created_at)[::-1]
