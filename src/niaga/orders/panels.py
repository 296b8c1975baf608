"""Panels outer apps add to an order's pages: the buyer's order page (orders:detail) and the
seller's (sellercenter). orders does not know what they show; each app registers a provider
in its AppConfig.ready() (aftersales: the complaint's status, or "Ajukan Komplain").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Order

BUYER, SELLER = "buyer", "seller"


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` = this, in the page's context
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Order, str], Panel | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_order(order: Order, viewer: str) -> list[Panel]:
    """The panels of the order's page for the buyer or the seller, in registration order."""
    return [panel for provider in _providers if (panel := provider(order, viewer)) is not None]
