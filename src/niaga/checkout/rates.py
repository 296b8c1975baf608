"""A simple shipping tariff by weight and destination, until real courier adapters arrive.

Provinces are grouped by island; the price per kilogram grows with the distance between
the origin's and the destination's group. Weight is charged per started kilogram, with
the couriers' usual 0.3 kg tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ISLANDS = {
    "sumatera": {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"},
    "jawa": {"31", "32", "33", "34", "35", "36"},
    "nusa": {"51", "52", "53"},
    "kalimantan": {"61", "62", "63", "64", "65"},
    "sulawesi": {"71", "72", "73", "74", "75", "76"},
    "maluku": {"81", "82"},
    "papua": {"91", "92", "93", "94", "95", "96"},
}
_ISLAND_OF = {code: island for island, codes in ISLANDS.items() for code in codes}
# Rough west-to-east position: the farther apart, the dearer and slower.
_POSITION = {"sumatera": 0, "jawa": 1, "kalimantan": 2, "nusa": 2, "sulawesi": 3, "maluku": 4, "papua": 5}


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    factor: float
    extra_days: int
    max_hops: int  # farthest island distance served


SERVICES = [
    Service("jne_reg", "JNE Reguler", 1.0, 0, 5),
    Service("jnt_ez", "J&T EZ", 0.95, 0, 5),
    Service("sicepat_reg", "SiCepat REG", 0.9, 1, 4),
    Service("jne_yes", "JNE YES (1 hari)", 1.9, -9, 1),
]


@dataclass(frozen=True)
class Option:
    code: str
    name: str
    cost: int
    eta: str


def chargeable_kg(weight_grams: int) -> int:
    return max(1, math.ceil((weight_grams - 300) / 1000)) if weight_grams > 1000 else 1


def options(*, origin_province: str, destination_province: str, weight_grams: int) -> list[Option]:
    origin, dest = _ISLAND_OF.get(origin_province), _ISLAND_OF.get(destination_province)
    if origin is None or dest is None:
        return []
    hops = abs(_POSITION[origin] - _POSITION[dest]) + (0 if origin == dest else 1)
    same_province = origin_province == destination_province
    per_kg = 9000 if same_province else 12000 + 9000 * hops
    days = 1 if same_province else 2 + hops
    kg = chargeable_kg(weight_grams)
    result = []
    for svc in SERVICES:
        if hops > svc.max_hops:
            continue
        cost = int(round(per_kg * kg * svc.factor, -2))
        low = max(1, days + svc.extra_days)
        eta = "1 hari" if svc.extra_days < 0 else f"{low}-{low + 1} hari"
        result.append(Option(svc.code, svc.name, cost, eta))
    return result
