"""What the platform charges a seller on top of its commission when an order completes: PPN
on the platform's service when the commission's price excludes it. The tax app registers it
in its AppConfig.ready(), so payments need not know the tax rules; release_to_seller posts it
to TAX_PPN_PAYABLE in the release itself, so the seller's invoice reads what was deducted."""

from __future__ import annotations

from collections.abc import Callable

from niaga.orders.models import Order

CommissionVat = Callable[[Order, int], int]  # (order, commission) -> PPN added on top, Rupiah

_commission_vat: list[CommissionVat] = []


def register_commission_vat(levy: CommissionVat) -> None:
    _commission_vat[:] = [levy]  # one rule of PPN: registering again replaces it


def commission_vat(order: Order, commission: int) -> int:
    return sum(levy(order, commission) for levy in _commission_vat)
