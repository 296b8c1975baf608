"""The store's warehouses as the sheet's stock columns name them."""

from __future__ import annotations

from niaga.fulfillment import services as fulfillment
from niaga.fulfillment.models import Location
from niaga.stores.models import Store


def store_locations(store: Store) -> dict[str, int]:
    """The store's warehouses by name (the ship-from one first), as the stock columns name them."""
    ships_from = fulfillment.store_location(store=store)
    found = {ships_from.name: ships_from.pk}
    for location in Location.objects.filter(store=store).order_by("pk"):
        found.setdefault(location.name, location.pk)
    return found
