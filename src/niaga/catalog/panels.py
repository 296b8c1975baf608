"""Sections an outer app adds to the product page, below the description (the reviews).

The catalog shows them but knows nothing of them: an app hands over, in its
`AppConfig.ready()`, a function that renders its section of a product's page as HTML, read
with the rest of the page. Each section's own changes retire the kept page through the
generation numbers (core/generations.py), as a seller's edit does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest, object], SafeString]
_panels: list[Panel] = []


def provide(panel: Panel) -> None:
    """An app's ready(): `panel(request, product)` renders its section of the product page."""
    if panel not in _panels:
        _panels.append(panel)


def render(request: HttpRequest, product) -> list[SafeString]:
    return [panel(request, product) for panel in _panels]
