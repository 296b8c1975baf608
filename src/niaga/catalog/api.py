import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from niaga.core.errors import DomainError, NotFound
from niaga.core.media import media_url
from niaga.core.schemas import ERRORS
from niaga.stores import selectors as stores

from . import offers, selectors, services
from .models import Category

router = Router(tags=["catalog"])
# The seller's product routes that set units (create, edit, stock) are inventory's: inventory/api.py.


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None


class ImageOut(Schema):
    id: int
    url: str
    thumbnail_url: str


class VariantOut(Schema):
    id: int
    name: str
    sku: str
    price: int
    available: int


class ProductCard(Schema):
    id: int
    name: str
    slug: str
    price: int
    condition: str
    store_name: str
    store_slug: str
    city: str
    thumbnail_url: str | None
    available: int
    url: str


class FlashSaleOut(Schema):
    """A running flash sale on one of the product's variants. Its price is charged only by
    `buy_url` (POST, signed in: quantity, address_id, payment_method, courier), within `left`
    and `per_buyer_limit`; adding the variant to the cart charges its normal `price`."""

    item_id: int
    variant_id: int
    price: int = Field(description="the flash price, charged by buy_url")
    normal_price: int = Field(description="what the cart charges for this variant")
    left: int
    per_buyer_limit: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    name: str
    buy_url: str = Field(description="POST here to buy at the flash price (the flash-sale API's buy)")
    page_url: str = Field(description="the campaign's page")


class ProductOut(ProductCard):
    flash_sale: FlashSaleOut | None = Field(
        description="a running flash sale and how to buy at its price; None when there is none"
    )
    description: str
    weight_grams: int
    category: CategoryOut
    images: list[ImageOut]
    variants: list[VariantOut]
    is_active: bool
    share_url: str


class SearchQuery(Schema):
    q: str = Field("", max_length=100)
    category: str = Field("", max_length=80)
    city: str = Field("", max_length=10)
    condition: str = Field("", pattern="^(|new|used)$")
    min_price: int | None = Field(None, ge=0, le=10**12)
    max_price: int | None = Field(None, ge=0, le=10**12)
    sort: str = Field("", pattern="^(|relevance|newest|price_asc|price_desc)$")


def card(request, p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "slug": p.slug,
        "price": p.price,
        "condition": p.condition,
        "store_name": p.store.name,
        "store_slug": p.store.slug,
        "city": p.store.city_name,
        "thumbnail_url": media_url(request, getattr(p, "thumb", None)),
        "available": max(0, getattr(p, "available", 0) or 0),
        "url": reverse("catalog:product", args=[p.store.slug, p.slug]),
    }


def flash_sale(found: offers.Lookup) -> dict | None:
    offer = found.offer
    if offer is None:
        return None
    return {
        "item_id": offer.item_id,
        "variant_id": offer.variant_id,
        "price": offer.price,
        "normal_price": offer.normal_price,
        "left": offer.left,
        "per_buyer_limit": offer.per_buyer_limit,
        "starts_at": offer.starts_at,
        "ends_at": offer.ends_at,
        "name": offer.name,
        "buy_url": offer.api_buy_url,
        "page_url": offer.page_url,
    }


def detail(request, p, response: HttpResponse | None = None) -> dict:
    variants = list(p.variants.all())
    found = offers.lookup(v.pk for v in variants)
    if response is not None and found.changes_at is not None:  # a sale starts or ends: no copy kept past it
        response["Expires"] = http_date(found.changes_at.timestamp())
    images = list(p.images.all())
    available = sum(max(0, v.stock.available) for v in variants if hasattr(v, "stock"))
    url = reverse("catalog:product", args=[p.store.slug, p.slug])
    return {
        **card(request, p),
        "thumbnail_url": media_url(request, images[0].thumbnail) if images else None,
        "available": available,
        "description": p.description,
        "weight_grams": p.weight_grams,
        "category": p.category,
        "is_active": p.is_active,
        "share_url": request.build_absolute_uri(url),
        "flash_sale": flash_sale(found),
        "images": [
            {"id": i.pk, "url": media_url(request, i.image), "thumbnail_url": media_url(request, i.thumbnail)}
            for i in images
        ],
        "variants": [
            {
                "id": v.pk,
                "name": v.name,
                "sku": v.sku,
                "price": v.unit_price,
                "available": max(0, v.stock.available) if hasattr(v, "stock") else 0,
            }
            for v in variants
        ],
    }


@router.get("/categories", auth=None, response=list[CategoryOut])
def categories(request):
    return list(Category.objects.all())


@router.get("/products", auth=None, response=list[ProductCard], summary="Search and browse products")
@paginate(LimitOffsetPagination)
def search(request, filters: Query[SearchQuery]):
    if filters.min_price is not None and filters.max_price is not None and filters.min_price > filters.max_price:
        raise DomainError(
            "Harga minimum lebih besar dari maksimum.",
            code="invalid_price_range",
            fields={"min_price": "Terlalu besar."},
        )
    results = selectors.search_products(selectors.SearchFilters(**filters.dict()))
    return [card(request, p) for p in results[:1000]]


@router.get("/products/{product_id}", auth=None, response={200: ProductOut, **ERRORS})
def product(request, product_id: int, response: HttpResponse):
    return detail(request, selectors.public_product_by_id(product_id), response)


@router.post("/seller/products/{product_id}/images", response={201: ProductOut, **ERRORS})
def upload_image(request, product_id: int, image: File[UploadedFile]):
    store = stores.my_store(request.user)
    services.add_image(product=selectors.store_product(store, product_id), upload=image)
    return Status(201, detail(request, selectors.store_product(store, product_id)))


@router.delete("/seller/products/{product_id}/images/{image_id}", response={204: None, **ERRORS})
def delete_image(request, product_id: int, image_id: int):
    store = stores.my_store(request.user)
    product = selectors.store_product(store, product_id)
    image = next((i for i in product.images.all() if i.pk == image_id), None)
    if image is None:
        raise NotFound("Gambar tidak ditemukan.", code="image_not_found")
    services.delete_image(image=image)
    return Status(204, None)
