"""Penilaian Toko: a store's figures over a rolling window, its penalty points and its badges.

Everything here is public (a buyer reads it before buying) and computed from the records, never
typed in: orders and their timeline (orders), reviews (`reviews.selectors.store_rating`),
complaints (`aftersales.selectors.complaint_figures`) and chat (`chat.selectors.response_figures`).

The window is the last W days up to now, W = NIAGA_REPUTATION_WINDOW_DAYS (90). Each figure is a
ratio whose parts are shown with it; with nothing to count it is "–", never 0% or 100%.

    average rating        = mean of the stars of the store's visible reviews written in the window
    shipped on time       = orders shipped (handed to the courier) in the window with shipped_at ≤ ship_by
                            ÷ orders shipped in the window
    cancelled by seller   = orders paid in the window that the seller cancelled (Perlu Dikemas →
                            Dibatalkan by the seller), or that the system cancelled because the seller
                            did not ship by the deadline (Perlu Dikemas / Siap Dikirim → Dibatalkan
                            by the system) ÷ orders paid in the window
    complaint rate        = complaints opened in the window
                            ÷ orders that reached Sampai or Selesai in the window
    resolved w/o mediation= complaints opened in the window and ended (resolved or withdrawn)
                            without being escalated to Niaga ÷ those ended
    chat answered         = buyers' questions in the window that the seller answered ÷ questions
    chat response time    = median wait from a question to the seller's next message

Cancellations by the buyer (before paying), by the operator (fraud) and by the courier (a lost
parcel) are not the seller's and are not counted; nor are units the seller short-picked.

Penalty points (Shopee's "Poin Penalti", Tokopedia's performance points): each late shipment
(shipped after ship_by) and each seller cancellation as above is one point, counted for
P days after it happened, P = NIAGA_REPUTATION_PENALTY_WINDOW_DAYS (28). A store with more
than T points, T = NIAGA_REPUTATION_PENALTY_THRESHOLD (2), cannot put products in a flash sale
until enough points have aged out: the moment it recovers is known in advance (the oldest
points' age-out), and is written with the standing (reputation.services.refresh_standing).

Badges, from the figures of the window (all conditions must hold):

    Penjual Terpercaya  ≥ 10 orders delivered or completed, rating ≥ 4.5 from ≥ 5 reviews,
                        ≥ 95% shipped on time, ≤ 2% cancelled by the seller, complaint rate ≤ 3%,
                        and penalty points within the threshold
    Kirim Tepat Waktu   ≥ 10 orders shipped, ≥ 98% on time
    Balas Chat Cepat    ≥ 5 questions, ≥ 90% answered, median response ≤ 60 minutes

docs/reputation.md says the same for sellers and operators; tests/test_figures.py computes them
from a constructed history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q

from niaga.aftersales.selectors import ComplaintFigures, complaint_figures
from niaga.chat.selectors import ResponseFigures, response_figures
from niaga.core import clock
from niaga.orders.models import Order, OrderEvent
from niaga.orders.status import Actor, Status
from niaga.reviews.selectors import RatingSummary, store_rating
from niaga.stores.models import Store

# --- The badges' thresholds (documented above and in docs/reputation.md) -------------------
TRUSTED_MIN_ORDERS = 10
TRUSTED_MIN_RATING = Fraction(45, 10)
TRUSTED_MIN_REVIEWS = 5
TRUSTED_MIN_ON_TIME = Fraction(95, 100)
TRUSTED_MAX_CANCELLED = Fraction(2, 100)
TRUSTED_MAX_COMPLAINTS = Fraction(3, 100)
ON_TIME_MIN_SHIPPED = 10
ON_TIME_MIN_RATE = Fraction(98, 100)
FAST_REPLY_MIN_ASKED = 5
FAST_REPLY_MIN_ANSWERED = Fraction(90, 100)
FAST_REPLY_MAX_SECONDS = 60 * 60

# The seller's cancellations, as the timeline records them.
SELLER_CANCELLED = Q(to_status=Status.CANCELLED) & (
    Q(from_status=Status.TO_PACK, actor_role=Actor.SELLER)
    | Q(from_status__in=[Status.TO_PACK, Status.READY_TO_SHIP], actor_role=Actor.SYSTEM)
)


@dataclass(frozen=True)
class Ratio:
    """part of whole; `rate` is None when there is nothing to count."""

    part: int
    whole: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.whole else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else round(float(rate * 100), 1)

    @property
    def text(self) -> str:
        """ "98%", "97,5%", or "–"."""
        percent = self.percent
        if percent is None:
            return "–"
        return f"{percent:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


@dataclass(frozen=True)
class Figures:
    """A store's figures over [since, until]."""

    store_id: int
    since: dt.datetime
    until: dt.datetime
    rating: RatingSummary
    on_time: Ratio  # shipped on time / shipped
    seller_cancelled: Ratio  # cancelled by the seller / paid
    complaints: Ratio  # complaints opened / orders delivered or completed
    resolved_without_escalation: Ratio  # ended without mediation / ended
    complaint_counts: ComplaintFigures
    chat_answered: Ratio  # answered / asked
    chat_median_seconds: int | None

    @property
    def delivered(self) -> int:
        return self.complaints.whole

    @property
    def window_days(self) -> int:
        return round((self.until - self.since) / dt.timedelta(days=1))


@dataclass(frozen=True)
class Point:
    """One penalty point: when, why, and for which order (shown to the store's owner only)."""

    at: dt.datetime
    kind: str  # "late" or "cancelled"
    order_id: int
    order_number: str

    @property
    def label(self) -> str:
        return "Pengiriman terlambat" if self.kind == "late" else "Dibatalkan penjual"


@dataclass(frozen=True)
class Penalty:
    points: list[Point]
    since: dt.datetime
    window: dt.timedelta
    threshold: int
    blocked_until: dt.datetime | None  # None: the store may join flash sales

    @property
    def total(self) -> int:
        return len(self.points)

    @property
    def late_shipments(self) -> int:
        return sum(1 for p in self.points if p.kind == "late")

    @property
    def seller_cancellations(self) -> int:
        return sum(1 for p in self.points if p.kind == "cancelled")

    @property
    def blocked(self) -> bool:
        return self.blocked_until is not None


@dataclass(frozen=True)
class Badge:
    code: str
    label: str
    why: str  # the figures that earned it, in words


@dataclass(frozen=True)
class Condition:
    """One condition of a badge, met or not, for the page that explains them."""

    text: str
    met: bool


@dataclass(frozen=True)
class BadgeCheck:
    code: str
    label: str
    conditions: list[Condition] = field(default_factory=list)

    @property
    def earned(self) -> bool:
        return all(c.met for c in self.conditions)


@dataclass(frozen=True)
class Reputation:
    store: Store
    figures: Figures
    penalty: Penalty
    checks: list[BadgeCheck]

    @property
    def badges(self) -> list[Badge]:
        return [Badge(c.code, c.label, why(c)) for c in self.checks if c.earned]


def window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.NIAGA_REPUTATION_WINDOW_DAYS)


def figures(store: Store, *, now: dt.datetime | None = None) -> Figures:
    """The store's figures over the rolling window ending now (see the module's docstring)."""
    now = now or clock.now()
    since = window_start(now)
    orders = Order.objects.filter(store_id=store.pk)
    shipped = orders.filter(shipped_at__gte=since, shipped_at__lte=now).aggregate(
        shipped=Count("pk"), late=Count("pk", filter=Q(ship_by__isnull=False, shipped_at__gt=F("ship_by")))
    )
    seller_cancelled = OrderEvent.objects.filter(SELLER_CANCELLED, order=OuterRef("pk"))
    paid = orders.filter(paid_at__gte=since, paid_at__lte=now).aggregate(
        paid=Count("pk"), cancelled=Count("pk", filter=Q(Exists(seller_cancelled)))
    )
    arrived = OrderEvent.objects.filter(
        order=OuterRef("pk"),
        to_status__in=[Status.DELIVERED, Status.COMPLETED],
        created_at__gte=since,
        created_at__lte=now,
    )
    delivered = orders.filter(Exists(arrived)).count()
    complaints = complaint_figures(store.pk, since)
    chat: ResponseFigures = response_figures(store.pk, since)
    return Figures(
        store_id=store.pk,
        since=since,
        until=now,
        rating=store_rating(store.pk, since),
        on_time=Ratio(shipped["shipped"] - shipped["late"], shipped["shipped"]),
        seller_cancelled=Ratio(paid["cancelled"], paid["paid"]),
        complaints=Ratio(complaints.opened, delivered),
        resolved_without_escalation=Ratio(complaints.resolved_without_escalation, complaints.resolved),
        complaint_counts=complaints,
        chat_answered=Ratio(chat.answered, chat.asked),
        chat_median_seconds=chat.median_seconds,
    )


def penalty(store: Store, *, now: dt.datetime | None = None) -> Penalty:
    """The store's penalty points now, and until when it sits out flash sales (if it does)."""
    now = now or clock.now()
    window = dt.timedelta(days=settings.NIAGA_REPUTATION_PENALTY_WINDOW_DAYS)
    since = now - window
    late = Order.objects.filter(store_id=store.pk, shipped_at__gt=since, shipped_at__lte=now).filter(
        ship_by__isnull=False, shipped_at__gt=F("ship_by")
    )
    points = [
        Point(at, "late", pk, number)
        for at, pk, number in late.values_list("shipped_at", "pk", "number")
        if at is not None  # filtered on it above; the type of the column allows None
    ]
    cancelled = OrderEvent.objects.filter(
        SELLER_CANCELLED, order__store_id=store.pk, created_at__gt=since, created_at__lte=now
    ).values_list("created_at", "order_id", "order__number")
    points += [Point(at, "cancelled", pk, number) for at, pk, number in cancelled]
    points.sort(key=lambda p: (p.at, p.order_number))
    threshold = settings.NIAGA_REPUTATION_PENALTY_THRESHOLD
    blocked_until = None
    if len(points) > threshold:
        # Back within the threshold once the oldest (len - threshold) points have aged out.
        blocked_until = points[len(points) - threshold - 1].at + window
    return Penalty(points=points, since=since, window=window, threshold=threshold, blocked_until=blocked_until)


def _rating_text(rating: RatingSummary) -> str:
    if rating.average is None:
        return "belum ada ulasan"
    return f"{rating.average:.1f}".replace(".", ",") + f" dari {rating.count} ulasan"


def duration_text(seconds: int | None) -> str:
    """ "± 12 menit", "± 3 jam", "< 1 menit", or "–"."""
    if seconds is None:
        return "–"
    if seconds < 60:
        return "< 1 menit"
    if seconds < 3600:
        return f"± {round(seconds / 60)} menit"
    if seconds < 86400 * 2:
        return f"± {round(seconds / 3600)} jam"
    return f"± {round(seconds / 86400)} hari"


def _at_least(ratio: Ratio, minimum: Fraction) -> bool:
    rate = ratio.rate
    return rate is not None and rate >= minimum


def _at_most(ratio: Ratio, maximum: Fraction) -> bool:
    rate = ratio.rate
    return rate is None or rate <= maximum  # nothing to count is nothing wrong, if the volume is there


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):g}%".replace(".", ",")


def badge_checks(f: Figures, p: Penalty) -> list[BadgeCheck]:
    rating = f.rating
    return [
        BadgeCheck(
            "trusted",
            "Penjual Terpercaya",
            [
                Condition(f"Minimal {TRUSTED_MIN_ORDERS} pesanan sampai", f.delivered >= TRUSTED_MIN_ORDERS),
                Condition(
                    f"Rating minimal {float(TRUSTED_MIN_RATING):g}".replace(".", ",")
                    + f" dari minimal {TRUSTED_MIN_REVIEWS} ulasan",
                    rating.average is not None
                    and rating.count >= TRUSTED_MIN_REVIEWS
                    and Fraction(str(rating.average)) >= TRUSTED_MIN_RATING,
                ),
                Condition(
                    f"Dikirim tepat waktu minimal {_pct(TRUSTED_MIN_ON_TIME)}",
                    _at_least(f.on_time, TRUSTED_MIN_ON_TIME),
                ),
                Condition(
                    f"Dibatalkan penjual maksimal {_pct(TRUSTED_MAX_CANCELLED)}",
                    _at_most(f.seller_cancelled, TRUSTED_MAX_CANCELLED),
                ),
                Condition(
                    f"Tingkat komplain maksimal {_pct(TRUSTED_MAX_COMPLAINTS)}",
                    _at_most(f.complaints, TRUSTED_MAX_COMPLAINTS),
                ),
                Condition(f"Poin penalti maksimal {p.threshold}", not p.blocked),
            ],
        ),
        BadgeCheck(
            "on_time",
            "Kirim Tepat Waktu",
            [
                Condition(f"Minimal {ON_TIME_MIN_SHIPPED} pesanan dikirim", f.on_time.whole >= ON_TIME_MIN_SHIPPED),
                Condition(f"Minimal {_pct(ON_TIME_MIN_RATE)} tepat waktu", _at_least(f.on_time, ON_TIME_MIN_RATE)),
            ],
        ),
        BadgeCheck(
            "fast_reply",
            "Balas Chat Cepat",
            [
                Condition(
                    f"Minimal {FAST_REPLY_MIN_ASKED} pertanyaan pembeli", f.chat_answered.whole >= FAST_REPLY_MIN_ASKED
                ),
                Condition(
                    f"Minimal {_pct(FAST_REPLY_MIN_ANSWERED)} dibalas",
                    _at_least(f.chat_answered, FAST_REPLY_MIN_ANSWERED),
                ),
                Condition(
                    f"Waktu balas (median) maksimal {FAST_REPLY_MAX_SECONDS // 60} menit",
                    f.chat_median_seconds is not None and f.chat_median_seconds <= FAST_REPLY_MAX_SECONDS,
                ),
            ],
        ),
    ]


def why(check: BadgeCheck) -> str:
    return "; ".join(c.text for c in check.conditions)


def headline(f: Figures) -> list[dict[str, str]]:
    """The few figures the store and product pages show beside the badges, in words."""
    rows = [
        ("Rating toko", _rating_text(f.rating)),
        ("Dikirim tepat waktu", f"{f.on_time.text} ({f.on_time.part}/{f.on_time.whole})" if f.on_time.whole else "–"),
        (
            "Dibatalkan penjual",
            f"{f.seller_cancelled.text} ({f.seller_cancelled.part}/{f.seller_cancelled.whole})"
            if f.seller_cancelled.whole
            else "–",
        ),
        (
            "Chat dibalas",
            f"{f.chat_answered.text}, {duration_text(f.chat_median_seconds)}" if f.chat_answered.whole else "–",
        ),
    ]
    return [{"label": label, "value": value} for label, value in rows]


def reputation(store: Store, *, now: dt.datetime | None = None) -> Reputation:
    now = now or clock.now()
    f = figures(store, now=now)
    p = penalty(store, now=now)
    return Reputation(store=store, figures=f, penalty=p, checks=badge_checks(f, p))
