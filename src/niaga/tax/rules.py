"""The tax rules, dated: which rate, threshold and base apply on a given day.

The values are settings (NIAGA_TAX_PPH22_RULES, NIAGA_TAX_PPN_RULES in settings.py, filled from
env.py) so a change of rule is a change of configuration: a new entry with its start date,
never an edit of the old one, so orders paid before the change keep the rule they were paid under.

PPh Pasal 22 on marketplace sellers, PMK 37/2025 (in force 14 July 2025):
- Pasal 8: 0.5% of the domestic seller's gross turnover (peredaran bruto) as on the invoice,
  excluding PPN and PPnBM, collected when the marketplace receives the payment.
- The exemption: an individual seller whose turnover for the year is at most Rp500,000,000 and
  who gave the marketplace a statement (surat pernyataan) saying so is not collected from; a
  holder of a Surat Keterangan Bebas (SKB) valid on the payment date is not collected from.
- The invoice (dokumen tagihan) is the proof of collection (bukti pungut).
Foreign (non-domestic) sellers are out of scope: Niaga registers only domestic stores.

PPN on the platform's own services (commission, service fee): 12% (UU HPP) on DPP nilai lain
of 11/12 of the price, PMK 131/2024, so 11% of the price in effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Pph22Rule:
    code: str  # the regulation, printed on documents and stored with each collection
    since: dt.date
    bps: int  # basis points of the base (50 = 0.5%)
    threshold: int  # Rupiah of yearly turnover a statement may declare
    base: str  # "goods" or "goods_and_shipping"

    @property
    def percent(self) -> str:
        return f"{self.bps / 100:g}%"


@dataclass(frozen=True)
class PpnRule:
    code: str
    since: dt.date
    bps: int  # 1200 = 12%
    dpp: tuple[int, int]  # DPP nilai lain: 11/12 of the price
    included: bool  # the fee's price already includes PPN

    @property
    def effective_bps(self) -> int:
        return self.bps * self.dpp[0] // self.dpp[1]

    def split(self, price: int) -> tuple[int, int, int]:
        """(price before PPN, DPP, PPN) of a fee of `price` Rupiah.

        Included: the PPN inside is price × r / (1 + r), r the effective rate (num/den × bps),
        rounded to the Rupiah, and the price before PPN is the rest, so the two add up to
        `price` exactly. Excluded: `price` is before PPN, and the PPN (rounded down) comes on top.
        """
        num, den = self.dpp
        if self.included:
            whole = den * 10_000 + num * self.bps
            ppn = (2 * price * num * self.bps + whole) // (2 * whole)  # half up
            net = price - ppn
            return net, net * num // den, ppn
        dpp = price * num // den
        return price, dpp, dpp * self.bps // 10_000


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _pick(entries: list[dict], on: dt.date) -> dict:
    dated = sorted(entries, key=lambda e: _date(e["since"]))
    current = [e for e in dated if _date(e["since"]) <= on]
    # Before the first rule there was no marketplace collection: the earliest entry still
    # answers, so documents of older orders show a rate rather than fail.
    return current[-1] if current else dated[0]


def pph22(on: dt.date) -> Pph22Rule:
    e = _pick(settings.NIAGA_TAX_PPH22_RULES, on)
    return Pph22Rule(e["code"], _date(e["since"]), int(e["bps"]), int(e["threshold"]), e["base"])


def ppn(on: dt.date) -> PpnRule:
    e = _pick(settings.NIAGA_TAX_PPN_RULES, on)
    return PpnRule(e["code"], _date(e["since"]), int(e["bps"]), tuple(e["dpp"]), bool(e["included"]))


def in_force_on(entries: list[dict], on: dt.date) -> bool:
    return any(_date(e["since"]) <= on for e in entries)
