"""The after-sales promise that holds for a product: its store's, with what the product sets
for itself on top (a laptop with the maker's 12-month warranty in a store whose own is none;
underwear that cannot be returned in a store that takes returns).

`for_product(product)` is the one answer: the product page, checkout, the API and the
complaints (which resolution a buyer may ask for, and until when) all read it. The rules of
each value are stores.policy's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from niaga.stores.models import Store
from niaga.stores.policy import WarrantyKind

from .models import Product

OVERRIDABLE = (
    "return_window_days",
    "accepts_returns",
    "accepts_exchanges",
    "warranty_kind",
    "warranty_months",
    "warranty_policy",
)


@dataclass(frozen=True)
class Policy:
    """What a buyer is promised after delivery. `overridden` names the fields the product sets
    itself; the rest are the store's."""

    return_window_days: int  # days after delivery to ask for a return or an exchange; 0: none
    accepts_returns: bool
    accepts_exchanges: bool
    return_note: str  # the store's own words on returns
    warranty_kind: str  # WarrantyKind
    warranty_months: int
    warranty_note: str
    overridden: frozenset[str] = frozenset()

    @property
    def takes_back(self) -> bool:
        """Whether the buyer may send the goods back at all (for money or for another unit)."""
        return self.return_window_days > 0 and (self.accepts_returns or self.accepts_exchanges)

    @property
    def returns_allowed(self) -> bool:
        return self.return_window_days > 0 and self.accepts_returns

    @property
    def exchanges_allowed(self) -> bool:
        return self.return_window_days > 0 and self.accepts_exchanges

    def return_deadline(self, delivered_at: dt.datetime | None) -> dt.datetime | None:
        """The last moment to ask for a return or exchange of goods delivered then (None: no
        delivery yet, or the store takes nothing back)."""
        if delivered_at is None or not self.takes_back:
            return None
        return delivered_at + dt.timedelta(days=self.return_window_days)

    def may_return(self, delivered_at: dt.datetime | None, now: dt.datetime) -> bool:
        deadline = self.return_deadline(delivered_at)
        return self.returns_allowed and deadline is not None and now <= deadline

    def may_exchange(self, delivered_at: dt.datetime | None, now: dt.datetime) -> bool:
        deadline = self.return_deadline(delivered_at)
        return self.exchanges_allowed and deadline is not None and now <= deadline

    @property
    def returns_text(self) -> str:
        """ "Retur & tukar dalam 7 hari setelah barang sampai", or why not."""
        if not self.takes_back:
            return "Tidak menerima retur atau tukar barang"
        what = (
            "Retur & tukar"
            if self.returns_allowed and self.exchanges_allowed
            else "Retur"
            if self.returns_allowed
            else "Tukar barang"
        )
        return f"{what} dalam {self.return_window_days} hari setelah barang sampai"

    @property
    def warranty_text(self) -> str:
        """ "Garansi resmi 12 bulan", or "Tanpa garansi"."""
        if self.warranty_kind == WarrantyKind.NONE or not self.warranty_months:
            return WarrantyKind.NONE.label
        months = self.warranty_months
        length = f"{months // 12} tahun" if months % 12 == 0 else f"{months} bulan"
        return f"{WarrantyKind(self.warranty_kind).label} {length}"


def for_store(store: Store) -> Policy:
    return Policy(
        return_window_days=store.return_window_days,
        accepts_returns=store.accepts_returns,
        accepts_exchanges=store.accepts_exchanges,
        return_note=store.return_policy,
        warranty_kind=store.warranty_kind,
        warranty_months=store.warranty_months,
        warranty_note=store.warranty_policy,
    )


def effective_values(store: Store, overrides: dict) -> dict:
    """The store's policy values with the given product values on top (None or "": the store's)."""
    values = {
        "return_window_days": store.return_window_days,
        "accepts_returns": store.accepts_returns,
        "accepts_exchanges": store.accepts_exchanges,
        "warranty_kind": store.warranty_kind,
        "warranty_months": store.warranty_months,
        "warranty_policy": store.warranty_policy,
    }
    for field in OVERRIDABLE:
        value = overrides.get(field)
        if value is not None and value != "":
            values[field] = value
    # "0 days" on a product is "this one cannot be sent back", whatever the store takes back.
    if overrides.get("return_window_days") == 0:
        for flag in ("accepts_returns", "accepts_exchanges"):
            if overrides.get(flag) is None:
                values[flag] = False
    # A product that names its own warranty kind brings its own length (none: 0 months).
    if overrides.get("warranty_kind") and overrides.get("warranty_months") in (None, ""):
        values["warranty_months"] = 0 if overrides["warranty_kind"] == WarrantyKind.NONE else None
    return values


def overrides_of(product: Product) -> dict:
    return {field: getattr(product, field) for field in OVERRIDABLE}


def for_product(product: Product, *, store: Store | None = None) -> Policy:
    """The promise that holds for this product (its store's, with the product's own on top).
    `store`: the product's store when the caller has it loaded already."""
    store = store if store is not None and store.pk == product.store_id else product.store
    own = overrides_of(product)
    values = effective_values(store, own)
    return Policy(
        return_window_days=values["return_window_days"],
        accepts_returns=values["accepts_returns"],
        accepts_exchanges=values["accepts_exchanges"],
        return_note=store.return_policy,
        warranty_kind=values["warranty_kind"],
        warranty_months=values["warranty_months"] or 0,
        warranty_note=values["warranty_policy"],
        overridden=frozenset(f for f, v in own.items() if v is not None and v != ""),
    )
