"""Reads of the tax app, scoped to who asks: a seller reads their store's, an operator all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from niaga.core.errors import NotFound
from niaga.ledger import accounts as acc
from niaga.ledger.models import Entry
from niaga.orders.models import Order

from .models import Collection, Deposit, Exemption, TaxProfile, TurnoverStatement


def profile_of(store) -> TaxProfile | None:
    return TaxProfile.objects.filter(store=store).first()


def statements_of(store):
    return TurnoverStatement.objects.filter(store=store).order_by("-year")


def exemptions_of(store):
    return Exemption.objects.filter(store=store).order_by("-valid_until", "-pk")


def collections_of(store, *, period: dt.date | None = None):
    rows = Collection.objects.filter(store=store).select_related("order")
    if period is not None:
        rows = rows.filter(period=period)
    return rows.order_by("-occurred_at", "-pk")


def collection_of(store, pk: int) -> Collection:
    row = Collection.objects.filter(store=store, pk=pk).select_related("order").first()
    if row is None:
        raise NotFound("Data pemungutan tidak ditemukan.", code="collection_not_found")
    return row


def periods_of(store) -> list[dt.date]:
    return list(Collection.objects.filter(store=store).values_list("period", flat=True).distinct().order_by("-period"))


def order_for_buyer(user, order_id: int) -> Order:
    order = Order.objects.filter(buyer=user, pk=order_id).exclude(paid_at=None).select_related("store", "group").first()
    if order is None:
        raise NotFound("Pesanan tidak ditemukan.", code="order_not_found")
    return order


def order_collection(order: Order) -> int:
    """PPh 22 standing on the order (collected less reversed)."""
    return Collection.objects.filter(order=order).aggregate(s=Sum("amount"))["s"] or 0


def parse_period(text: str | None) -> dt.date | None:
    """ "2026-03" → 1 March 2026; None when it is not a month."""
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def month_bounds(period: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(period, dt.time()))
    following = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, timezone.make_aware(dt.datetime.combine(following, dt.time()))


@dataclass(frozen=True)
class ReportRow:
    store_id: int
    store_name: str
    id_kind: str
    id_number: str  # whole: for the filing export; pages show `masked`
    masked: str
    taxpayer_name: str
    turnover: int
    base: int
    collected: int
    reversed: int
    net: int


def monthly_report(period: dt.date) -> list[ReportRow]:
    """The platform's collection report for one month, per seller, summed in SQL."""
    totals = (
        Collection.objects.filter(period=period)
        .values("store_id", "store__name")
        .annotate(
            turnover=Sum("turnover"),
            base=Sum("base"),
            collected=Sum("amount", filter=Q(amount__gt=0), default=0),
            reversed=Sum("amount", filter=Q(amount__lt=0), default=0),
            net=Sum("amount"),
        )
        .order_by("store__name", "store_id")
    )
    profiles = {p.store_id: p for p in TaxProfile.objects.filter(store_id__in=[t["store_id"] for t in totals])}
    rows = []
    for t in totals:
        p = profiles.get(t["store_id"])
        rows.append(
            ReportRow(
                store_id=t["store_id"],
                store_name=t["store__name"],
                id_kind=p.get_id_kind_display() if p else "",
                id_number=p.id_number if p else "",
                masked=p.masked_id if p else "—",
                taxpayer_name=p.name if p else "",
                turnover=t["turnover"],
                base=t["base"],
                collected=t["collected"],
                reversed=-t["reversed"],
                net=t["net"],
            )
        )
    return rows


DEPOSIT_KIND = "tax_pph22_deposit"


def deposit_reference(period: dt.date) -> str:
    """The ledger reference of a month's deposits."""
    return f"pph22:{period:%Y-%m}"


def ledger_movement(period: dt.date) -> int:
    """What collections and reversals moved the ledger's PPh 22 payable account in the month
    (for the reconciliation with the report; deposits are reconciled apart)."""
    start, end = month_bounds(period)
    entries = Entry.objects.filter(
        account__code=acc.TAX_PPH22_PAYABLE, transaction__created_at__gte=start, transaction__created_at__lt=end
    ).exclude(transaction__kind=DEPOSIT_KIND)
    return entries.aggregate(s=Sum("amount"))["s"] or 0


def ledger_deposited(period: dt.date) -> int:
    """What the ledger moved out of PPh 22 payable to the tax office for the month's deposits."""
    entries = Entry.objects.filter(
        account__code=acc.TAX_PPH22_PAYABLE,
        transaction__kind=DEPOSIT_KIND,
        transaction__reference=deposit_reference(period),
    )
    return -(entries.aggregate(s=Sum("amount"))["s"] or 0)


def deposits_of(period: dt.date):
    return Deposit.objects.filter(period=period).select_related("recorded_by").order_by("deposited_on", "pk")


@dataclass(frozen=True)
class MonthFigures:
    """One masa pajak: collected, reversed, deposited and still owed (`outstanding`)."""

    period: dt.date
    collected: int
    reversed: int  # positive: what reversals gave back
    deposited: int

    @property
    def net(self) -> int:
        return self.collected - self.reversed

    @property
    def outstanding(self) -> int:
        return self.net - self.deposited


def months(*, last: int = 12, including: dt.date | None = None) -> list[MonthFigures]:
    """The figures of the latest `last` months that collected or deposited anything (and of
    `including`, even if empty), newest first; two grouped sums."""
    amounts = (
        Collection.objects.values("period")
        .annotate(
            collected=Sum("amount", filter=Q(amount__gt=0), default=0),
            reversed=Sum("amount", filter=Q(amount__lt=0), default=0),
        )
        .order_by()
    )
    paid = Deposit.objects.values("period").annotate(s=Sum("amount")).order_by()
    by_period = {a["period"]: (a["collected"], -a["reversed"]) for a in amounts}
    deposited = {d["period"]: d["s"] for d in paid}
    periods = sorted(set(by_period) | set(deposited) | ({including} if including else set()), reverse=True)
    chosen = periods[:last] + ([including] if including and including not in periods[:last] else [])
    return [MonthFigures(p, *by_period.get(p, (0, 0)), deposited.get(p, 0)) for p in chosen]


def month_figures(period: dt.date) -> MonthFigures:
    amounts = Collection.objects.filter(period=period).aggregate(
        collected=Sum("amount", filter=Q(amount__gt=0), default=0),
        reversed=Sum("amount", filter=Q(amount__lt=0), default=0),
    )
    deposited = Deposit.objects.filter(period=period).aggregate(s=Sum("amount", default=0))["s"]
    return MonthFigures(period, amounts["collected"], -amounts["reversed"], deposited)


def _released(store, period: dt.date, account: str) -> int:
    start, end = month_bounds(period)
    entries = Entry.objects.filter(
        account__code=account,
        transaction__kind="release",
        transaction__created_at__gte=start,
        transaction__created_at__lt=end,
        transaction__reference__in=Order.objects.filter(store=store).values("number"),
    )
    return entries.aggregate(s=Sum("amount"))["s"] or 0


def commission_of(store, period: dt.date) -> int:
    """The platform's commission on the store's orders released in the month (from the ledger)."""
    return _released(store, period, acc.COMMISSION)


def vat_added_of(store, period: dt.date) -> int:
    """PPN deducted on top of that commission in the same releases (a commission excluding PPN)."""
    return _released(store, period, acc.TAX_PPN_PAYABLE)
