"""Review pages: a product's reviews (public, kept by the page cache), the buyer's "Ulasan"
(waiting and written) with the form, the seller's "Toko Saya › Ulasan" to reply, and the
operator's queue of reported reviews to hide or show again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from niaga.catalog import selectors as catalog
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.core.pages import or_404, parse_int
from niaga.stores.decorators import store_required

from . import selectors, services
from .forms import STAR_CHOICES, ModerationForm, ReplyForm, ReportForm, ReviewForm
from .models import MAX_PHOTOS, MAX_REPLY, MAX_TEXT, ReportReason

PER_PAGE = 10


def _photos(request) -> list:
    return request.FILES.getlist("photos")


# --- the public -------------------------------------------------------------------------------


def product_reviews(request, store_slug: str, product_slug: str):
    """/p/<toko>/<produk>/ulasan/: every visible review, filtered by stars or photos."""
    product = or_404(catalog.public_product, store_slug, product_slug)
    rating = parse_int(request.GET.get("bintang"), minimum=1, maximum=5)
    with_photos = request.GET.get("foto") == "1"
    sort = request.GET.get("urut", "")
    filters = selectors.ReviewFilters(
        rating=rating, with_photos=with_photos, sort=sort if sort in selectors.REVIEW_SORTS else ""
    )
    page = Paginator(selectors.product_reviews(product.pk, filters), PER_PAGE).get_page(request.GET.get("page"))
    summary = selectors.product_rating(product.pk)
    return render(
        request,
        "reviews/product_reviews.html",
        {
            "product": product,
            "store": product.store,
            "summary": summary,
            "filters": filters,
            "sorts": [(key, label) for key, (label, _) in selectors.REVIEW_SORTS.items()],
            "page_obj": page,
            "reviews": page.object_list,
            "photos": selectors.product_photos(product.pk, limit=12),
            "with_photos_count": selectors.product_reviews(
                product.pk, selectors.ReviewFilters(with_photos=True)
            ).count(),
        },
    )


# --- the buyer --------------------------------------------------------------------------------


@login_required
def mine(request):
    """Ulasan: lines waiting for a review (with their deadline), and the reviews written."""
    tab = "ditulis" if request.GET.get("tab") == "ditulis" else "menunggu"
    waiting = selectors.reviewable_lines(request.user)
    page: Page
    if tab == "ditulis":
        page = Paginator(selectors.buyer_reviews(request.user), PER_PAGE).get_page(request.GET.get("page"))
        items: list = list(page.object_list)
    else:
        page = Paginator(waiting, PER_PAGE).get_page(request.GET.get("page"))
        # Each line with the moment its window closes.
        items = [(line, services.review_deadline(line.completed_at)) for line in page.object_list]  # type: ignore[attr-defined]  # annotated by the selector
    return render(
        request,
        "reviews/mine.html",
        {
            "tab": tab,
            "page_obj": page,
            "items": items,
            "waiting_count": waiting.count(),
            "now": clock.now(),
            "window_days": selectors.window().days,
        },
    )


def _refused(request, title: str, exc: DomainError):
    return render(request, "reviews/refused.html", {"title": title, "message": exc.message}, status=exc.status)


def _form_page(request, template: str, context: dict, form, status: int = 200):
    return render(
        request,
        template,
        {**context, **form.context(), "stars": STAR_CHOICES, "max_photos": MAX_PHOTOS, "max_text": MAX_TEXT},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def write(request, line_id: int):
    line = or_404(selectors.buyer_line, request.user, line_id)  # another buyer's line: 404
    try:
        deadline = services.check_reviewable(line)
    except DomainError as exc:  # not Selesai yet, reviewed already, or too late: said, with its 409
        return _refused(request, "Belum bisa diulas" if exc.code == "order_not_completed" else "Tidak bisa diulas", exc)
    context = {"line": line, "product": line.variant.product, "deadline": deadline, "editing": None}
    if request.method == "GET":
        return _form_page(request, "reviews/form.html", context, ReviewForm(initial={"rating": "5"}))
    form = ReviewForm(request.POST)
    if form.checked():
        try:
            services.write_review(
                buyer=request.user,
                line_id=line.pk,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                photos=_photos(request),
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Terima kasih! Ulasanmu sudah tampil di halaman produk.")
            return redirect(reverse("reviews:mine") + "?tab=ditulis")
    return _form_page(request, "reviews/form.html", context, form, status=form.status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, review_id: int):
    review = or_404(selectors.buyer_review, request.user, review_id)  # another's review: 404
    context = {"line": review.line, "product": review.product, "deadline": None, "editing": review}
    if not review.editable or review.hidden_at:
        message = (
            "Ulasan ini disembunyikan operator dan tidak bisa diubah."
            if review.hidden_at
            else "Ulasan hanya bisa diubah satu kali, dan sudah diubah."
        )
        return _refused(request, "Ulasan tidak bisa diubah", Conflict(message, code="already_edited"))
    if request.method == "GET":
        initial = {"rating": str(review.rating), "text": review.text, "anonymous": review.anonymous}
        return _form_page(request, "reviews/form.html", context, ReviewForm(initial=initial))
    form = ReviewForm(request.POST)
    if form.checked():
        removed = [pk for pk in (parse_int(v, minimum=1) for v in request.POST.getlist("remove_photo")) if pk]
        try:
            services.edit_review(
                buyer=request.user,
                review_id=review.pk,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                add_photos=_photos(request),
                remove_photo_ids=removed,
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Ulasan diubah. Ulasan tidak bisa diubah lagi.")
            return redirect(reverse("reviews:mine") + "?tab=ditulis")
    return _form_page(request, "reviews/form.html", context, form, status=form.status)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, review_id: int):
    """Anyone signed in reports a visible review, once, with a reason."""
    review = or_404(selectors.public_review, review_id)
    context = {"review": review, "reasons": ReportReason.choices}
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.checked():
        try:
            services.report(
                user=request.user,
                review_id=review.pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Laporan terkirim. Tim Niaga akan memeriksanya.")
            return redirect("reviews:product", review.product.store.slug, review.product.slug)
    return render(request, "reviews/report.html", {**context, **form.context()}, status=form.status)


# --- the seller -------------------------------------------------------------------------------


@store_required
def seller_list(request, store):
    """Toko Saya › Ulasan: every review of the store's products, unanswered first to reply to."""
    show = request.GET.get("status", "")
    show = show if show in ("belum-dibalas", "") else ""
    rating = parse_int(request.GET.get("bintang"), minimum=1, maximum=5)
    reviews = selectors.store_reviews(store, unanswered=show == "belum-dibalas", rating=rating)
    page = Paginator(reviews, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/seller_list.html",
        {
            "store": store,
            "page_obj": page,
            "reviews": page.object_list,
            "status": show,
            "rating": rating,
            "summary": selectors.summarise(selectors.visible().filter(store=store)),
            "unanswered": selectors.store_reviews(store, unanswered=True).count(),
            "max_reply": MAX_REPLY,
        },
    )


@store_required
@require_http_methods(["GET", "POST"])
def seller_reply(request, store, review_id: int):
    review = or_404(selectors.store_review, store, review_id)  # another store's review: 404
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.checked():
        try:
            services.reply(store=store, seller=request.user, review_id=review.pk, text=form.cleaned_data["reply"])
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Balasan terkirim dan tampil di bawah ulasan.")
            return redirect("reviews:seller_list")
    return render(
        request,
        "reviews/seller_review.html",
        {"store": store, "review": review, "max_reply": MAX_REPLY, **form.context()},
        status=form.status,
    )


# --- the operator -----------------------------------------------------------------------------


@staff_member_required
def operator_list(request):
    """Reported reviews waiting for a look, most reported first (or every reported one)."""
    everything = request.GET.get("semua") == "1"
    page = Paginator(selectors.reported_reviews(include_handled=everything), 20).get_page(request.GET.get("page"))
    return render(
        request, "reviews/operator_list.html", {"page_obj": page, "reviews": page.object_list, "everything": everything}
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def operator_review(request, review_id: int):
    review = or_404(selectors.operator_review, review_id)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.checked():
        action = {"hide": services.hide, "unhide": services.unhide, "keep": services.keep}[form.cleaned_data["action"]]
        try:
            action(operator=request.user, review_id=review.pk, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Tindakan dicatat.")
            return redirect("reviews:operator_review", review_id=review.pk)
    return render(
        request,
        "reviews/operator_review.html",
        {"review": review, **form.context()},
        status=form.status,
    )
