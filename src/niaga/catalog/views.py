"""Catalog pages: home, search and category listings, and the product page buyers share."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import http_date

from niaga.core import clock
from niaga.core.pages import or_404
from niaga.stores import selectors as stores

from . import offers, pagemarks, panels, policy, selectors
from .forms import MAX_QUERY, SearchForm
from .models import Condition
from .search import words as search_words
from .selectors import SORTS, SearchFilters

PER_PAGE = 24


@dataclass(frozen=True)
class VariantChoice:
    """A variant as the product page offers it."""

    pk: int
    name: str
    unit_price: int
    available_units: int


def home(request):
    response = render(
        request,
        "catalog/home.html",
        {
            "categories": selectors.categories(),
            "products": selectors.search_products(SearchFilters(sort="newest"))[:18],
            "stores": stores.active_stores(),
        },
    )
    changes_at = getattr(request, "changes_at", None)  # the flash banner's sale starts or ends
    if changes_at is not None:
        response["Expires"] = http_date(changes_at.timestamp())
    return response


def _filters(request, *, category: str = "") -> tuple[SearchFilters, list[str], bool]:
    """Read the filter form leniently: a bad value is ignored and named, never an error page."""
    form = SearchForm(request.GET)
    filters, notes = form.filters(category=category)
    if filters.q.strip() and not search_words(filters.q):
        notes.append(
            f"Kata kunci \u201c{filters.q.strip()[:20]}\u201d tidak berisi huruf atau angka. Cari dengan nama produk."
        )
    return filters, notes, form.query_refused()


def _listing(request, *, template_context: dict, category: str = ""):
    filters, notes, nothing = _filters(request, category=category)
    found = selectors.search_products(filters)
    page = Paginator(found.none() if nothing else found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/listing.html",
        {
            **template_context,
            "filters": filters,
            "notes": notes,
            "page_obj": page,
            "products": page.object_list,
            "categories": selectors.categories(),
            "cities": stores.store_cities(),
            "conditions": Condition.choices,
            "sorts": SORTS,
            "search_q": filters.q,
        },
    )


def search(request):
    q = request.GET.get("q", "").strip()
    if len(q) > MAX_QUERY:
        title = "Kata kunci terlalu panjang"
    else:
        title = f"Hasil pencarian \u201c{q}\u201d" if q else "Semua produk"
    return _listing(request, template_context={"title": title, "form_action": request.path})


def category(request, slug: str):
    cat = or_404(selectors.category, slug)
    return _listing(
        request,
        template_context={"title": cat.name, "current_category": cat, "form_action": request.path},
        category=cat.slug,
    )


def product(request, store_slug: str, product_slug: str):
    p = or_404(selectors.public_product, store_slug, product_slug)
    variant_rows = list(p.variants.all())
    variants = [
        VariantChoice(v.pk, v.name, v.unit_price, max(0, v.stock.available) if hasattr(v, "stock") else 0)
        for v in variant_rows
    ]
    images = list(p.images.all())
    found = offers.lookup(v.pk for v in variants)
    offer = found.offer
    url = request.build_absolute_uri(p.get_absolute_url())
    response = render(
        request,
        "catalog/product.html",
        {
            "product": p,
            "store": p.store,
            "images": images,
            "variants": variants,
            "offer": offer,
            # While the offer has units, its "Beli Sekarang" (the flash path) is the page's;
            # the cart charges the normal price, and says so.
            "offer_variant": next((v for v in variants if offer and v.pk == offer.variant_id), None),
            "available": sum(v.available_units for v in variants),
            "default_variant_id": next((v.pk for v in variants if v.available_units), None),
            "price_min": min((v.unit_price for v in variants), default=p.price),
            "price_max": max((v.unit_price for v in variants), default=p.price),
            "share_url": url,
            "share_text": f"{p.name} di {p.store.name} — Niaga",
            "og_image": request.build_absolute_uri(default_storage.url(images[0].share_path)) if images else "",
            "is_own": request.user.is_authenticated and p.store.owner_id == request.user.pk,
            "policy": policy.for_product(p),
            "standing": stores.standing_of(p.store),
            "panels": panels.render(request, p),  # other apps' sections (reviews): catalog/panels.py
        },
    )
    # What the page shows of units and the offer, read with it: the page cache keeps the page
    # on while this mark holds (catalog/pagemarks.py), with no query of its own.
    response.page_mark = pagemarks.rendered(variant_rows, offer)  # type: ignore[attr-defined]  # read by core/pagecache.py
    if found.changes_at is not None:  # an offer starts or ends: no copy is kept past that moment
        response["Expires"] = http_date(found.changes_at.timestamp())
    return response


def store(request, slug: str):
    """The public store page (/toko/<slug>/): the store's profile and its products."""
    shop = or_404(stores.public_store, slug)
    products = selectors.search_products(SearchFilters(store_id=shop.pk, sort="newest"))
    page = Paginator(products, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/store.html",
        {
            "store": shop,
            "page_obj": page,
            "products": page.object_list,
            "is_owner": request.user.is_authenticated and shop.owner_id == request.user.pk,
            "policy": policy.for_store(shop),
            "open_now": shop.open_at(clock.now()),
            "standing": stores.standing_of(shop),
        },
    )
