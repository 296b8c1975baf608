"""Which location a store's stock sits at when the caller does not say.

Locations live in fulfillment (a rank above inventory); fulfillment fills this registry in
its AppConfig.ready() with its `store_location`, as DESIGN.md's registries do.
"""

from __future__ import annotations

from collections.abc import Callable

_default_for_store: Callable[[int], int] | None = None


def provide(default_for_store: Callable[[int], int]) -> None:
    global _default_for_store
    _default_for_store = default_for_store


def default_for_store(store_id: int) -> int:
    """The id of the store's ship-from location (created the first time it is asked for)."""
    if _default_for_store is None:
        raise RuntimeError("fulfillment has not provided the store's default location")
    return _default_for_store(store_id)
