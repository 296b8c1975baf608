"""The operator's marketplace report, per day: GMV, orders, take rate, payment methods, courier
on-time rate, top stores and categories, new and returning buyers.

Read from the replica when one is configured (core.db.reports). Every figure is an SQL aggregate
grouped by the local (WIB) day; Python only lays the grouped rows side by side.

Definitions (the page says them too):
- GMV: the totals (goods + shipping) of orders paid that day; orders: their count.
- take rate: commission + service fees posted in the ledger that day ÷ that day's GMV.
- a payment attempt succeeded when it was ever paid (paid_at set); success = paid ÷ attempts, by
  the day the attempt was made; the mix is each method's share of paid attempts' amounts.
- on time: the order reached "Sampai" by shipped_at + the courier's longest estimate in days
  (the order's shipping_eta, "2-3 hari" → 3; aftersales.services.eta_days reads it the same way).
- a buyer is new on the day of their first paid order ever, returning on any later day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateTimeField, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from niaga.aftersales.services import eta_days
from niaga.core import db
from niaga.ledger import accounts as acc
from niaga.ledger.models import Account, Entry
from niaga.orders.models import Order, OrderEvent, OrderLine
from niaga.orders.status import Status
from niaga.payments.models import PaymentAttempt

from .settlement import Period
from .sql import report_queries

TOP = 5


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


@dataclass(frozen=True)
class Method:
    method: str
    attempts: int
    paid: int
    amount: int
    success_rate: float
    mix: float  # share of the paid amount, %


@dataclass(frozen=True)
class Courier:
    courier: str
    deliveries: int
    on_time: int
    on_time_rate: float


@dataclass(frozen=True)
class Ranked:
    name: str
    gmv: int
    orders: int


@dataclass
class MarketReport:
    period: Period
    days: list[Day]
    methods: list[Method]
    couriers: list[Courier]
    top_stores: list[Ranked]
    top_categories: list[Ranked]

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    @property
    def date_from(self) -> dt.date:
        return self.period.date_from

    @property
    def date_to(self) -> dt.date:
        return self.period.date_to

    @property
    def gmv(self) -> int:
        return self.total("gmv")

    @property
    def orders(self) -> int:
        return self.total("orders")

    @property
    def take_rate(self) -> float:
        return _share(self.total("commission") + self.total("fees"), self.total("gmv"))

    @property
    def on_time_rate(self) -> float:
        return _share(self.total("on_time"), self.total("deliveries"))


def _day(name: str) -> TruncDate:
    return TruncDate(name, tzinfo=timezone.get_current_timezone())


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


def report(*, period: Period) -> MarketReport:
    with report_queries(db.reports()):
        return _report(period)


def _report(period: Period) -> MarketReport:
    using = db.reports()
    start, end = period.start, period.end
    days: dict[dt.date, Day] = {}
    d = period.date_from
    while d <= period.date_to:
        days[d] = Day(d)
        d += dt.timedelta(days=1)

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

    method_totals: dict[str, list[int]] = {}
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
        .order_by("day", "method")
    ):
        day = days[m["day"]]
        amount = m["amount"] or 0
        day.attempts += m["attempts"]
        day.paid_attempts += m["paid"]
        day.by_method[m["method"]] = {"attempts": m["attempts"], "paid": m["paid"], "amount": amount}
        total = method_totals.setdefault(m["method"], [0, 0, 0])
        total[0], total[1], total[2] = total[0] + m["attempts"], total[1] + m["paid"], total[2] + amount
    paid_amount = sum(t[2] for t in method_totals.values())
    methods = [
        Method(m, a, p, amount, _share(p, a), _share(amount, paid_amount))
        for m, (a, p, amount) in sorted(method_totals.items(), key=lambda kv: -kv[1][2])
    ]

    delivered = OrderEvent.objects.using(using).filter(
        to_status=Status.DELIVERED, created_at__gte=start, created_at__lt=end
    )
    on_time = Q(created_at__lte=_deadline(delivered))
    courier_totals: dict[str, list[int]] = {}
    for dl in (
        delivered.annotate(day=_day("created_at"))
        .values("day", "order__courier_name")
        .annotate(n=Count("order_id", distinct=True), on_time=Count("order_id", distinct=True, filter=on_time))
        .order_by()
    ):
        day = days[dl["day"]]
        day.deliveries += dl["n"]
        day.on_time += dl["on_time"]
        total = courier_totals.setdefault(dl["order__courier_name"], [0, 0])
        total[0], total[1] = total[0] + dl["n"], total[1] + dl["on_time"]
    couriers = [Courier(c, n, ok, _share(ok, n)) for c, (n, ok) in sorted(courier_totals.items())]

    top_stores = [
        Ranked(r["store__name"], r["gmv"], r["orders"])
        for r in paid.values("store_id", "store__name")
        .annotate(gmv=Sum("total"), orders=Count("pk"))
        .order_by("-gmv", "store_id")[:TOP]
    ]
    sold = F("unit_price") * (F("quantity") - F("cancelled_quantity"))
    top_categories = [
        Ranked(r["variant__product__category__name"], r["gmv"] or 0, r["orders"])
        for r in OrderLine.objects.using(using)
        .filter(order__paid_at__gte=start, order__paid_at__lt=end)
        .values("variant__product__category_id", "variant__product__category__name")
        .annotate(gmv=Sum(sold), orders=Count("order_id", distinct=True))
        .order_by("-gmv", "variant__product__category_id")[:TOP]
    ]
    return MarketReport(period, list(days.values()), methods, couriers, top_stores, top_categories)
