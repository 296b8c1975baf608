"""The operator's marketplace report, day by day: the grouped SQL that computes a range of days
live, the daily rollup (models.MarketDay and its per-method/courier/store/category rows) that
keeps closed days, and the reading of both into one set of figures (issue 21, "Speed").

A day is closed SETTLE_DAYS after it ends: an attempt made just before midnight can still be
paid within the gateway's 24-hour expiry, and the day's success rate must not change after it
is rolled up. Postings and deliveries are fixed when the day ends; orders paid that day are
not: a late refund, cancel or chargeback changes the day's refunds, categories or payments.
Each run therefore finds the closed days whose sources changed since they were rolled (the
order events and refunds of orders paid that day, the attempts made that day paid late: every
such change is stamped) and rolls them again (`changed_days`); runs take a lock, so two never
interleave. Days not rolled up yet (today, yesterday, days the job has not reached, days found
changed) are computed live from the same queries the rollup stores, so both give the same figures.
"""

from __future__ import annotations

import datetime as dt
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Case, Count, DateTimeField, Exists, F, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate

from niaga.aftersales.services import eta_days
from niaga.core import clock, db
from niaga.ledger import accounts as acc
from niaga.ledger.models import Account, Entry
from niaga.orders.models import Order, OrderEvent, OrderLine
from niaga.orders.status import Status
from niaga.payments.models import PaymentAttempt, Refund

from .models import MarketDay, MarketDayCategory, MarketDayCourier, MarketDayMethod, MarketDayStore
from .periods import LOCAL

SETTLE_DAYS = 2
# A change stamped before a run's scan may commit (or reach the replica) a little after it:
# changes this close to a day's roll count as later ones (at worst the day is rolled twice).
SLACK = dt.timedelta(minutes=10)


def _share(part: int, whole: int) -> float:
    """A percentage with two decimals (0 when there is nothing to divide)."""
    return round(100 * part / whole, 2) if whole else 0.0


@dataclass(frozen=True)
class MethodDay:
    method: str
    attempts: int
    paid: int
    amount: int


@dataclass
class Day:
    day: dt.date
    gmv: int = 0
    orders: int = 0
    refunds: int = 0
    commission: int = 0
    fees: int = 0
    attempts: int = 0
    paid_attempts: int = 0
    deliveries: int = 0
    on_time: int = 0
    buyers: int = 0
    new_buyers: int = 0
    by_method: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def methods(self) -> list[MethodDay]:
        return [MethodDay(method=m, **v) for m, v in sorted(self.by_method.items())]

    @property
    def take_rate(self) -> float:
        return _share(self.commission + self.fees, self.gmv)

    @property
    def on_time_rate(self) -> float:
        return _share(self.on_time, self.deliveries)

    @property
    def returning_buyers(self) -> int:
        return self.buyers - self.new_buyers


@dataclass
class Figures:
    """A range of days: each day's figures, and per courier, store and category the range's sums
    (keyed by day too, so a day can be stored as it is)."""

    days: dict[dt.date, Day] = field(default_factory=dict)
    couriers: dict[tuple[dt.date, str], list[int]] = field(default_factory=dict)  # deliveries, on time
    stores: dict[tuple[dt.date, int], list[int]] = field(default_factory=dict)  # gmv, orders
    categories: dict[tuple[dt.date, int | None], list[int]] = field(default_factory=dict)

    def add(self, other: Figures) -> None:
        self.days.update(other.days)
        self.couriers.update(other.couriers)
        self.stores.update(other.stores)
        self.categories.update(other.categories)


def _bound(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL)


def _day(name: str) -> TruncDate:
    return TruncDate(name, tzinfo=LOCAL)


def _deadline(events) -> Case:
    """When each delivered order was due: shipped_at + its estimate's longest day count, one
    WHEN per distinct estimate (a handful of strings) so the comparison stays in SQL."""
    etas = sorted({e for e in events.values_list("order__shipping_eta", flat=True).distinct()})
    whens = [
        When(order__shipping_eta=eta, then=F("order__shipped_at") + Value(dt.timedelta(days=eta_days(eta))))
        for eta in etas
    ]
    fallback = F("order__shipped_at") + Value(dt.timedelta(days=eta_days("")))
    return Case(*whens, default=fallback, output_field=DateTimeField())


def live(date_from: dt.date, date_to: dt.date, *, using: str) -> Figures:
    """Days date_from..date_to computed from orders, postings, attempts and deliveries."""
    start, end = _bound(date_from), _bound(date_to + dt.timedelta(days=1))
    fig = Figures()
    d = date_from
    while d <= date_to:
        fig.days[d] = Day(d)
        d += dt.timedelta(days=1)
    days = fig.days

    paid = Order.objects.using(using).filter(paid_at__gte=start, paid_at__lt=end)
    earlier = Order.objects.using(using).filter(buyer_id=OuterRef("buyer_id"), paid_at__lt=OuterRef("paid_at"))
    for g in (
        paid.annotate(day=_day("paid_at"), returning=Exists(earlier))
        .values("day")
        .annotate(
            gmv=Sum("total"),
            orders=Count("pk"),
            buyers=Count("buyer_id", distinct=True),
            new_buyers=Count("buyer_id", distinct=True, filter=Q(returning=False)),
        )
        .order_by()
    ):
        day = days[g["day"]]
        day.gmv, day.orders, day.buyers = g["gmv"] or 0, g["orders"], g["buyers"]
        day.new_buyers = g["new_buyers"]

    for r in (
        Refund.objects.using(using)
        .filter(order__paid_at__gte=start, order__paid_at__lt=end)
        .annotate(day=_day("order__paid_at"))
        .values("day")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        days[r["day"]].refunds = r["total"] or 0

    # By the accounts' ids: the planner knows these two from its statistics (the busiest
    # accounts of all) and starts from the period's postings instead of every commission line.
    platform = dict(
        Account.objects.using(using).filter(code__in=[acc.COMMISSION, acc.SERVICE_FEES]).values_list("code", "pk")
    )
    for c in (
        Entry.objects.using(using)
        .filter(
            account_id__in=list(platform.values()),
            transaction__created_at__gte=start,
            transaction__created_at__lt=end,
        )
        .annotate(day=_day("transaction__created_at"))
        .values("day")
        .annotate(
            commission=Sum("amount", filter=Q(account_id=platform.get(acc.COMMISSION))),
            fees=Sum("amount", filter=Q(account_id=platform.get(acc.SERVICE_FEES))),
        )
        .order_by()
    ):
        days[c["day"]].commission = c["commission"] or 0
        days[c["day"]].fees = c["fees"] or 0

    for m in (
        PaymentAttempt.objects.using(using)
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=_day("created_at"))
        .values("day", "method")
        .annotate(
            attempts=Count("pk"),
            paid=Count("pk", filter=Q(paid_at__isnull=False)),
            amount=Sum("gross_amount", filter=Q(paid_at__isnull=False)),
        )
        .order_by()
    ):
        day = days[m["day"]]
        day.attempts += m["attempts"]
        day.paid_attempts += m["paid"]
        day.by_method[m["method"]] = {"attempts": m["attempts"], "paid": m["paid"], "amount": m["amount"] or 0}

    delivered = OrderEvent.objects.using(using).filter(
        to_status=Status.DELIVERED, created_at__gte=start, created_at__lt=end
    )
    on_time = Q(created_at__lte=_deadline(delivered))
    for dl in (
        delivered.annotate(day=_day("created_at"))
        .values("day", "order__courier_name")
        .annotate(n=Count("order_id", distinct=True), on_time=Count("order_id", distinct=True, filter=on_time))
        .order_by()
    ):
        day = days[dl["day"]]
        day.deliveries += dl["n"]
        day.on_time += dl["on_time"]
        fig.couriers[(dl["day"], dl["order__courier_name"])] = [dl["n"], dl["on_time"]]

    for s in (
        paid.annotate(day=_day("paid_at"))
        .values("day", "store_id")
        .annotate(gmv=Sum("total"), n=Count("pk"))
        .order_by()
    ):
        fig.stores[(s["day"], s["store_id"])] = [s["gmv"] or 0, s["n"]]

    sold = F("unit_price") * (F("quantity") - F("cancelled_quantity"))
    for cat in (
        OrderLine.objects.using(using)
        .filter(order__paid_at__gte=start, order__paid_at__lt=end)
        .annotate(day=_day("order__paid_at"))
        .values("day", "variant__product__category_id")
        .annotate(gmv=Sum(sold), n=Count("order_id", distinct=True))
        .order_by()
    ):
        fig.categories[(cat["day"], cat["variant__product__category_id"])] = [cat["gmv"] or 0, cat["n"]]
    return fig


def rolled(date_from: dt.date, date_to: dt.date, *, using: str) -> Figures:
    """The days of the range that are rolled up, from the rollup tables."""
    fig = Figures()
    span = {"day__gte": date_from, "day__lte": date_to}
    for r in (
        MarketDay.objects.using(using)
        .filter(**span)
        .values("day", "gmv", "orders", "refunds", "commission", "fees", "buyers", "new_buyers")
    ):
        fig.days[r["day"]] = Day(**r)
    if not fig.days:
        return fig
    for m in MarketDayMethod.objects.using(using).filter(**span).values("day", "method", "attempts", "paid", "amount"):
        day = fig.days[m["day"]]
        day.attempts += m["attempts"]
        day.paid_attempts += m["paid"]
        day.by_method[m["method"]] = {"attempts": m["attempts"], "paid": m["paid"], "amount": m["amount"]}
    for c in MarketDayCourier.objects.using(using).filter(**span).values("day", "courier", "deliveries", "on_time"):
        day = fig.days[c["day"]]
        day.deliveries += c["deliveries"]
        day.on_time += c["on_time"]
        fig.couriers[(c["day"], c["courier"])] = [c["deliveries"], c["on_time"]]
    # Stores and categories: summed over the range in SQL (a month holds ~20,000 store-days);
    # keyed by the range's first day, only the sums matter to the report.
    for s in (
        MarketDayStore.objects.using(using)
        .filter(**span)
        .values("store_id")
        .annotate(gmv=Sum("gmv"), n=Sum("orders"))
        .order_by()
    ):
        fig.stores[(date_from, s["store_id"])] = [s["gmv"], s["n"]]
    for cat in (
        MarketDayCategory.objects.using(using)
        .filter(**span)
        .values("category_id")
        .annotate(gmv=Sum("gmv"), n=Sum("orders"))
        .order_by()
    ):
        fig.categories[(date_from, cat["category_id"])] = [cat["gmv"], cat["n"]]
    return fig


def _gaps(date_from: dt.date, date_to: dt.date, have: set[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """The runs of consecutive days of the range that are not in `have`."""
    run_start = None
    d = date_from
    while d <= date_to + dt.timedelta(days=1):
        missing = d <= date_to and d not in have
        if missing and run_start is None:
            run_start = d
        elif not missing and run_start is not None:
            yield run_start, d - dt.timedelta(days=1)
            run_start = None
        d += dt.timedelta(days=1)


def figures(date_from: dt.date, date_to: dt.date, *, using: str) -> Figures:
    """The range's figures: rolled-up days from the rollup, the rest computed live."""
    fig = rolled(date_from, date_to, using=using)
    for a, b in _gaps(date_from, date_to, set(fig.days)):
        fig.add(live(a, b, using=using))
    fig.days = dict(sorted(fig.days.items()))
    return fig


# --- the rollup ---------------------------------------------------------------------------


def last_closed(today: dt.date | None = None) -> dt.date:
    today = today or clock.now().astimezone(LOCAL).date()
    return today - dt.timedelta(days=SETTLE_DAYS)


def roll_day(day: dt.date, *, rolled_at: dt.datetime | None = None) -> MarketDay:
    """(Re)compute one day into the rollup; idempotent (the day's rows are replaced)."""
    with transaction.atomic():
        fig = live(day, day, using="default")
        d = fig.days[day]
        for model in (MarketDayMethod, MarketDayCourier, MarketDayStore, MarketDayCategory):
            model.objects.filter(day=day).delete()
        row, _ = MarketDay.objects.update_or_create(
            day=day,
            defaults={
                "gmv": d.gmv,
                "orders": d.orders,
                "refunds": d.refunds,
                "commission": d.commission,
                "fees": d.fees,
                "buyers": d.buyers,
                "new_buyers": d.new_buyers,
                "rolled_at": rolled_at or clock.now(),
            },
        )
        MarketDayMethod.objects.bulk_create(
            MarketDayMethod(day=day, method=m, **v) for m, v in sorted(d.by_method.items())
        )
        MarketDayCourier.objects.bulk_create(
            MarketDayCourier(day=day, courier=c, deliveries=n, on_time=ok) for (_, c), (n, ok) in fig.couriers.items()
        )
        MarketDayStore.objects.bulk_create(
            MarketDayStore(day=day, store_id=s, gmv=g, orders=n) for (_, s), (g, n) in fig.stores.items()
        )
        MarketDayCategory.objects.bulk_create(
            MarketDayCategory(day=day, category_id=c, gmv=g, orders=n) for (_, c), (g, n) in fig.categories.items()
        )
    return row


def changed_days(*, until: dt.date, using: str) -> set[dt.date]:
    """Rolled-up days up to `until` whose sources changed since they were rolled.

    Rows are rolled with their run's start as `rolled_at`, so every change after the newest
    `rolled_at` (less SLACK) is one no run has looked at yet: only those are read, from the
    stamped, indexed columns (order events, refunds, attempts' paid time), grouped by the day
    they count on, and compared with that day's `rolled_at`."""
    rolled = dict(MarketDay.objects.filter(day__lte=until).values_list("day", "rolled_at"))
    if not rolled:
        return set()
    since = max(rolled.values()) - SLACK
    end = _bound(until + dt.timedelta(days=1))
    sources = [
        OrderEvent.objects.using(using)
        .filter(created_at__gte=since, order__paid_at__lt=end)
        .annotate(day=_day("order__paid_at"))
        .values("day")
        .annotate(last=Max("created_at")),
        Refund.objects.using(using)
        .filter(created_at__gte=since, order__paid_at__lt=end)
        .annotate(day=_day("order__paid_at"))
        .values("day")
        .annotate(last=Max("created_at")),
        PaymentAttempt.objects.using(using)
        .filter(paid_at__gte=since, created_at__lt=end)
        .annotate(day=_day("created_at"))
        .values("day")
        .annotate(last=Max("paid_at")),
    ]
    return {
        row["day"]
        for rows in sources
        for row in rows.order_by()
        if row["day"] in rolled and row["last"] >= rolled[row["day"]] - SLACK
    }


_LOCK_KEY = zlib.crc32(b"niaga.reports.marketdays.roll_closed")
_local_lock = threading.Lock()


@contextmanager
def _exclusive() -> Iterator[None]:
    """One run at a time across workers and hosts: a PostgreSQL advisory lock, waited for (a
    run that waited finds the days already done). SQLite serves one host: a process lock."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        with _local_lock:
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def roll_closed(
    *, since: dt.date | None = None, until: dt.date | None = None, force: bool = False, today: dt.date | None = None
) -> list[dt.date]:
    """Roll up every closed day from `since` (default: the first paid order's day) to `until`
    (at most the last closed day) that is not rolled up yet or changed since it was, or every
    one with force. A changed day's rows are removed first (it reads live until rolled again),
    and each day is its own transaction, so an interrupted run resumes where it stopped."""
    with _exclusive():
        return _roll_closed(since=since, until=until, force=force, today=today)


def _roll_closed(*, since: dt.date | None, until: dt.date | None, force: bool, today: dt.date | None) -> list[dt.date]:
    started = clock.now()
    until = min(until or last_closed(today), last_closed(today))
    if since is None:
        first = (
            Order.objects.filter(paid_at__isnull=False).order_by("paid_at").values_list("paid_at", flat=True).first()
        )
        if first is None:
            return []
        since = first.astimezone(LOCAL).date()
    if not force:
        stale = [d for d in changed_days(until=until, using=db.reports()) if d >= since]
        with transaction.atomic():
            for model in (MarketDay, MarketDayMethod, MarketDayCourier, MarketDayStore, MarketDayCategory):
                model.objects.filter(day__in=stale).delete()
    have = (
        set() if force else set(MarketDay.objects.filter(day__gte=since, day__lte=until).values_list("day", flat=True))
    )
    done = []
    d = since
    while d <= until:
        if d not in have:
            roll_day(d, rolled_at=started)
            done.append(d)
        d += dt.timedelta(days=1)
    return done
