"""The settlement statement (Laporan Penghasilan): what the store earned and was paid out in a
period, read from the ledger's entries and reconciled with its balances to the Rupiah.

Every figure is an SQL aggregate of ledger entries, picked by account and transaction kind or
key: per order, the escrow account's payment and refund entries and the order's release
posting ("release:<order id>"); the payouts are the "payout_paid" postings out of the store's
payout-pending account. The seller's balance is available + payout pending (a payout request
moves money between the two), so the reconciliation reads:

    Σ net released − Σ payouts + Σ other movements = closing − opening

and a difference other than 0 means the ledger holds a movement this statement does not
classify. The order's shipping cost splits its escrow into goods and shipping, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Least
from django.utils import timezone

from niaga.core.errors import DomainError
from niaga.ledger import accounts as acc
from niaga.ledger.models import Entry, Transaction
from niaga.orders.models import Order
from niaga.payments.models import Payout
from niaga.stores.models import Store

from .sql import report_queries

MAX_DAYS = 370
# Escrow leaving back to the buyer (or to the courier for the buyer's return postage).
REFUND_KINDS = ("refund", "refund_requested", "postage")
ADJUSTMENT_LABELS = {
    "postage": "Ongkir retur/penukaran ditanggung penjual",
    "postage_given_back": "Ongkir dikembalikan (pemesanan kurir batal)",
    "postage_recovered": "Ongkir talangan Niaga dibayar kembali",
    "payout_request": "Penarikan diajukan",
    "payout_rejected": "Penarikan ditolak",
}
COLUMNS = (
    "Nomor pesanan",
    "Dirilis",
    "Barang",
    "Ongkir dibayar pembeli",
    "Ongkir ke kurir",
    "Ongkir ditanggung Niaga",
    "Komisi",
    "Biaya lain",
    "Refund",
    "Bersih ke saldo",
)

# The seller's own money is read from the primary, not the reports replica: the statement must
# agree to the Rupiah with the balance the seller sees now, and a replica may lag behind it.
PRIMARY = "default"


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    @property
    def end(self) -> dt.datetime:  # exclusive
        return timezone.make_aware(dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min))


def period(date_from: dt.date | None, date_to: dt.date | None, *, today: dt.date | None = None) -> Period:
    """A date range from a form or query; by default this month until today. Bad ranges are 400s."""
    today = today or timezone.localdate()
    date_to = date_to or today
    date_from = date_from or date_to.replace(day=1)
    if date_from > date_to:
        raise DomainError(
            "Periode tidak valid.", code="invalid_period", fields={"dari": "Tanggal awal setelah tanggal akhir."}
        )
    if (date_to - date_from).days > MAX_DAYS:
        raise DomainError(
            "Periode terlalu panjang.", code="invalid_period", fields={"sampai": f"Paling lama {MAX_DAYS} hari."}
        )
    return Period(date_from, date_to)


def parse_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            "Periode tidak valid.", code="invalid_period", fields={name: "Format tanggal TTTT-BB-HH."}
        ) from None


@dataclass(frozen=True)
class OrderRow:
    order_id: int
    number: str
    released_at: dt.datetime
    goods: int
    shipping_collected: int
    shipping_paid: int  # what the courier charged, from escrow
    shipping_subsidy: int  # the part of the courier's charge Niaga bore
    commission: int
    fees: int  # other deductions posted from escrow (neither refund nor commission nor courier)
    refunds: int
    net: int  # into the seller's available balance

    def cells(self) -> list:
        return [
            self.number,
            timezone.localtime(self.released_at).replace(microsecond=0),
            self.goods,
            self.shipping_collected,
            self.shipping_paid,
            self.shipping_subsidy,
            self.commission,
            self.fees,
            self.refunds,
            self.net,
        ]


@dataclass(frozen=True)
class Totals:
    orders: int
    goods: int
    shipping_collected: int
    shipping_paid: int
    shipping_subsidy: int
    commission: int
    fees: int
    refunds: int
    net: int

    def cells(self) -> list:
        return [
            "TOTAL",
            f"{self.orders} pesanan",
            self.goods,
            self.shipping_collected,
            self.shipping_paid,
            self.shipping_subsidy,
            self.commission,
            self.fees,
            self.refunds,
            self.net,
        ]


@dataclass(frozen=True)
class PayoutRow:
    payout_id: int
    paid_at: dt.datetime
    amount: int
    bank: str


@dataclass(frozen=True)
class Adjustment:
    kind: str
    label: str
    amount: int


@dataclass(frozen=True)
class Reconciliation:
    opening: int
    net: int
    payouts: int
    adjustments: int
    closing: int

    @property
    def expected_change(self) -> int:
        return self.net - self.payouts + self.adjustments

    @property
    def difference(self) -> int:
        return (self.closing - self.opening) - self.expected_change


@dataclass
class Statement:
    store: Store
    period: Period
    totals: Totals
    payouts: list[PayoutRow]
    adjustments: list[Adjustment]
    reconciliation: Reconciliation
    _orders: QuerySet = field(repr=False)

    @property
    def store_id(self) -> int:
        return self.store.pk

    @property
    def date_from(self) -> dt.date:
        return self.period.date_from

    @property
    def date_to(self) -> dt.date:
        return self.period.date_to

    @property
    def orders(self) -> list[OrderRow]:
        """The rows at once (the API's answer); files and pages stream rows()."""
        return list(self.rows())

    def rows(self) -> Iterator[OrderRow]:
        """The per-order table, oldest release first, streamed from the database."""
        with report_queries(self._orders.db):
            for r in self._orders.values(*_ROW_FIELDS).order_by("released_at", "pk").iterator(chunk_size=500):
                yield _row(r)


_ROW_FIELDS = (
    "pk",
    "number",
    "released_at",
    "paid_in",
    "shipping_collected",
    "shipping_paid",
    "shipping_subsidy",
    "commission",
    "fees",
    "refunds",
    "net",
)


def _row(r: dict) -> OrderRow:
    return OrderRow(
        order_id=r["pk"],
        number=r["number"],
        released_at=r["released_at"],
        goods=r["paid_in"] - r["shipping_collected"],
        shipping_collected=r["shipping_collected"],
        shipping_paid=r["shipping_paid"],
        shipping_subsidy=r["shipping_subsidy"],
        commission=r["commission"],
        fees=r["fees"],
        refunds=r["refunds"],
        net=r["net"],
    )


def _sum(entries: QuerySet, sign: int = 1):
    """A correlated subquery: the entries' sum (0 when none)."""
    total = entries.order_by().values("transaction__reference").annotate(s=Sum("amount") * sign).values("s")[:1]
    return Coalesce(Subquery(total), 0)


def released_orders(store, p: Period) -> QuerySet:
    """The store's orders whose escrow was released in the period, each with its figures as
    subqueries on the ledger (the same queryset feeds the rows and the totals)."""
    using = PRIMARY
    prefix = acc.escrow_prefix(store.pk)
    release_key = Concat(Value("release:"), Cast(OuterRef("pk"), CharField()), output_field=CharField())
    escrow_code = Concat(Value(f"{prefix}order:"), Cast(OuterRef("pk"), CharField()), output_field=CharField())
    release = Transaction.objects.using(using).filter(key=release_key)
    in_release = Entry.objects.using(using).filter(transaction__key=release_key)
    # Escrow movements before the release, grouped by the order's escrow account.
    escrow = Entry.objects.using(using).filter(account__code=escrow_code).exclude(transaction__kind="release")

    def _escrow_sum(cond: Q, sign: int = 1):
        rows = escrow.filter(cond).order_by().values("account_id").annotate(s=Sum("amount") * sign).values("s")[:1]
        return Coalesce(Subquery(rows), 0)

    others = [acc.seller_available(store.pk), acc.COMMISSION, acc.WORLD_COURIERS, acc.SHIPPING_COSTS]
    return (
        Order.objects.using(using)
        .filter(store_id=store.pk)
        # The release's time per order (a probe of the unique key), then the range on it: an
        # EXISTS would become a join over every posting of the period.
        .annotate(released_at=Subquery(release.values("created_at")[:1]))
        .filter(released_at__gte=p.start, released_at__lt=p.end)
        .annotate(
            paid_in=_escrow_sum(Q(amount__gt=0)),
            refunds=_escrow_sum(Q(amount__lt=0, transaction__kind__in=REFUND_KINDS), -1),
            fees_before=_escrow_sum(Q(amount__lt=0) & ~Q(transaction__kind__in=REFUND_KINDS), -1),
            net=_sum(in_release.filter(account__code=acc.seller_available(store.pk))),
            commission=_sum(in_release.filter(account__code=acc.COMMISSION)),
            shipping_paid=_sum(in_release.filter(account__code=acc.WORLD_COURIERS)),
            shipping_subsidy=_sum(in_release.filter(account__code=acc.SHIPPING_COSTS), -1),
            fees_release=_sum(in_release.exclude(account__code__in=others).exclude(account__code__startswith=prefix)),
        )
        .annotate(
            shipping_collected=Least(F("shipping_cost"), F("paid_in")),
            fees=F("fees_before") + F("fees_release"),
        )
    )


_SUMMED = (
    "paid_in",
    "shipping_collected",
    "shipping_paid",
    "shipping_subsidy",
    "commission",
    "fees",
    "refunds",
    "net",
)


def _totals(orders: QuerySet, using: str) -> dict[str, int]:
    """One aggregate over the per-order query, run as SQL around it (Django's own aggregate
    would inline the correlated subqueries inside SUM())."""
    sql, params = orders.values(*_SUMMED).query.sql_with_params()
    outer = ", ".join(f"COALESCE(SUM(t.{name}), 0)" for name in _SUMMED)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), {outer} FROM ({sql}) t", params)
        count, *values = cursor.fetchone()
    return {"orders": int(count), **{name: int(v) for name, v in zip(_SUMMED, values, strict=True)}}


def _balance_at(store, moment: dt.datetime) -> int:
    codes = [acc.seller_available(store.pk), acc.payout_pending(store.pk)]
    return (
        Entry.objects.using(PRIMARY)
        .filter(account__code__in=codes, transaction__created_at__lt=moment)
        .aggregate(s=Sum("amount"))["s"]
        or 0
    )


def statement(*, store, period: Period) -> Statement:
    """The store's settlement statement; `store` is the asker's own (the caller scopes it)."""
    with report_queries(PRIMARY):
        return _statement(store, period)


def _statement(store, period: Period) -> Statement:
    using = PRIMARY
    orders = released_orders(store, period)
    sums = _totals(orders, using)
    totals = Totals(
        orders=sums["orders"],
        goods=sums["paid_in"] - sums["shipping_collected"],
        shipping_collected=sums["shipping_collected"],
        shipping_paid=sums["shipping_paid"],
        shipping_subsidy=sums["shipping_subsidy"],
        commission=sums["commission"],
        fees=sums["fees"],
        refunds=sums["refunds"],
        net=sums["net"],
    )
    in_period = Q(transaction__created_at__gte=period.start, transaction__created_at__lt=period.end)
    paid = (
        Entry.objects.using(using)
        .filter(in_period, account__code=acc.payout_pending(store.pk), transaction__kind="payout_paid")
        .values("transaction__reference", "transaction__created_at", "amount")
        .order_by("transaction__created_at", "pk")
    )
    banks = {
        f"payout:{pk}": f"{bank} …{number[-4:]}"
        for pk, bank, number in Payout.objects.using(using)
        .filter(store_id=store.pk, status=Payout.Status.PAID)
        .values_list("pk", "bank", "account_number")
    }
    payouts = [
        PayoutRow(
            payout_id=int(p["transaction__reference"].split(":", 1)[1]),
            paid_at=p["transaction__created_at"],
            amount=-p["amount"],
            bank=banks.get(p["transaction__reference"], "").upper(),
        )
        for p in paid
    ]
    payout_total = -(
        Entry.objects.using(using)
        .filter(in_period, account__code=acc.payout_pending(store.pk), transaction__kind="payout_paid")
        .aggregate(s=Sum("amount"))["s"]
        or 0
    )
    codes = [acc.seller_available(store.pk), acc.payout_pending(store.pk)]
    moved = (
        Entry.objects.using(using)
        .filter(in_period, account__code__in=codes)
        .exclude(transaction__kind__in=["release", "payout_paid"])
        .values("transaction__kind")
        .annotate(s=Sum("amount"))
        .order_by("transaction__kind")
    )
    adjustments = [
        Adjustment(
            m["transaction__kind"], ADJUSTMENT_LABELS.get(m["transaction__kind"], m["transaction__kind"]), m["s"]
        )
        for m in moved
        if m["s"]
    ]
    adjustment_total = (
        Entry.objects.using(using)
        .filter(in_period, account__code__in=codes)
        .exclude(transaction__kind__in=["release", "payout_paid"])
        .aggregate(s=Sum("amount"))["s"]
        or 0
    )
    reconciliation = Reconciliation(
        opening=_balance_at(store, period.start),
        net=totals.net,
        payouts=payout_total,
        adjustments=adjustment_total,
        closing=_balance_at(store, period.end),
    )
    return Statement(store, period, totals, payouts, adjustments, reconciliation, orders)
