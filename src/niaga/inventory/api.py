"""The seller's products over the API, with their units: listing a product sets its stock,
so these routes are inventory's (it ranks above the catalog). The products' answers are the
catalog's schemas; the photos' routes stay in catalog/api.py."""

from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from niaga.catalog import selectors as catalog
from niaga.catalog.api import ProductCard, ProductOut, detail
from niaga.catalog.services import MAX_PRICE, MAX_WEIGHT
from niaga.core.errors import NotFound
from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import services
from .services import MAX_STOCK

router = Router(tags=["catalog"])
# The operation ids these routes had under catalog/api.py: generated clients keep their names.
_ID = "niaga_catalog_api_{}".format


class VariantIn(Input):
    name: str = Field(max_length=80)
    sku: str = Field("", max_length=64)
    price: int | None = Field(None, ge=1, le=MAX_PRICE)
    stock: int = Field(ge=0, le=MAX_STOCK)


class ProductIn(Input):
    name: str = Field(max_length=120)
    description: str = Field("", max_length=10000)
    price: int = Field(ge=1, le=MAX_PRICE)
    weight_grams: int = Field(ge=1, le=MAX_WEIGHT)
    condition: str = Field("new", pattern="^(new|used)$")
    category_id: int
    stock: int = Field(0, ge=0, le=MAX_STOCK)
    variants: list[VariantIn] | None = Field(None, max_length=50)
    # The product's own after-sales promise; None: as its store says (catalog.policy).
    return_window_days: int | None = None
    accepts_returns: bool | None = None
    accepts_exchanges: bool | None = None
    warranty_kind: str | None = Field(None, max_length=12)
    warranty_months: int | None = None
    warranty_policy: str | None = Field(None, max_length=5000)


class ProductPatch(Input):
    name: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=10000)
    price: int | None = Field(None, ge=1, le=MAX_PRICE)
    weight_grams: int | None = Field(None, ge=1, le=MAX_WEIGHT)
    condition: str | None = Field(None, pattern="^(new|used)$")
    category_id: int | None = None
    stock: int | None = Field(None, ge=0, le=MAX_STOCK)
    is_active: bool | None = None
    return_window_days: int | None = Field(None, description="null: as the store says")
    accepts_returns: bool | None = None
    accepts_exchanges: bool | None = None
    warranty_kind: str | None = Field(None, max_length=12, description='"" or null: as the store says')
    warranty_months: int | None = None
    warranty_policy: str | None = Field(None, max_length=5000)


class StockIn(Input):
    stock: int = Field(ge=0, le=MAX_STOCK)


@router.get("/seller/products", response={200: list[ProductCard], **ERRORS}, operation_id=_ID("my_products"))
@paginate(LimitOffsetPagination)
def my_products(request):
    store = stores.my_store(request.user)
    return list(catalog.store_products(store))


@router.post("/seller/products", response={201: ProductOut, **ERRORS}, operation_id=_ID("create_product"))
def create_product(request, payload: ProductIn):
    store = stores.my_store(request.user)
    data = payload.dict()
    variants = data.pop("variants")
    p = services.create_product_with_stock(store=store, data=data, variants=variants, actor=request.user)
    return Status(201, detail(request, catalog.store_product(store, p.pk)))


@router.get("/seller/products/{product_id}", response={200: ProductOut, **ERRORS}, operation_id=_ID("my_product"))
def my_product(request, product_id: int):
    store = stores.my_store(request.user)
    return detail(request, catalog.store_product(store, product_id))


@router.patch("/seller/products/{product_id}", response={200: ProductOut, **ERRORS}, operation_id=_ID("update_product"))
def update_product(request, product_id: int, payload: ProductPatch):
    store = stores.my_store(request.user)
    product = catalog.store_product(store, product_id)
    services.update_product_with_stock(product=product, data=payload.dict(exclude_unset=True), actor=request.user)
    return detail(request, catalog.store_product(store, product_id))


@router.put(
    "/seller/products/{product_id}/variants/{variant_id}/stock",
    response={200: ProductOut, **ERRORS},
    operation_id=_ID("set_stock"),
)
def set_stock(request, product_id: int, variant_id: int, payload: StockIn):
    store = stores.my_store(request.user)
    product = catalog.store_product(store, product_id)
    variant = next((v for v in product.variants.all() if v.pk == variant_id), None)
    if variant is None:
        raise NotFound("Varian tidak ditemukan.", code="variant_not_found")
    services.set_variant_stock(variant=variant, stock=payload.stock, actor=request.user)
    return detail(request, catalog.store_product(store, product_id))
