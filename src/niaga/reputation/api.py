"""Penilaian Toko: a store's figures over a rolling window, its badges and penalty points."""

import datetime as dt

from ninja import Router, Schema
from pydantic import Field

from niaga.core.schemas import ERRORS
from niaga.stores import selectors as stores

from . import services
from .selectors import Reputation

router = Router(tags=["reputation"])


class RatioOut(Schema):
    part: int
    whole: int
    percent: float | None = Field(description="part ÷ whole × 100, one decimal; null when whole is 0")


class RatingOut(Schema):
    average: float | None
    count: int
    distribution: dict[int, int]


class ComplaintsOut(Schema):
    rate: RatioOut = Field(description="complaints opened ÷ orders delivered or completed")
    resolved_without_escalation: RatioOut = Field(description="ended without Niaga's mediation ÷ ended")
    opened: int
    escalated: int


class ChatOut(Schema):
    answered: RatioOut = Field(description="questions answered ÷ questions asked")
    median_seconds: int | None


class PointOut(Schema):
    at: dt.datetime
    kind: str = Field(description="late or cancelled")
    order_number: str | None = Field(None, description="only in the store owner's own view")


class PenaltyOut(Schema):
    points: int
    late_shipments: int
    seller_cancellations: int
    window_days: int
    threshold: int = Field(description="more points than this and the store cannot join flash sales")
    campaigns_blocked_until: dt.datetime | None
    can_join_flash_sales: bool
    history: list[PointOut]


class BadgeOut(Schema):
    code: str
    label: str
    why: str


class ReputationOut(Schema):
    store_slug: str
    since: dt.datetime
    until: dt.datetime
    window_days: int
    rating: RatingOut
    shipped_on_time: RatioOut = Field(description="orders shipped by their ship-by deadline ÷ orders shipped")
    cancelled_by_seller: RatioOut = Field(
        description="orders the seller (or the ship-by sweep) cancelled ÷ orders paid"
    )
    complaints: ComplaintsOut
    chat: ChatOut
    penalty: PenaltyOut
    badges: list[BadgeOut]

    @staticmethod
    def from_reputation(rep: Reputation, *, own: bool = False) -> "ReputationOut":
        f, p = rep.figures, rep.penalty
        return ReputationOut(
            store_slug=rep.store.slug,
            since=f.since,
            until=f.until,
            window_days=f.window_days,
            rating=RatingOut(average=f.rating.average, count=f.rating.count, distribution=f.rating.distribution),
            shipped_on_time=RatioOut.model_validate(f.on_time, from_attributes=True),
            cancelled_by_seller=RatioOut.model_validate(f.seller_cancelled, from_attributes=True),
            complaints=ComplaintsOut(
                rate=RatioOut.model_validate(f.complaints, from_attributes=True),
                resolved_without_escalation=RatioOut.model_validate(
                    f.resolved_without_escalation, from_attributes=True
                ),
                opened=f.complaint_counts.opened,
                escalated=f.complaint_counts.escalated,
            ),
            chat=ChatOut(
                answered=RatioOut.model_validate(f.chat_answered, from_attributes=True),
                median_seconds=f.chat_median_seconds,
            ),
            penalty=PenaltyOut(
                points=p.total,
                late_shipments=p.late_shipments,
                seller_cancellations=p.seller_cancellations,
                window_days=p.window.days,
                threshold=p.threshold,
                campaigns_blocked_until=p.blocked_until,
                can_join_flash_sales=not p.blocked,
                history=[
                    PointOut(at=point.at, kind=point.kind, order_number=point.order_number if own else None)
                    for point in p.points
                ],
            ),
            badges=[BadgeOut(code=b.code, label=b.label, why=b.why) for b in rep.badges],
        )


@router.get(
    "/stores/{slug}/reputation",
    auth=None,
    response={200: ReputationOut, **ERRORS},
    summary="Penilaian Toko: a store's figures, penalty points and badges",
)
def store_reputation(request, slug: str):
    store = stores.public_store(slug)
    return ReputationOut.from_reputation(services.refresh_standing(store=store))


@router.get(
    "/seller/store/reputation",
    response={200: ReputationOut, **ERRORS},
    summary="My store's Penilaian Toko, with the orders behind each penalty point",
)
def my_reputation(request):
    store = stores.my_store(request.user)
    return ReputationOut.from_reputation(services.refresh_standing(store=store), own=True)
