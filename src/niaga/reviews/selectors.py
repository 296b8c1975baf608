"""Reads for reviews, scoped to who asks: the public sees visible reviews only; a buyer their
own lines and reviews; a seller their store's; an operator the reported ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from niaga.core import clock
from niaga.core.errors import NotFound
from niaga.orders.models import OrderEvent, OrderLine
from niaga.orders.status import Status

from .models import Review, ReviewPhoto, ReviewReport

STARS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class RatingSummary:
    """Visible reviews: their average (None without any), how many, and how many of each star."""

    average: float | None
    count: int
    distribution: dict[int, int] = field(default_factory=dict)  # every star 1..5, zeros included

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(star, count, percent of all) from 5 down to 1, for the page's bars."""
        return [
            (star, self.distribution.get(star, 0), round(100 * self.distribution.get(star, 0) / self.count))
            if self.count
            else (star, 0, 0)
            for star in STARS
        ]


def visible() -> QuerySet[Review]:
    return Review.objects.filter(hidden_at__isnull=True)


def summarise(reviews: QuerySet[Review]) -> RatingSummary:
    """The summary of these reviews (already filtered to the visible ones by the caller)."""
    counts = dict(reviews.order_by().values_list("rating").annotate(n=Count("pk")))
    distribution = {star: counts.get(star, 0) for star in range(1, 6)}
    count = sum(distribution.values())
    total = sum(star * n for star, n in distribution.items())
    return RatingSummary(average=round(total / count, 2) if count else None, count=count, distribution=distribution)


def store_rating(store_id: int, since: dt.datetime) -> RatingSummary:
    """A store's visible reviews written since `since` (reputation's rolling window)."""
    return summarise(visible().filter(store_id=store_id, created_at__gte=since))


def product_rating(product_id: int) -> RatingSummary:
    return summarise(visible().filter(product_id=product_id))


# --- the public's list of a product's reviews -----------------------------------------------


# How a product's reviews can be ordered: the default leads with photos, as Tokopedia's
# "Foto & Video" strip does; then the newest, the best or the worst first.
REVIEW_SORTS: dict[str, tuple[str, list[Any]]] = {
    "": ("Foto dulu", [F("photo_count").desc(), "-created_at", "-pk"]),
    "newest": ("Terbaru", ["-created_at", "-pk"]),
    "highest": ("Rating tertinggi", ["-rating", "-created_at", "-pk"]),
    "lowest": ("Rating terendah", ["rating", "-created_at", "-pk"]),
}


@dataclass(frozen=True)
class ReviewFilters:
    rating: int | None = None  # 1..5: only that many stars
    with_photos: bool = False
    sort: str = ""  # a key of REVIEW_SORTS


def product_reviews(product_id: int, filters: ReviewFilters | None = None) -> QuerySet[Review]:
    """A product's visible reviews, by default those with photos first, then the newest."""
    filters = filters or ReviewFilters()
    qs = visible().filter(product_id=product_id)
    if filters.rating in (1, 2, 3, 4, 5):
        qs = qs.filter(rating=filters.rating)
    if filters.with_photos:
        qs = qs.filter(photo_count__gt=0)
    return (
        qs.select_related("buyer")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position", "pk")))
        .order_by(*REVIEW_SORTS.get(filters.sort, REVIEW_SORTS[""])[1])
    )


def product_photos(product_id: int, limit: int = 12) -> QuerySet[ReviewPhoto]:
    """The newest photos of a product's visible reviews, for the strip above the list."""
    return (
        ReviewPhoto.objects.filter(review__product_id=product_id, review__hidden_at__isnull=True)
        .select_related("review")
        .order_by("-review__created_at", "position", "pk")[:limit]
    )


def public_review(review_id: int) -> Review:
    review = visible().filter(pk=review_id).select_related("product__store").first()
    if review is None:
        raise NotFound("Ulasan tidak ditemukan.", code="review_not_found")
    return review


# --- the buyer's ------------------------------------------------------------------------------


def completed_at() -> Subquery:
    """When the order (OuterRef "order") became Selesai: its COMPLETED event. The review
    window counts from it."""
    return Subquery(
        OrderEvent.objects.filter(order=OuterRef("order"), to_status=Status.COMPLETED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def window() -> dt.timedelta:
    return dt.timedelta(days=settings.NIAGA_REVIEW_WITHIN_DAYS)


def order_completed_at(order_id: int) -> dt.datetime | None:
    return (
        OrderEvent.objects.filter(order_id=order_id, to_status=Status.COMPLETED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def reviewable_lines(user, *, now: dt.datetime | None = None) -> QuerySet[OrderLine]:
    """The buyer's lines waiting for a review: of completed orders still within the window,
    with something received (not every unit cancelled), and no review yet. Each carries
    `completed_at` and `review_by`."""
    now = now or clock.now()
    return (
        OrderLine.objects.filter(
            order__buyer=user, order__status=Status.COMPLETED, quantity__gt=F("cancelled_quantity")
        )
        .filter(~Exists(Review.objects.filter(line=OuterRef("pk"))))
        .annotate(completed_at=completed_at())
        .filter(completed_at__gt=now - window())
        .select_related("order__store", "variant__product__store")
        .order_by("completed_at", "pk")
    )


def buyer_line(user, line_id: int) -> OrderLine:
    """One of the buyer's own order lines (another's is not found), with `completed_at`."""
    line = (
        OrderLine.objects.filter(order__buyer=user, pk=line_id)
        .annotate(completed_at=completed_at())
        .select_related("order__store", "variant__product__store")
        .first()
    )
    if line is None:
        raise NotFound("Barang pesanan tidak ditemukan.", code="line_not_found")
    return line


def buyer_reviews(user) -> QuerySet[Review]:
    return (
        Review.objects.filter(buyer=user)
        .select_related("product__store", "store")
        .prefetch_related("photos")
        .order_by("-created_at", "-pk")
    )


def buyer_review(user, review_id: int) -> Review:
    review = buyer_reviews(user).filter(pk=review_id).first()
    if review is None:
        raise NotFound("Ulasan tidak ditemukan.", code="review_not_found")
    return review


# --- the seller's ------------------------------------------------------------------------------


def store_reviews(store, *, unanswered: bool = False, rating: int | None = None) -> QuerySet[Review]:
    qs = Review.objects.filter(store=store)
    if unanswered:
        qs = qs.filter(replied_at__isnull=True, hidden_at__isnull=True)
    if rating in (1, 2, 3, 4, 5):
        qs = qs.filter(rating=rating)
    return qs.select_related("product__store", "buyer").prefetch_related("photos").order_by("-created_at", "-pk")


def store_review(store, review_id: int) -> Review:
    review = store_reviews(store).filter(pk=review_id).first()
    if review is None:
        raise NotFound("Ulasan tidak ditemukan.", code="review_not_found")
    return review


# --- the operator's ----------------------------------------------------------------------------


def reported_reviews(*, include_handled: bool = False) -> QuerySet[Review]:
    """Reviews with reports an operator has not handled yet, the most reported first."""
    open_reports = Q(reports__handled_at__isnull=True)
    qs = Review.objects.annotate(
        open_reports=Count("reports", filter=open_reports), all_reports=Count("reports")
    ).filter(all_reports__gt=0)
    if not include_handled:
        qs = qs.filter(open_reports__gt=0)
    return (
        qs.select_related("product__store", "buyer")
        .prefetch_related("photos")
        .order_by("-open_reports", "-all_reports", "pk")
    )


def operator_review(review_id: int) -> Review:
    review = (
        Review.objects.filter(pk=review_id)
        .select_related("product__store", "buyer", "order")
        .prefetch_related(
            "photos",
            Prefetch("reports", queryset=ReviewReport.objects.select_related("reporter")),
            "moderation",
        )
        .first()
    )
    if review is None:
        raise NotFound("Ulasan tidak ditemukan.", code="review_not_found")
    return review
