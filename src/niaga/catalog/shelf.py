"""How many units of a product are left to sell, as a listing shows them ("Stok habis").

Stock is kept by inventory, which ranks above the catalog: inventory hands over, in its
`AppConfig.ready()`, the expression a listing annotates each product with; the catalog
imports nothing of it. Without one, every card reads as sold out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import IntegerField, Value

_units_left: Callable[[], Any] | None = None


def provide(units_left: Callable[[], Any]) -> None:
    """Inventory's ready(): an expression of a product's units left (the product as OuterRef("pk"))."""
    global _units_left
    _units_left = units_left


def units_left() -> Any:
    if _units_left is None:
        return Value(None, output_field=IntegerField())
    return _units_left()
