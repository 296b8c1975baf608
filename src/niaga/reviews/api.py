"""Ulasan: a verified buyer's rating and photos of each line bought, the seller's reply, reports.

Public: a product's reviews (paginated, by stars or with photos) and its summary. Buyer: the
lines waiting for a review, their reviews, write (multipart, with photos) and edit once.
Seller: their store's reviews and the one reply. Anyone signed in: report. Operator (staff):
the reported reviews, hide / show again / keep, each with a reason."""

import datetime as dt

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from niaga.catalog import selectors as catalog
from niaga.core.errors import NotFound
from niaga.core.media import media_url
from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import selectors, services
from .models import MAX_REPLY, MAX_TEXT, ReportReason

router = Router(tags=["reviews"])


class PhotoOut(Schema):
    id: int
    url: str | None
    thumbnail_url: str | None

    @staticmethod
    def resolve_url(photo, context) -> str | None:
        return media_url(context["request"], photo.image)

    @staticmethod
    def resolve_thumbnail_url(photo, context) -> str | None:
        return media_url(context["request"], photo.thumbnail)


class ReviewOut(Schema):
    """A review as everyone sees it: the buyer's name, or "P***i" when they chose anonymity."""

    id: int
    product_id: int
    rating: int
    text: str
    name: str
    variant_name: str
    photos: list[PhotoOut]
    created_at: dt.datetime
    edited: bool
    reply: str
    replied_at: dt.datetime | None

    @staticmethod
    def resolve_name(review) -> str:
        return review.shown_name

    @staticmethod
    def resolve_edited(review) -> bool:
        return review.edited_at is not None


class MyReviewOut(ReviewOut):
    line_id: int
    order_id: int
    anonymous: bool
    editable: bool = Field(description="the one edit is unused and the review is not hidden")
    hidden: bool
    hidden_reason: str

    @staticmethod
    def resolve_editable(review) -> bool:
        return review.edited_at is None and review.hidden_at is None

    @staticmethod
    def resolve_hidden(review) -> bool:
        return review.hidden_at is not None


class ModeratedReviewOut(MyReviewOut):
    """A review as its store's seller or an operator sees it: hidden ones too."""

    store_id: int
    open_reports: int = 0


class SummaryOut(Schema):
    average: float | None = Field(description="visible reviews' average stars; null without any")
    count: int
    distribution: dict[int, int] = Field(description="visible reviews per star, 1..5")


class PendingLineOut(Schema):
    line_id: int
    order_id: int
    order_number: str
    product_id: int
    product_name: str
    variant_name: str
    store_name: str
    completed_at: dt.datetime
    review_by: dt.datetime

    @staticmethod
    def resolve_line_id(line) -> int:
        return line.pk

    @staticmethod
    def resolve_order_number(line) -> str:
        return line.order.number

    @staticmethod
    def resolve_product_id(line) -> int:
        return line.variant.product_id

    @staticmethod
    def resolve_store_name(line) -> str:
        return line.order.store.name

    @staticmethod
    def resolve_review_by(line) -> dt.datetime | None:
        return services.review_deadline(line.completed_at)


class ReviewFilterQuery(Schema):
    rating: int | None = Field(None, ge=1, le=5, description="only reviews with this many stars")
    with_photos: bool = Field(False, description="only reviews with photos")
    sort: str = Field(
        "", pattern="^(|newest|highest|lowest)$", description="'' photos first, then newest; newest; highest; lowest"
    )


class ReviewIn(Schema):
    """A multipart form (with `photos` files): the line reviewed, stars, text, anonymity."""

    line_id: int
    rating: int = Field(ge=1, le=5)
    text: str = Field("", max_length=MAX_TEXT)
    anonymous: bool = False


class EditIn(Schema):
    """A multipart form (with new `photos` files): the one edit."""

    rating: int = Field(ge=1, le=5)
    text: str = Field("", max_length=MAX_TEXT)
    anonymous: bool = Field(False, description="like every field of the edit, what the review says from now on")
    remove_photo_ids: list[int] = Field([], max_length=5, description="photos of this review to delete")


class ReportIn(Input):
    reason: str = Field(description=" | ".join(f"{v}: {label}" for v, label in ReportReason.choices))
    note: str = Field("", max_length=300)


class ReplyIn(Input):
    text: str = Field(min_length=1, max_length=MAX_REPLY)


class ReasonIn(Input):
    reason: str = Field(min_length=5, max_length=255, description="shown to the buyer who wrote the review")


class SellerQuery(Schema):
    unanswered: bool = False
    rating: int | None = Field(None, ge=1, le=5)


class OperatorQuery(Schema):
    include_handled: bool = Field(False, description="also reviews whose reports were all handled")


# --- public -------------------------------------------------------------------------------------


def _public_product(product_id: int) -> None:
    if not catalog.public_products().filter(pk=product_id).exists():
        raise NotFound("Produk tidak ditemukan.", code="product_not_found")


@router.get(
    "/products/{product_id}/reviews",
    auth=None,
    response={200: list[ReviewOut], **ERRORS},
    summary="A product's reviews: photos first, then newest",
)
@paginate(LimitOffsetPagination)
def product_reviews(request, product_id: int, filters: Query[ReviewFilterQuery]):
    _public_product(product_id)
    return selectors.product_reviews(
        product_id, selectors.ReviewFilters(filters.rating, filters.with_photos, filters.sort)
    )


@router.get(
    "/products/{product_id}/reviews/summary",
    auth=None,
    response={200: SummaryOut, **ERRORS},
    summary="Average, count and stars distribution",
)
def product_summary(request, product_id: int):
    _public_product(product_id)
    return selectors.product_rating(product_id)


# --- buyer --------------------------------------------------------------------------------------


@router.get("/reviews/pending", response=list[PendingLineOut], summary="Lines waiting for my review")
def pending(request):
    return list(selectors.reviewable_lines(request.user)[:200])


@router.get("/reviews/mine", response=list[MyReviewOut], summary="Reviews I wrote")
@paginate(LimitOffsetPagination)
def mine(request):
    return selectors.buyer_reviews(request.user).select_related("buyer")


@router.post("/reviews", response={201: MyReviewOut, **ERRORS}, summary="Review a line of a completed order")
def write(request, payload: Form[ReviewIn], photos: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    review = services.write_review(
        buyer=request.user,
        line_id=payload.line_id,
        rating=payload.rating,
        text=payload.text,
        anonymous=payload.anonymous,
        photos=photos or [],
    )
    return Status(201, selectors.buyer_review(request.user, review.pk))


@router.post("/reviews/{review_id}/edit", response={200: MyReviewOut, **ERRORS}, summary="The one edit of my review")
def edit(request, review_id: int, payload: Form[EditIn], photos: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    return services.edit_review(
        buyer=request.user,
        review_id=review_id,
        rating=payload.rating,
        text=payload.text,
        anonymous=payload.anonymous,
        add_photos=photos or [],
        remove_photo_ids=payload.remove_photo_ids,
    )


@router.post("/reviews/{review_id}/report", response={201: ReviewOut, **ERRORS}, summary="Report a review (once)")
def report(request, review_id: int, payload: ReportIn):
    services.report(user=request.user, review_id=review_id, reason=payload.reason, note=payload.note)
    return Status(201, selectors.public_review(review_id))


# --- seller -------------------------------------------------------------------------------------


@router.get("/seller/reviews", response={200: list[ModeratedReviewOut], **ERRORS}, summary="My store's reviews")
@paginate(LimitOffsetPagination)
def seller_reviews(request, q: Query[SellerQuery]):
    return selectors.store_reviews(stores.my_store(request.user), unanswered=q.unanswered, rating=q.rating)


@router.post(
    "/seller/reviews/{review_id}/reply", response={200: ModeratedReviewOut, **ERRORS}, summary="Reply once, publicly"
)
def reply(request, review_id: int, payload: ReplyIn):
    store = stores.my_store(request.user)
    services.reply(store=store, seller=request.user, review_id=review_id, text=payload.text)
    return selectors.store_review(store, review_id)


# --- operator -----------------------------------------------------------------------------------


def _operator(request) -> None:
    if not request.user.is_staff:  # the routes do not exist for anyone else
        raise NotFound("Tidak ditemukan.", code="not_found")


@router.get("/operator/reviews", response={200: list[ModeratedReviewOut], **ERRORS}, summary="Reported reviews (staff)")
@paginate(LimitOffsetPagination)
def reported(request, q: Query[OperatorQuery]):
    _operator(request)
    return selectors.reported_reviews(include_handled=q.include_handled)


def _moderated(review_id: int):
    return selectors.reported_reviews(include_handled=True).filter(pk=review_id).first() or selectors.operator_review(
        review_id
    )


@router.post("/operator/reviews/{review_id}/hide", response={200: ModeratedReviewOut, **ERRORS}, summary="Hide (staff)")
def hide(request, review_id: int, payload: ReasonIn):
    _operator(request)
    services.hide(operator=request.user, review_id=review_id, reason=payload.reason)
    return _moderated(review_id)


@router.post(
    "/operator/reviews/{review_id}/unhide", response={200: ModeratedReviewOut, **ERRORS}, summary="Show again (staff)"
)
def unhide(request, review_id: int, payload: ReasonIn):
    _operator(request)
    services.unhide(operator=request.user, review_id=review_id, reason=payload.reason)
    return _moderated(review_id)


@router.post(
    "/operator/reviews/{review_id}/keep",
    response={200: ModeratedReviewOut, **ERRORS},
    summary="Reports refused: the review stays (staff)",
)
def keep(request, review_id: int, payload: ReasonIn):
    _operator(request)
    services.keep(operator=request.user, review_id=review_id, reason=payload.reason)
    return _moderated(review_id)
