"""The settlement statement and the operator's marketplace report as JSON: the same selectors
as the pages (mounted by reports/api.py)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from niaga.accounts import mfa
from niaga.core.errors import NotFound, PermissionDenied
from niaga.core.schemas import ERRORS, Day
from niaga.stores import selectors as stores

from . import marketplace, settlement

router = Router(tags=["reports"])


class PeriodQuery(Schema):
    dari: Day | None = Field(None, description="Tanggal awal (TTTT-BB-HH); bawaan: awal bulan ini")
    sampai: Day | None = Field(None, description="Tanggal akhir, termasuk; bawaan: hari ini")


class OrderRowOut(Schema):
    order_id: int
    number: str
    released_at: dt.datetime
    goods: int
    shipping_collected: int
    shipping_paid: int
    shipping_subsidy: int
    commission: int
    fees: int
    refunds: int
    net: int


class SettlementTotalsOut(Schema):
    orders: int
    goods: int
    shipping_collected: int
    shipping_paid: int
    shipping_subsidy: int
    commission: int
    fees: int
    refunds: int
    net: int


class SettlementPayoutOut(Schema):
    payout_id: int
    paid_at: dt.datetime
    amount: int
    bank: str


class AdjustmentOut(Schema):
    kind: str
    label: str
    amount: int


class ReconciliationOut(Schema):
    opening: int
    net: int
    payouts: int
    adjustments: int
    closing: int
    expected_change: int
    difference: int


class SettlementOut(Schema):
    store_id: int
    date_from: dt.date
    date_to: dt.date
    totals: SettlementTotalsOut
    orders: list[OrderRowOut]
    payouts: list[SettlementPayoutOut]
    adjustments: list[AdjustmentOut]
    reconciliation: ReconciliationOut


@router.get(
    "/reports/stores/{store_id}/settlement",
    response={200: SettlementOut, **ERRORS},
    summary="Settlement statement (Laporan Penghasilan) of the seller's own store, reconciled with the ledger",
)
def store_settlement(request, store_id: int, q: Query[PeriodQuery]):
    store = stores.store_of(request.user)
    if store is None or store.pk != store_id:
        raise NotFound("Toko tidak ditemukan.", code="store_not_found")
    return settlement.statement(store=store, period=settlement.period(q.dari, q.sampai))


class MethodDayOut(Schema):
    method: str
    attempts: int
    paid: int
    amount: int


class DayOut(Schema):
    day: dt.date
    gmv: int
    orders: int
    refunds: int
    commission: int
    fees: int
    take_rate: float
    attempts: int
    paid_attempts: int
    deliveries: int
    on_time: int
    on_time_rate: float
    buyers: int
    new_buyers: int
    returning_buyers: int
    methods: list[MethodDayOut]


class MethodOut(Schema):
    method: str
    attempts: int
    paid: int
    amount: int
    success_rate: float
    mix: float


class CourierOut(Schema):
    courier: str
    deliveries: int
    on_time: int
    on_time_rate: float


class RankedOut(Schema):
    name: str
    gmv: int
    orders: int


class MarketOut(Schema):
    date_from: dt.date
    date_to: dt.date
    gmv: int
    orders: int
    refunds: int
    take_rate: float
    on_time_rate: float
    days: list[DayOut]
    methods: list[MethodOut]
    couriers: list[CourierOut]
    top_stores: list[RankedOut]
    top_categories: list[RankedOut]


@router.get(
    "/operator/reports/marketplace",
    response={200: MarketOut, **ERRORS},
    summary="The operator's marketplace report per day (staff signed in with a second factor)",
)
def marketplace_report(request, q: Query[PeriodQuery]):
    user = request.user
    if not (user.is_active and user.is_staff) or mfa.second_factor_at(request) is None:
        raise PermissionDenied("Khusus operator Niaga dengan verifikasi dua langkah.", code="operator_only")
    return marketplace.report(period=settlement.period(q.dari, q.sampai))
