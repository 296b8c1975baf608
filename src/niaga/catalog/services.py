"""Writes for the catalog: a seller lists, edits and illustrates products."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify

from niaga.core.errors import DomainError
from niaga.core.ids import random_code
from niaga.core.images import thumbnail, validate_image, versions
from niaga.stores import policy as store_policy
from niaga.stores.models import Store

from . import policy
from .models import Category, Condition, Product, ProductImage, Variant

MAX_PRICE = 1_000_000_000  # Rp1 miliar: anything above is a typo, not a listing
MAX_WEIGHT = 500_000  # 500 kg
MAX_IMAGES = 8


def whole_number(data: dict, field: str, errors: dict, *, label: str, minimum: int, maximum: int) -> int | None:
    """data[field] as a whole number within bounds, or None with the field's message in `errors`."""
    raw = data.get(field)
    try:
        if isinstance(raw, bool) or raw is None or raw == "":
            raise ValueError
        value = int(raw)
        if isinstance(raw, float) and raw != value:
            raise ValueError
    except (TypeError, ValueError):
        errors[field] = f"{label} harus berupa angka bulat."
        return None
    if value < minimum:
        errors[field] = f"{label} minimal {minimum:,}.".replace(",", ".")
    elif value > maximum:
        errors[field] = f"{label} maksimal {maximum:,}.".replace(",", ".")
    return value


def _clean(data: dict, *, partial: bool, categories: dict[int, Category] | None = None) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}

    def wants(field: str) -> bool:
        return not partial or field in data

    if wants("name"):
        name = (data.get("name") or "").strip() if isinstance(data.get("name"), str) else ""
        if not name:
            errors["name"] = "Nama produk wajib diisi."
        elif len(name) > 120:
            errors["name"] = "Nama produk maks. 120 karakter."
        cleaned["name"] = name
    if "description" in data:
        cleaned["description"] = str(data.get("description") or "").strip()[:10000]
    if wants("price"):
        cleaned["price"] = whole_number(data, "price", errors, label="Harga", minimum=1, maximum=MAX_PRICE)
    if wants("weight_grams"):
        cleaned["weight_grams"] = whole_number(
            data, "weight_grams", errors, label="Berat (gram)", minimum=1, maximum=MAX_WEIGHT
        )
    if wants("condition"):
        condition = data.get("condition") or Condition.NEW
        if condition not in Condition.values:
            errors["condition"] = "Kondisi harus 'new' (baru) atau 'used' (bekas)."
        cleaned["condition"] = condition
    if wants("category_id"):
        category = None
        try:
            pk = int(data.get("category_id") or "")
            category = categories.get(pk) if categories is not None else Category.objects.filter(pk=pk).first()
        except (TypeError, ValueError):
            pass
        if category is None:
            errors["category_id"] = "Pilih kategori."
        cleaned["category"] = category
    if "is_active" in data:
        cleaned["is_active"] = bool(data.get("is_active"))
    own = {field: data[field] for field in policy.OVERRIDABLE if field in data}
    cleaned.update(store_policy.clean_policy(own, errors, inherit=True))
    if errors:
        raise DomainError("Periksa kembali data produk.", code="invalid_product", fields=errors)
    return cleaned


def _clean_variants(variants: list[dict] | None) -> list[dict]:
    """Each variant's name, SKU and own price; no variants is one unnamed variant. (Their
    units are inventory's: see inventory.services.create_product_with_stock.)"""
    if not variants:
        return [{"name": "", "sku": "", "price": None}]
    errors: dict[str, str] = {}
    cleaned = []
    names = set()
    for i, raw in enumerate(variants):
        name = str(raw.get("name") or "").strip()[:80]
        if not name:
            errors[f"variants.{i}.name"] = "Nama varian wajib diisi."
        elif name.lower() in names:
            errors[f"variants.{i}.name"] = "Nama varian tidak boleh sama."
        names.add(name.lower())
        price = None
        if raw.get("price") not in (None, ""):
            price = whole_number(raw, "price", errors, label="Harga varian", minimum=1, maximum=MAX_PRICE)
        cleaned.append({"name": name, "sku": str(raw.get("sku") or "").strip()[:64], "price": price})
    if errors:
        raise DomainError("Periksa kembali varian.", code="invalid_product", fields=errors)
    return cleaned


def _unique_slug(store: Store, name: str) -> str:
    base = slugify(name)[:120] or "produk"
    slug = base
    while Product.objects.filter(store=store, slug=slug).exists():
        slug = f"{base}-{random_code(4).lower()}"
    return slug


@dataclass(frozen=True)
class Draft:
    """A new product's fields and variants, checked and not yet saved."""

    fields: dict
    variants: list[dict]


@dataclass(frozen=True)
class NewProduct:
    product: Product
    variants: list[Variant]  # in the order they were given


def check_product(
    *, data: dict, variants: list[dict] | None = None, categories: dict[int, Category] | None = None
) -> Draft:
    """Check a new product before anything is saved: DomainError naming each bad field.
    `categories`: every category by id, read once by a caller checking thousands (an import)."""
    return Draft(fields=_clean(data, partial=False, categories=categories), variants=_clean_variants(variants))


def _check_policy(store: Store, overrides: dict) -> None:
    """The product's own promise over its store's must make sense as a whole (stores.policy)."""
    errors: dict[str, str] = {}
    store_policy.check_policy(policy.effective_values(store, overrides), errors)
    if errors:
        raise DomainError("Periksa kembali kebijakan produk.", code="invalid_product", fields=errors)


@transaction.atomic
def create_product(*, store: Store, draft: Draft, images: list[UploadedFile] | None = None) -> NewProduct:
    _check_policy(store, {f: v for f, v in draft.fields.items() if f in policy.OVERRIDABLE})
    for upload in images or []:
        validate_image(upload)
    product = Product.objects.create(store=store, slug=_unique_slug(store, draft.fields["name"]), **draft.fields)
    variants = [
        Variant.objects.create(product=product, position=position, **row) for position, row in enumerate(draft.variants)
    ]
    for upload in images or []:
        add_image(product=product, upload=upload)
    return NewProduct(product=product, variants=variants)


@transaction.atomic
def update_product(*, product: Product, data: dict) -> Product:
    """Change the fields given in `data`. (A single variant's units are inventory's: see
    inventory.services.update_product_with_stock.)"""
    fields = _clean(data, partial=True)
    _check_policy(product.store, {**policy.overrides_of(product), **fields})
    for key, value in fields.items():
        setattr(product, key, value)
    product.save()
    return product


def add_image(*, product: Product, upload: UploadedFile, source: str = "", source_sha256: str = "") -> ProductImage:
    """A picture for the product, through core.images (checked, metadata dropped, sized).
    `source` and `source_sha256`: where an import got it, remembered so it is not added twice."""
    validate_image(upload)
    if product.images.count() >= MAX_IMAGES:
        raise DomainError(
            f"Maks. {MAX_IMAGES} gambar per produk.", code="too_many_images", fields={"image": "Terlalu banyak."}
        )
    position = product.images.count()
    image = ProductImage(product=product, position=position, source=source[:2000], source_sha256=source_sha256)
    name = f"{product.slug}-{random_code(6).lower()}"
    sized = versions(upload)  # the upload itself (its GPS, its 4000 px) is never stored
    image.image.save(f"{name}.{sized.master_extension}", sized.master, save=False)
    image.thumbnail.save(f"{name}.jpg", thumbnail(upload), save=False)
    image.stem = f"products/v/{name}"  # unique by its random code, as the files above
    for width, (webp, jpeg) in sized.files.items():
        default_storage.save(f"{image.stem}-{width}.webp", webp)
        default_storage.save(f"{image.stem}-{width}.jpg", jpeg)
    image.widths = ",".join(str(w) for w in sized.widths)
    image.width, image.height = sized.width, sized.height
    image.save()
    return image


def delete_image(*, image: ProductImage) -> None:
    image.image.delete(save=False)
    image.thumbnail.delete(save=False)
    for path in version_paths(image):
        default_storage.delete(path)
    image.delete()


def version_paths(image: ProductImage) -> list[str]:
    widths = [w for w in image.widths.split(",") if w]
    return [f"{image.stem}-{w}.{kind}" for w in widths for kind in ("webp", "jpg")]
