"""What each courier offers for a parcel: the options checkout shows, and why others are not."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import tariffs
from .couriers import COURIERS, Parcel, Rate, Unavailable


@dataclass
class Offer:
    options: list[Rate] = field(default_factory=list)  # cheapest first
    unavailable: list[Unavailable] = field(default_factory=list)

    def get(self, code: str) -> Rate | None:
        return next((o for o in self.options if o.code == code), None)


def offer(parcel: Parcel) -> Offer:
    result = Offer()
    for courier in COURIERS.values():
        for item in courier.rates(parcel):
            if isinstance(item, Rate):
                result.options.append(item)
            else:
                result.unavailable.append(item)
    result.options.sort(key=lambda r: (r.cost, r.eta_days, r.name))
    return result


def region(province_code: str, regency_code: str = "") -> tariffs.Region:
    return tariffs.Region(province_code=province_code or "", regency_code=regency_code or "")
