"""Courier tariffs: zones between two regions, chargeable weight, and each service's card.

Prices are per started kilogram of chargeable weight, the way Indonesian couriers publish
them: the higher of the actual and the volumetric weight (L×W×H/6000), with the usual
0.3 kg tolerance before the next kilogram is charged. The cards below are list prices of
the kind the couriers publish; a contract tariff only changes the numbers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from lokal import wilayah

VOLUMETRIC_DIVISOR = 6000  # cm³ per kg
TOLERANCE_GRAMS = 300

# Islands by the first digit of the Kemendagri province code (Kepulauan Riau, 21, sails
# with Sumatera), each with its rough west-to-east position: farther is dearer and slower.
_ISLAND = {
    "1": "sumatera",
    "2": "sumatera",
    "3": "jawa",
    "5": "nusa",
    "6": "kalimantan",
    "7": "sulawesi",
    "8": "maluku",
    "9": "papua",
}
_POSITION = {"sumatera": 0, "jawa": 1, "nusa": 2, "kalimantan": 2, "sulawesi": 3, "maluku": 4, "papua": 5}

# Per kilogram and (fastest, slowest) days, by zone; a service scales them.
BASE_PER_KG = [8000, 10000, 14000, 22000, 32000, 45000, 60000, 75000]
BASE_DAYS = [(1, 2), (1, 2), (2, 3), (3, 5), (4, 6), (5, 7), (6, 9), (7, 12)]


@dataclass(frozen=True)
class Region:
    province_code: str
    regency_code: str  # "3174" for Jakarta Selatan; "" when only the province is known


def zone(origin: Region, destination: Region) -> int | None:
    """0 same regency, 1 same province, 2 same island group, 3+ one step per group between.

    None when either region is not a known Indonesian province.
    """
    a, b = _island(origin.province_code), _island(destination.province_code)
    if a is None or b is None:
        return None
    if origin.regency_code and origin.regency_code == destination.regency_code:
        return 0
    if origin.province_code == destination.province_code:
        return 1
    if a == b:
        return 2
    return 2 + max(1, abs(_POSITION[a] - _POSITION[b]))


def _island(province_code: str) -> str | None:
    if province_code not in _provinces():
        return None
    return _ISLAND.get(province_code[0])


@functools.cache
def _provinces() -> frozenset[str]:
    return frozenset(w.code for w in wilayah.list_wilayah())


def volumetric_grams(length_cm: int, width_cm: int, height_cm: int) -> int:
    return math.ceil(length_cm * width_cm * height_cm * 1000 / VOLUMETRIC_DIVISOR)


def chargeable_grams(weight_grams: int, length_cm: int = 0, width_cm: int = 0, height_cm: int = 0) -> int:
    """The higher of the actual and the volumetric weight."""
    return max(weight_grams, volumetric_grams(length_cm, width_cm, height_cm))


def chargeable_kg(grams: int) -> int:
    """Started kilograms, at least one, each only after the 0.3 kg tolerance: 1.3 kg → 1, 1.31 kg → 2."""
    return max(1, math.ceil((grams - TOLERANCE_GRAMS) / 1000))


@dataclass(frozen=True)
class ServiceCard:
    code: str  # the courier's own service code, e.g. "reg"
    name: str  # as buyers know it, e.g. "JNE REG"
    price_factor: float
    max_zone: int  # farthest zone served
    max_weight_kg: int  # heaviest parcel accepted
    days: tuple[int, int] | None = None  # fixed (e.g. next-day services), else by zone
    extra_days: int = 0

    def price(self, zone_: int, kg: int) -> int:
        return int(round(BASE_PER_KG[zone_] * self.price_factor, -2)) * kg

    def eta(self, zone_: int) -> tuple[int, int]:
        if self.days:
            return self.days
        low, high = BASE_DAYS[zone_]
        return low + self.extra_days, high + self.extra_days


def eta_label(days: tuple[int, int]) -> str:
    low, high = days
    return f"{low} hari" if low == high else f"{low}-{high} hari"
