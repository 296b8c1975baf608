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
from . import policy as terms
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

    @staticmethod
    def resolve_url(image, context) -> str | None:
        return media_url(context["request"], image.image)

    @staticmethod
    def resolve_thumbnail_url(image, context) -> str | None:
        return media_url(context["request"], image.thumbnail)


class VariantOut(Schema):
    id: int
    name: str
    sku: str
    price: int
    available: int

    @staticmethod
    def resolve_price(variant) -> int:
        return variant.unit_price

    @staticmethod
    def resolve_available(variant) -> int:
        return _available(variant)


def _available(variant) -> int:
    return max(0, variant.stock.available) if hasattr(variant, "stock") else 0


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
    rating_average: float = Field(description="average stars of the visible reviews, 0 without any")
    rating_count: int = Field(description="visible reviews")
    units_sold: int = Field(description="units of this product in completed (Selesai) orders")

    @staticmethod
    def resolve_store_name(product) -> str:
        return product.store.name

    @staticmethod
    def resolve_store_slug(product) -> str:
        return product.store.slug

    @staticmethod
    def resolve_city(product) -> str:
        return product.store.city_name

    @staticmethod
    def resolve_thumbnail_url(product, context) -> str | None:
        return media_url(context["request"], getattr(product, "thumb", None))

    @staticmethod
    def resolve_available(product) -> int:
        return max(0, getattr(product, "available", 0) or 0)

    @staticmethod
    def resolve_url(product) -> str:
        return reverse("catalog:product", args=[product.store.slug, product.slug])


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

    @staticmethod
    def resolve_buy_url(offer) -> str:
        return offer.api_buy_url


class PolicyOut(Schema):
    """The after-sales promise that holds for the product: its store's, with the product's own
    values on top (`overridden` names those)."""

    return_window_days: int = Field(description="days after delivery to ask for a return or exchange; 0: none")
    accepts_returns: bool
    accepts_exchanges: bool
    returns_text: str
    return_note: str
    warranty_kind: str = Field(description="none, store, distributor or official")
    warranty_months: int
    warranty_text: str
    warranty_note: str
    overridden: list[str]

    @staticmethod
    def resolve_accepts_returns(p: terms.Policy) -> bool:
        return p.returns_allowed

    @staticmethod
    def resolve_accepts_exchanges(p: terms.Policy) -> bool:
        return p.exchanges_allowed

    @staticmethod
    def resolve_overridden(p: terms.Policy) -> list[str]:
        return sorted(p.overridden)


class ProductOut(ProductCard):
    policy: PolicyOut
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

    @staticmethod
    def resolve_policy(product) -> terms.Policy:
        return terms.for_product(product)

    @staticmethod
    def resolve_flash_sale(product, context) -> offers.Offer | None:
        return context["offer"]

    @staticmethod
    def resolve_thumbnail_url(product, context) -> str | None:
        image = next(iter(product.images.all()), None)
        return media_url(context["request"], image.thumbnail) if image else None

    @staticmethod
    def resolve_available(product) -> int:
        return sum(_available(v) for v in product.variants.all())

    @staticmethod
    def resolve_share_url(product, context) -> str:
        return context["request"].build_absolute_uri(ProductCard.resolve_url(product))


class SearchQuery(Schema):
    q: str = Field("", max_length=100)
    category: str = Field("", max_length=80)
    city: str = Field("", max_length=10)
    condition: str = Field("", pattern="^(|new|used)$")
    min_price: int | None = Field(None, ge=0, le=10**12)
    max_price: int | None = Field(None, ge=0, le=10**12)
    sort: str = Field("", pattern="^(|relevance|newest|price_asc|price_desc|rating|bestselling)$")


def detail(request, product, response: HttpResponse | None = None) -> ProductOut:
    """The product with the offer running on its variants, looked up once: the answer must not
    be kept past the moment a sale on them starts or ends."""
    found = offers.lookup(v.pk for v in product.variants.all())
    if response is not None and found.changes_at is not None:
        response["Expires"] = http_date(found.changes_at.timestamp())
    return ProductOut.model_validate(product, context={"request": request, "offer": found.offer})


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
    return list(results[:1000])


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
