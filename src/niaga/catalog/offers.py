"""A special price on a product, offered by an outer app (a flash sale in promotions), as the
product page and the API show it.

The catalog shows an offer but does not sell at it: the offer names the path that charges its
price (within its quota and per-buyer limit), and the page and the API offer that path as the
buy action. Adding to the cart always charges the variant's normal price. Promotions fills in
the lookup in its `AppConfig.ready()`; the catalog imports nothing of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    """A running offer on one variant: its price, and how to buy at it."""

    item_id: int
    variant_id: int
    variant_name: str  # "" for a product without variants
    price: int
    normal_price: int
    left: int  # units still sold at this price
    per_buyer_limit: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    name: str  # the campaign's name
    page_url: str  # where the offer's campaign is shown
    buy_url: str  # the page's POST that charges `price` (a form's action)
    api_buy_url: str  # the API's POST that charges `price`


@dataclass(frozen=True)
class Lookup:
    """The offer running now on some variants (the cheapest), and the next moment an offer on
    them starts or ends: a page showing them must not be kept past it."""

    offer: Offer | None = None
    changes_at: dt.datetime | None = None


_lookup: Callable[[list[int]], Lookup] | None = None


def provide(lookup: Callable[[list[int]], Lookup]) -> None:
    """Promotions' ready(): how to find the offers on a list of variant ids."""
    global _lookup
    _lookup = lookup


def lookup(variant_ids: Iterable[int]) -> Lookup:
    ids = list(variant_ids)
    if _lookup is None or not ids:
        return Lookup()
    return _lookup(ids)


def offer_for(variant_ids: Iterable[int]) -> Offer | None:
    return lookup(variant_ids).offer
