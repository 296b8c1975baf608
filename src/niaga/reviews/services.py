"""Writes for reviews: the buyer writes (and once edits) a review of a line they received,
the seller replies once, anyone signed in reports, an operator hides or shows it again.

Every write that changes what a product shows recounts the product's figures from the rows
(`refresh_figures`: visible reviews and units sold) and retires its kept pages once the
transaction commits. The rules, each refusing with a clear 4xx and changing nothing:

- only the order's buyer, only once the order is Selesai, within NIAGA_REVIEW_WITHIN_DAYS
  of its COMPLETED event, only a line with units received, once per line;
- editable once, within the same number of days of writing it, unless an operator hid it;
- the seller replies once, publicly, to a visible review of their own store;
- a report once per person, never of one's own review; only staff hide or show again, with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from niaga.catalog.models import Product
from niaga.core import clock, generations
from niaga.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from niaga.core.ids import random_code
from niaga.core.images import thumbnail, validate_image, versions
from niaga.core.templatetags.niaga import wib
from niaga.notifications.services import notify
from niaga.orders.models import Order, OrderLine
from niaga.orders.status import Status

from . import selectors
from .models import (
    MAX_PHOTOS,
    MAX_REPLY,
    MAX_TEXT,
    Invitation,
    Moderation,
    ModerationEvent,
    ReportReason,
    Review,
    ReviewPhoto,
    ReviewReport,
)

NUDGE_BEFORE = dt.timedelta(days=3)  # the reminder comes this long before the window closes
MIN_REASON = 5  # an operator's reason says something


# --- the product's figures --------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    rating_average: Decimal
    rating_count: int
    units_sold: int


def figures_of(product_id: int) -> Figures:
    """A product's figures counted from the rows: its visible reviews, and the units of its
    lines in completed orders (less units cancelled before shipping)."""
    summary = selectors.product_rating(product_id)
    average = Decimal(str(summary.average or 0)).quantize(Decimal("0.01"))
    return Figures(rating_average=average, rating_count=summary.count, units_sold=units_sold(product_id))


def _sold_lines(product_id: int):
    return OrderLine.objects.filter(variant__product_id=product_id, order__status=Status.COMPLETED)


def units_sold(product_id: int) -> int:
    sold = _sold_lines(product_id).aggregate(n=Sum(F("quantity") - F("cancelled_quantity")))["n"]
    return max(0, sold or 0)


def _units_sold_expression(product_id: int) -> Coalesce:
    """units_sold(product_id) as a subquery, counted by the UPDATE that writes it."""
    total = (
        _sold_lines(product_id)
        .order_by()
        .values("variant__product_id")
        .annotate(n=Sum(F("quantity") - F("cancelled_quantity")))
        .values("n")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def refresh_figures(*, product_ids: Iterable[int], only_sold: bool = False) -> None:
    """Recount the products' figures in the caller's transaction (each product row locked,
    in id order, so two reviews of one product written at once both count), and retire
    their kept pages (product, store, listings) once it commits. `only_sold`: an order
    completed, which moves units sold and no review."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        rows = list(
            Product.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "store__slug", "slug")
        )
        for pk, _, _ in rows:
            if only_sold:  # counted after the lock is held, so a completion committed meanwhile is in
                Product.objects.filter(pk=pk).update(units_sold=_units_sold_expression(pk))
                continue
            figures = figures_of(pk)
            Product.objects.filter(pk=pk).update(
                rating_average=figures.rating_average,
                rating_count=figures.rating_count,
                units_sold=figures.units_sold,
            )
    retire_pages(rows)


def retire_pages(rows: Iterable[tuple[int, str, str]]) -> None:
    """Once the transaction commits: the kept pages of these (product id, store slug, product
    slug) are stale: the product's page and its reviews, its store's page, the listings."""
    for _, store_slug, slug in rows:
        transaction.on_commit(partial(generations.bump, store_slug, slug))


# --- input --------------------------------------------------------------------------------------


def _rating(raw, errors: dict[str, str]) -> int:
    try:
        if isinstance(raw, bool):
            raise ValueError
        value = int(raw)
        if isinstance(raw, float) and raw != value:
            raise ValueError
    except (TypeError, ValueError):
        errors["rating"] = "Pilih 1 sampai 5 bintang."
        return 0
    if not 1 <= value <= 5:
        errors["rating"] = "Pilih 1 sampai 5 bintang."
    return value


def _text(raw, errors: dict[str, str], *, field: str = "text", limit: int = MAX_TEXT, required: bool = False) -> str:
    text = str(raw or "").replace("\x00", "").strip().replace("\r\n", "\n")  # no NUL: PostgreSQL refuses it
    if required and not text:
        errors[field] = "Wajib diisi."
    elif len(text) > limit:
        errors[field] = f"Maks. {limit} karakter (sekarang {len(text)})."
    return text


def _check_photos(uploads: Sequence[UploadedFile], *, already: int = 0) -> None:
    if already + len(uploads) > MAX_PHOTOS:
        raise DomainError(
            f"Maks. {MAX_PHOTOS} foto per ulasan.",
            code="too_many_photos",
            fields={"photos": f"Maks. {MAX_PHOTOS} foto (sudah {already}, ditambah {len(uploads)})."},
        )
    for upload in uploads:
        validate_image(upload, field="photos")


def _save_photo(review: Review, upload: UploadedFile, position: int) -> ReviewPhoto:
    """As catalog stores a product photo (core.images): a clean master, a thumbnail and sized
    WebP/JPEG versions; the upload itself, with its EXIF and GPS, is never stored."""
    photo = ReviewPhoto(review=review, position=position)
    name = f"ulasan-{review.pk}-{random_code(6).lower()}"
    sized = versions(upload)
    photo.image.save(f"{name}.{sized.master_extension}", sized.master, save=False)
    photo.thumbnail.save(f"{name}.jpg", thumbnail(upload), save=False)
    photo.stem = f"reviews/v/{name}"
    for width, (webp, jpeg) in sized.files.items():
        default_storage.save(f"{photo.stem}-{width}.webp", webp)
        default_storage.save(f"{photo.stem}-{width}.jpg", jpeg)
    photo.widths = ",".join(str(w) for w in sized.widths)
    photo.width, photo.height = sized.width, sized.height
    photo.save()
    return photo


def _delete_photo(photo: ReviewPhoto) -> None:
    paths = [f"{photo.stem}-{w}.{kind}" for w in photo.widths.split(",") if w for kind in ("webp", "jpg")]
    name, thumb = photo.image.name, photo.thumbnail.name

    def remove() -> None:  # the files go once the rows are gone for good
        for path in [name, thumb, *paths]:
            if path:
                default_storage.delete(path)

    photo.delete()
    transaction.on_commit(remove)


# --- the buyer ----------------------------------------------------------------------------------


def review_deadline(completed_at: dt.datetime | None) -> dt.datetime | None:
    return completed_at + selectors.window() if completed_at else None


def check_reviewable(line: OrderLine, *, now: dt.datetime | None = None) -> dt.datetime:
    """Refuse a line that cannot be reviewed now; return the moment its window closes. The
    line is the buyer's own (selectors.buyer_line) and carries `completed_at`."""
    now = now or clock.now()
    if line.order.status != Status.COMPLETED:
        raise Conflict("Ulasan bisa ditulis setelah pesanan selesai (Pesanan Diterima).", code="order_not_completed")
    if line.quantity <= line.cancelled_quantity:
        raise Conflict("Barang ini dibatalkan, jadi tidak bisa diulas.", code="line_cancelled")
    if Review.objects.filter(line=line).exists():
        raise Conflict("Barang ini sudah kamu ulas.", code="already_reviewed")
    completed_at = getattr(line, "completed_at", None) or selectors.order_completed_at(line.order_id)
    deadline = review_deadline(completed_at)
    if deadline is None or now > deadline:
        raise Conflict(
            f"Batas waktu ulasan sudah lewat ({selectors.window().days} hari setelah pesanan selesai).",
            code="review_window_closed",
        )
    return deadline


def write_review(
    *,
    buyer,
    line_id: int,
    rating,
    text: str = "",
    anonymous: bool = False,
    photos: Sequence[UploadedFile] = (),
) -> Review:
    line = selectors.buyer_line(buyer, line_id)  # another buyer's line: not found
    now = clock.now()
    check_reviewable(line, now=now)
    errors: dict[str, str] = {}
    stars, words = _rating(rating, errors), _text(text, errors)
    if errors:
        raise DomainError("Periksa kembali ulasanmu.", code="invalid_review", fields=errors)
    _check_photos(photos)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                line=line,
                order=line.order,
                product_id=line.variant.product_id,
                store_id=line.order.store_id,
                buyer=buyer,
                variant_name=line.variant_name,
                rating=stars,
                text=words,
                anonymous=bool(anonymous),
                created_at=now,
                photo_count=len(photos),
            )
            for position, upload in enumerate(photos):
                _save_photo(review, upload, position)
            refresh_figures(product_ids=[review.product_id])
    except IntegrityError:  # the same line reviewed at the same moment (a double tap)
        raise Conflict("Barang ini sudah kamu ulas.", code="already_reviewed") from None
    _tell_seller(review)
    return review


def _tell_seller(review: Review) -> None:
    notify(
        user=review.store.owner,
        title=f"Ulasan baru {review.rating}★",
        body=f"{review.line.product_name}: {review.text[:120] or '(tanpa teks)'}",
        url=reverse("reviews:seller_list"),
        email=review.rating <= 2,  # a poor rating is worth answering soon
        next_step="Balas ulasan ini di Toko Saya › Ulasan. Balasanmu tampil untuk semua pembeli.",
    )


def edit_review(
    *,
    buyer,
    review_id: int,
    rating,
    text: str = "",
    anonymous: bool | None = None,
    add_photos: Sequence[UploadedFile] = (),
    remove_photo_ids: Iterable[int] = (),
) -> Review:
    """The buyer's one edit: rating, text, name shown, photos added or removed."""
    now = clock.now()
    with transaction.atomic():
        review = selectors.buyer_review(buyer, review_id)  # another's: not found
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.edited_at is not None:
            raise Conflict("Ulasan hanya bisa diubah satu kali, dan sudah diubah.", code="already_edited")
        if review.hidden_at is not None:
            raise Conflict("Ulasan ini disembunyikan operator dan tidak bisa diubah.", code="review_hidden")
        if now > review.created_at + selectors.window():
            raise Conflict(
                f"Ulasan hanya bisa diubah dalam {selectors.window().days} hari setelah ditulis.",
                code="edit_window_closed",
            )
        errors: dict[str, str] = {}
        stars, words = _rating(rating, errors), _text(text, errors)
        if errors:
            raise DomainError("Periksa kembali ulasanmu.", code="invalid_review", fields=errors)
        removed_ids = {int(pk) for pk in remove_photo_ids}
        kept = [p for p in review.photos.all() if p.pk not in removed_ids]
        if removed_ids - {p.pk for p in review.photos.all()}:
            raise NotFound("Foto tidak ditemukan.", code="photo_not_found")
        _check_photos(add_photos, already=len(kept))
        for photo in review.photos.filter(pk__in=removed_ids):
            _delete_photo(photo)
        for position, upload in enumerate(add_photos, start=max((p.position for p in kept), default=-1) + 1):
            _save_photo(review, upload, position)
        review.previous_rating, review.previous_text = review.rating, review.text
        review.rating, review.text, review.edited_at = stars, words, now
        if anonymous is not None:
            review.anonymous = bool(anonymous)
        review.photo_count = len(kept) + len(add_photos)
        review.save()
        refresh_figures(product_ids=[review.product_id])
    return selectors.buyer_review(buyer, review.pk)


# --- the seller ---------------------------------------------------------------------------------


def reply(*, store, seller, review_id: int, text: str) -> Review:
    """The seller's one public reply to a review of their store."""
    errors: dict[str, str] = {}
    words = _text(text, errors, field="reply", limit=MAX_REPLY, required=True)
    if errors:
        raise DomainError("Periksa kembali balasanmu.", code="invalid_reply", fields=errors)
    with transaction.atomic():
        review = selectors.store_review(store, review_id)  # another store's: not found
        moved = Review.objects.filter(pk=review.pk, replied_at__isnull=True, hidden_at__isnull=True).update(
            reply=words, replied_at=clock.now(), replied_by=seller
        )
        if not moved:
            review.refresh_from_db()
            if review.hidden_at is not None:
                raise Conflict("Ulasan ini disembunyikan operator.", code="review_hidden")
            raise Conflict("Ulasan ini sudah dibalas; balasan hanya bisa dikirim satu kali.", code="already_replied")
        review.refresh_from_db()
        retire_pages([(review.product_id, review.product.store.slug, review.product.slug)])  # shown under the review
    notify(
        user=review.buyer,
        title="Penjual membalas ulasanmu",
        body=f"{review.store.name}: {words[:200]}",
        url=reverse("reviews:mine") + "?tab=ditulis",
        email=False,
    )
    return review


# --- reports and the operator ------------------------------------------------------------------


def report(*, user, review_id: int, reason: str, note: str = "") -> ReviewReport:
    review = selectors.public_review(review_id)  # hidden or unknown: not found
    errors: dict[str, str] = {}
    if reason not in ReportReason.values:
        errors["reason"] = "Pilih alasan laporan."
    words = _text(note, errors, field="note", limit=300, required=reason == ReportReason.OTHER)
    if errors:
        raise DomainError("Periksa kembali laporanmu.", code="invalid_report", fields=errors)
    if review.buyer_id == user.pk:
        raise Conflict("Ulasanmu sendiri tidak bisa dilaporkan.", code="own_review")
    try:
        with transaction.atomic():
            return ReviewReport.objects.create(
                review=review, reporter=user, reason=reason, note=words, created_at=clock.now()
            )
    except IntegrityError:
        raise Conflict("Kamu sudah melaporkan ulasan ini.", code="already_reported") from None


def _operator_reason(operator, reason: str) -> str:
    if not getattr(operator, "is_staff", False):
        raise PermissionDenied("Hanya operator Niaga.", code="operator_only")
    words = str(reason or "").replace("\x00", "").strip()
    if len(words) < MIN_REASON or len(words) > 255:
        raise DomainError(
            "Tulis alasannya (5–255 karakter): pembeli dan penjual membacanya.",
            code="invalid_reason",
            fields={"reason": "Alasan 5–255 karakter."},
        )
    return words


def _moderate(*, operator, review_id: int, reason: str, action: str) -> Review:
    words = _operator_reason(operator, reason)
    now = clock.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise NotFound("Ulasan tidak ditemukan.", code="review_not_found")
        if action == Moderation.HIDE and review.hidden_at is not None:
            raise Conflict("Ulasan ini sudah disembunyikan.", code="already_hidden")
        if action in (Moderation.UNHIDE,) and review.hidden_at is None:
            raise Conflict("Ulasan ini tidak sedang disembunyikan.", code="not_hidden")
        if action == Moderation.KEEP and review.hidden_at is not None:
            raise Conflict("Ulasan ini disembunyikan; tampilkan kembali bila laporannya tidak benar.", code="hidden")
        if action == Moderation.HIDE:
            review.hidden_at, review.hidden_reason = now, words
        elif action == Moderation.UNHIDE:
            review.hidden_at, review.hidden_reason = None, ""
        review.save(update_fields=["hidden_at", "hidden_reason"])
        ModerationEvent.objects.create(review=review, action=action, reason=words, operator=operator, created_at=now)
        review.reports.filter(handled_at__isnull=True).update(handled_at=now)
        if action != Moderation.KEEP:
            refresh_figures(product_ids=[review.product_id])
    if action == Moderation.HIDE:
        notify(
            user=review.buyer,
            title="Ulasanmu disembunyikan",
            body=f"Alasan operator: {words}",
            url=reverse("reviews:mine") + "?tab=ditulis",
        )
    return review


def hide(*, operator, review_id: int, reason: str) -> Review:
    """Out of every page, list and average; the reason is kept and shown to the buyer."""
    return _moderate(operator=operator, review_id=review_id, reason=reason, action=Moderation.HIDE)


def unhide(*, operator, review_id: int, reason: str) -> Review:
    return _moderate(operator=operator, review_id=review_id, reason=reason, action=Moderation.UNHIDE)


def keep(*, operator, review_id: int, reason: str) -> Review:
    """The reports were looked at and the review stays: out of the queue."""
    return _moderate(operator=operator, review_id=review_id, reason=reason, action=Moderation.KEEP)


# --- reminders ----------------------------------------------------------------------------------


def _unreviewed(order_id: int):
    return OrderLine.objects.filter(order_id=order_id, quantity__gt=F("cancelled_quantity"), review__isnull=True)


def _closes(completed_at: dt.datetime) -> str:
    return wib(completed_at + selectors.window())


def invite(*, order: Order, completed_at: dt.datetime) -> bool:
    """The order is Selesai: recount its products' units sold, and ask its buyer, once, to
    review what they received (in the app and by e-mail). True when asked now."""
    lines = list(OrderLine.objects.filter(order=order).select_related("variant"))
    refresh_figures(product_ids=[line.variant.product_id for line in lines], only_sold=True)
    waiting = [line for line in lines if line.quantity > line.cancelled_quantity]
    # An order reaches Selesai once (the move is guarded and the status final): asked once.
    if not waiting or Invitation.objects.filter(order=order).exists():
        return False
    Invitation.objects.create(order=order, invited_at=completed_at)
    names = ", ".join(line.product_name for line in waiting[:2]) + (" dan lainnya" if len(waiting) > 2 else "")
    notify(
        user=order.buyer,
        title="Yuk, beri ulasan",
        body=f"Bagaimana {names}? Ceritakan pengalamanmu untuk membantu pembeli lain. Bisa sampai {_closes(completed_at)}.",
        url=reverse("reviews:mine"),
        email=True,
        next_step=f"Buka Ulasan di menu akun, beri bintang dan foto barangnya sebelum {_closes(completed_at)}.",
    )
    return True


def nudge(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Remind, once, buyers whose review window closes within NUDGE_BEFORE and who still have
    lines to review. Safe to run twice or in two workers at once."""
    now = now or clock.now()
    window = selectors.window()
    before = min(NUDGE_BEFORE, window / 2)
    due = (
        Invitation.objects.filter(nudged_at__isnull=True)
        .annotate(completed_at=selectors.completed_at())
        .filter(completed_at__lte=now - (window - before), completed_at__gt=now - window)
        .select_related("order__buyer")
        .order_by("completed_at")[:limit]
    )
    told = 0
    for invitation in due:
        order = invitation.order
        waiting = list(_unreviewed(order.pk).values_list("product_name", flat=True)[:3])
        if not waiting:
            Invitation.objects.filter(pk=invitation.pk, nudged_at__isnull=True).update(nudged_at=now)
            continue
        with transaction.atomic():
            if not Invitation.objects.filter(pk=invitation.pk, nudged_at__isnull=True).update(nudged_at=now):
                continue  # another worker did
            notify(
                user=order.buyer,
                title="Batas ulasan segera berakhir",
                body=f"{', '.join(waiting)} belum kamu ulas. Bisa sampai {_closes(invitation.completed_at)}.",
                url=reverse("reviews:mine"),
                email=True,
                next_step="Buka Ulasan di menu akun sebelum batasnya lewat.",
            )
        told += 1
    return told
