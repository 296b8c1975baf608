"""Demo: each demo store states its returns, warranty and contact details (one product keeps a
promise of its own), and every store's Penilaian Toko is computed once. Safe to run again."""

from __future__ import annotations

from niaga.catalog.models import Product
from niaga.catalog.services import update_product
from niaga.reputation import services as reputation
from niaga.stores.models import Store
from niaga.stores.services import update_store

HOURS = {"open_days": [0, 1, 2, 3, 4, 5], "opens_at": "08:00", "closes_at": "17:00"}
POLICIES = {
    "toko-buku-ilmu": {
        "return_window_days": 7,
        "accepts_returns": True,
        "accepts_exchanges": True,
        "warranty_kind": "none",
        "warranty_months": 0,
        "contact_phone": "0812-3450-0001",
        "contact_email": "halo@tokobukuilmu.id",
        **HOURS,
    },
    "gadget-murah-bandung": {
        "return_window_days": 7,
        "accepts_returns": True,
        "accepts_exchanges": True,
        "warranty_kind": "distributor",
        "warranty_months": 12,
        "contact_phone": "022-2500123",
        "contact_email": "cs@gadgetmurah.id",
        **HOURS,
    },
    "dapur-nusantara": {
        "return_window_days": 2,
        "accepts_returns": False,
        "accepts_exchanges": True,
        "warranty_kind": "none",
        "warranty_months": 0,
        "contact_phone": "0813-2000-4455",
        **HOURS,
    },
}
# A product whose promise differs from its store's: the maker's own warranty, no exchanges.
OWN = ("gadget-murah-bandung", "Powerbank 10000mAh Slim", {"warranty_kind": "official", "warranty_months": 12})


def trust() -> None:
    for slug, data in POLICIES.items():
        store = Store.objects.filter(slug=slug).first()
        if store is not None and not store.contact_phone:
            update_store(store=store, data=data)
    product = Product.objects.filter(store__slug=OWN[0], name=OWN[1], warranty_kind="").first()
    if product is not None:
        update_product(product=product, data=OWN[2])
    reputation.refresh_all()
