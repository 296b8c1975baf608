"""Writes for stores: open a store, change its settings."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from niaga.accounts import regions
from niaga.accounts.services import require_verified_email
from niaga.core import paymethods
from niaga.core.errors import Conflict, DomainError
from niaga.core.ids import random_code
from niaga.core.images import cleaned, validate_image

from . import policy
from .models import Store

POLICY_FIELDS = (
    "return_window_days",
    "accepts_returns",
    "accepts_exchanges",
    "return_policy",
    "warranty_kind",
    "warranty_months",
    "warranty_policy",
)
CONTACT_FIELDS = ("contact_phone", "contact_email", "open_days", "opens_at", "closes_at")

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$")
RESERVED_SLUGS = {"admin", "api", "sandbox", "static", "media", "toko-saya", "niaga"}


def _clean(data: dict, *, partial: bool, store: Store | None = None) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}
    if not partial or "name" in data:
        name = (data.get("name") or "").strip()
        if not name:
            errors["name"] = "Nama toko wajib diisi."
        elif len(name) > 80:
            errors["name"] = "Nama toko maks. 80 karakter."
        cleaned["name"] = name
    if not partial or "slug" in data:
        slug = (data.get("slug") or slugify(data.get("name") or "")).strip().lower()
        others = (
            Store.objects.filter(slug=slug) if store is None else Store.objects.filter(slug=slug).exclude(pk=store.pk)
        )
        if not _SLUG.match(slug) or slug in RESERVED_SLUGS:
            errors["slug"] = "Alamat toko 3–60 huruf kecil, angka atau tanda hubung, dan belum dipakai."
        elif others.exists():
            errors["slug"] = "Alamat toko ini sudah dipakai toko lain."
        cleaned["slug"] = slug
    if not partial or "city_code" in data:
        city = regions.get(data.get("city_code") or "")
        if not city or city.level != 2:
            errors["city_code"] = "Pilih kota/kabupaten asal pengiriman."
        else:
            province = regions.get(regions.parent_code(city.code))
            assert province is not None  # every city in the region table has its province
            cleaned.update(
                city_code=city.code,
                city_name=city.name,
                province_code=province.code,
                province_name=province.name,
            )
    if "description" in data:
        value = (data.get("description") or "").strip()
        if len(value) > 5000:
            errors["description"] = "Teks terlalu panjang (maks. 5000 karakter)."
        cleaned["description"] = value
    cleaned.update(policy.clean_policy(data, errors))
    cleaned.update(policy.clean_contact(data, errors))
    stored = {f: getattr(store or Store(), f) for f in (*POLICY_FIELDS, *CONTACT_FIELDS)}
    policy.check_policy({**stored, **cleaned}, errors)
    policy.check_contact({**stored, **cleaned}, errors)
    if not partial or "payment_methods" in data:
        methods = data.get("payment_methods") or []
        if isinstance(methods, str) or not all(isinstance(m, str) for m in methods):
            errors["payment_methods"] = "Daftar metode pembayaran tidak valid."
        else:
            unknown = [m for m in methods if not paymethods.get(m)]
            if unknown:
                errors["payment_methods"] = f"Metode tidak dikenal: {', '.join(unknown)}."
            elif not methods:
                errors["payment_methods"] = "Aktifkan setidaknya satu metode pembayaran."
            cleaned["payment_methods"] = [m for m in paymethods.METHODS if m in methods]
    if errors:
        raise DomainError("Periksa kembali data toko.", code="invalid_store", fields=errors)
    return cleaned


def _save_logo(store: Store, logo: UploadedFile) -> None:
    """A new name for every logo (media are cached for good), metadata dropped."""
    content, extension = cleaned(logo)
    store.logo.save(f"{store.slug}-{random_code(6).lower()}.{extension}", content, save=False)


def open_store(*, owner, data: dict, logo: UploadedFile | None = None) -> Store:
    require_verified_email(owner, action="membuka toko")
    if Store.objects.filter(owner=owner).exists():
        raise Conflict("Anda sudah memiliki toko.", code="store_exists")
    data = {"payment_methods": list(paymethods.METHODS), **data}
    fields = _clean(data, partial=False)
    if logo is not None:
        validate_image(logo, field="logo")
    try:
        with transaction.atomic():
            store = Store(owner=owner, **fields)
            if logo is not None:
                _save_logo(store, logo)
            store.save()
    except IntegrityError:
        raise Conflict(
            "Alamat toko ini sudah dipakai toko lain.", code="store_exists", fields={"slug": "Sudah dipakai."}
        ) from None
    return store


@transaction.atomic
def update_store(*, store: Store, data: dict, logo: UploadedFile | None = None) -> Store:
    fields = _clean(data, partial=True, store=store)
    for key, value in fields.items():
        setattr(store, key, value)
    if logo is not None:
        validate_image(logo, field="logo")
        _save_logo(store, logo)
    store.save()
    return store
