"""Reads for the catalog: public listings, search, and the seller's own products."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery

from niaga.core.errors import NotFound

from . import search, shelf
from .models import Category, Condition, Product, ProductImage, Variant

SORTS = {
    "relevance": "Paling Sesuai",
    "newest": "Terbaru",
    "price_asc": "Harga Terendah",
    "price_desc": "Harga Tertinggi",
    "rating": "Ulasan Terbaik",
    "bestselling": "Terlaris",
}


@dataclass
class SearchFilters:
    q: str = ""
    category: str = ""  # slug
    city: str = ""  # regency code
    condition: str = ""
    min_price: int | None = None
    max_price: int | None = None
    sort: str = ""
    store_id: int | None = None


def _listing(queryset):
    """What a product card needs, in one query plus one for images."""
    first = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "pk")
    return queryset.select_related("store", "category").annotate(
        thumb=Subquery(first.values("thumbnail")[:1]),
        thumb_stem=Subquery(first.values("stem")[:1]),
        thumb_widths=Subquery(first.values("widths")[:1]),
        available=shelf.units_left(),
    )


def public_products():
    return Product.objects.filter(is_active=True, store__is_active=True)


def search_products(filters: SearchFilters):
    qs = public_products()
    if filters.category:
        qs = qs.filter(Q(category__slug=filters.category) | Q(category__parent__slug=filters.category))
    if filters.city:
        qs = qs.filter(store__city_code=filters.city)
    if filters.condition in Condition.values:
        qs = qs.filter(condition=filters.condition)
    if filters.min_price is not None:
        qs = qs.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    if filters.store_id:
        qs = qs.filter(store_id=filters.store_id)
    sort = filters.sort if filters.sort in SORTS else ("relevance" if filters.q.strip() else "newest")
    if filters.q.strip():
        qs = search.filter_and_rank(qs, filters.q)
    elif sort == "relevance":
        sort = "newest"
    order = {
        "relevance": ["-search_rank", "-created_at"],
        "newest": ["-created_at", "-pk"],
        "price_asc": ["price", "pk"],
        "price_desc": ["-price", "pk"],
        # The products' figures kept by reviews (Product.rating_*, units_sold): no review last.
        "rating": ["-rating_average", "-rating_count", "-units_sold", "-pk"],
        "bestselling": ["-units_sold", "-rating_average", "-pk"],
    }[sort]
    return _listing(qs).order_by(*order)


def public_product(store_slug: str, product_slug: str) -> Product:
    product = (
        public_products()
        .select_related("store", "category")
        .prefetch_related(
            "images", Prefetch("variants", queryset=Variant.objects.select_related("stock").order_by("position", "pk"))
        )
        .filter(store__slug=store_slug, slug=product_slug)
        .first()
    )
    if product is None:
        raise NotFound("Produk tidak ditemukan.", code="product_not_found")
    return product


def page_slugs(product_id: int) -> tuple[str, str] | tuple[None, None]:
    """(store slug, product slug) of a product's page; (None, None) once the product is gone."""
    return Product.objects.filter(pk=product_id).values_list("store__slug", "slug").first() or (None, None)


def public_product_by_id(product_id: int) -> Product:
    product = public_products().filter(pk=product_id).select_related("store").first()
    if product is None:
        raise NotFound("Produk tidak ditemukan.", code="product_not_found")
    return public_product(product.store.slug, product.slug)


def store_products(store, *, include_inactive: bool = True):
    qs = Product.objects.filter(store=store)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return _listing(qs).order_by("-created_at")


def store_product(store, product_id: int) -> Product:
    """A product of the seller's own store; another store's is not found."""
    product = (
        Product.objects.filter(store=store, pk=product_id)
        .prefetch_related("images", Prefetch("variants", queryset=Variant.objects.select_related("stock")))
        .first()
    )
    if product is None:
        raise NotFound("Produk tidak ditemukan.", code="product_not_found")
    return product


def categories():
    return Category.objects.filter(parent__isnull=True).prefetch_related("children")


def category(slug: str) -> Category:
    cat = Category.objects.filter(slug=slug).first()
    if cat is None:
        raise NotFound("Kategori tidak ditemukan.", code="category_not_found")
    return cat


def sale_variant(variant_id: int) -> Variant:
    """A variant a buyer can put in a cart."""
    try:
        return Variant.objects.select_related("product__store", "stock").get(
            pk=variant_id, product__is_active=True, product__store__is_active=True
        )
    except Variant.DoesNotExist:
        raise NotFound("Produk tidak ditemukan.", code="product_not_found") from None


def store_variants_for_sale(store):
    """The store's active variants with their product and stock, for pickers (flash sales)."""
    return (
        Variant.objects.filter(product__store=store, product__is_active=True)
        .select_related("product", "stock")
        .order_by("product__name", "position", "pk")
    )
