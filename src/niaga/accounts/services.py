"""Writes for accounts: registration, tokens (made, used, ended), addresses."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from niaga import audit
from niaga.core import edge
from niaga.core.clientip import client_ip
from niaga.core.errors import DomainError, PermissionDenied

from . import regions
from . import scopes as token_scopes
from .models import Address, ApiToken, User
from .phones import normalize_phone


def register_user(*, email: str, password: str, full_name: str, phone: str = "") -> User:
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Alamat email tidak valid."
    if not full_name:
        errors["full_name"] = "Nama lengkap wajib diisi."
    if not errors.get("email") and User.objects.filter(email=email).exists():
        errors["email"] = "Email ini sudah terdaftar."
    try:
        validate_password(password or "", User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if phone:
        try:
            phone = normalize_phone(phone)
        except DomainError as exc:
            errors.update(exc.fields)
    if errors:
        raise DomainError("Periksa kembali data pendaftaran.", code="invalid_registration", fields=errors)
    return User.objects.create_user(email=email, password=password, full_name=full_name, phone=phone)


def create_token(
    *,
    user: User,
    name: str = "app",
    scopes: list[str] | None = None,
    days: int | None = None,
    request=None,
    within: list[str] | None = None,
) -> tuple[ApiToken, str]:
    """Make an API token: (the row, its key). Only the digest is kept; the key is shown once.

    `scopes` default to scopes.DEFAULT, and always include `read`; `days` (1 to
    NIAGA_API_TOKEN_DAYS) defaults to the longest. A token made with another token (`within`:
    the calling token's scopes) gets no scope that token lacks.
    """
    unknown = sorted(set(scopes or []) - set(token_scopes.GRANTABLE))
    if unknown:
        raise DomainError(
            "Izin token tidak dikenal.",
            code="invalid_scope",
            fields={"scopes": f"Tidak dikenal: {', '.join(unknown)}."},
        )
    granted = token_scopes.clean(scopes)
    if within is not None and not set(granted) <= set(within):
        raise PermissionDenied(
            "Token ini tidak boleh membuat token dengan izin yang lebih luas.",
            code="scope_missing",
            fields={"scopes": "Hanya izin yang dimiliki token ini."},
        )
    longest = settings.NIAGA_API_TOKEN_DAYS
    if days is None:
        days = longest
    if not 1 <= days <= longest:
        raise DomainError(
            f"Masa berlaku token 1 sampai {longest} hari.",
            code="invalid_expiry",
            fields={"days": f"1 sampai {longest} hari."},
        )
    key = "nga_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:60] or "app",
        digest=ApiToken.digest_of(key),
        scopes=",".join(granted),
        expires_at=expires_at,
        created_ip=client_ip(request) if request is not None else "",
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else "",
    )
    audit.record(
        "token.created",
        actor=user,
        request=request,
        target=token,
        changes={"name": token.name, "scopes": granted, "expires_at": expires_at.isoformat()},
    )
    transaction.on_commit(partial(edge.publish_token, token.digest, user.pk))
    return token, key


def issue_token(*, user: User, name: str = "app", scopes: list[str] | None = None, request=None) -> str:
    """Create an API token and return its key; only the digest is kept."""
    return create_token(user=user, name=name, scopes=scopes, request=request)[1]


def revoke_token(*, token: ApiToken, request=None, reason: str = "") -> bool:
    """End a token now (its owner ended it, or signed out with it). False if it had already ended."""
    ended = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if ended:
        audit.record("token.revoked", user=token.user, request=request, target=token, note=reason)
        transaction.on_commit(partial(edge.withdraw_token, token.digest))
    return bool(ended)


def revoke_all_tokens(*, user: User, request=None, reason: str = "") -> int:
    """End every live token of `user` (a password reset, or "Cabut semua" on the token page)."""
    return sum(
        revoke_token(token=token, request=request, reason=reason)
        for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    )


def note_token_use(*, token: ApiToken) -> None:
    """Stamp the token "last used", to the minute, and keep it fresh for the flash edge."""
    # To the minute is plenty; writing it on every call would add a write to every read, and
    # a hot-row lock to every request of a busy app. The row the caller read says whether it
    # is due; the guard keeps parallel requests to one write (one UPDATE: its own transaction).
    now = timezone.now()
    cutoff = now - timedelta(minutes=1)
    if token.last_used_at is not None and token.last_used_at >= cutoff:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)
    if ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
        edge.publish_token(token.digest, token.user_id)


def _resolve_region(
    *, province_code: str, regency_code: str, district_code: str, village_code: str, postal_code: str
) -> dict[str, str]:
    """Check the four levels belong together and the postal code is one of the district's."""
    errors: dict[str, str] = {}
    province = regions.get(province_code) if province_code and "." not in province_code else None
    if not province:
        errors["province_code"] = "Pilih provinsi."
    regency = regions.get(regency_code) if regency_code else None
    if not regency or regency.level != 2 or not regions.is_child(regency.code, province_code):
        errors["regency_code"] = "Pilih kota/kabupaten di provinsi tersebut."
    district = regions.get(district_code) if district_code else None
    if not district or district.level != 3 or not regions.is_child(district.code, regency_code):
        errors["district_code"] = "Pilih kecamatan di kota/kabupaten tersebut."
    village = regions.get(village_code) if village_code else None
    if not village or village.level != 4 or not regions.is_child(village.code, district_code):
        errors["village_code"] = "Pilih kelurahan/desa di kecamatan tersebut."
    postal_code = (postal_code or "").strip()
    if not (len(postal_code) == 5 and postal_code.isdigit()):
        errors["postal_code"] = "Kode pos harus 5 angka."
    elif district and "district_code" not in errors and postal_code not in regions.postal_codes_in(district.code):
        errors["postal_code"] = f"Kode pos {postal_code} tidak ada di Kecamatan {district.name}."
    if errors or not (province and regency and district and village):  # each one missing has its error
        raise DomainError("Alamat belum lengkap atau tidak cocok.", code="invalid_address", fields=errors)
    return {
        "province_code": province.code,
        "province_name": province.name,
        "regency_code": regency.code,
        "regency_name": regency.name,
        "district_code": district.code,
        "district_name": district.name,
        "village_code": village.code,
        "village_name": village.name,
        "postal_code": postal_code,
    }


# Other apps' addresses (a warehouse's pickup address) are checked by the same rules.
resolve_region = _resolve_region


def _address_fields(data: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for field, label, limit in (("recipient_name", "Nama penerima", 120), ("street", "Alamat lengkap", 255)):
        value = (data.get(field) or "").strip()
        if not value:
            errors[field] = f"{label} wajib diisi."
        elif len(value) > limit:
            errors[field] = f"{label} terlalu panjang (maks. {limit} karakter)."
        cleaned[field] = value
    cleaned["label"] = (data.get("label") or "Rumah").strip()[:40] or "Rumah"
    try:
        cleaned["phone"] = normalize_phone(data.get("phone") or "")
    except DomainError as exc:
        errors.update(exc.fields)
    try:
        cleaned.update(
            _resolve_region(
                province_code=data.get("province_code") or "",
                regency_code=data.get("regency_code") or "",
                district_code=data.get("district_code") or "",
                village_code=data.get("village_code") or "",
                postal_code=data.get("postal_code") or "",
            )
        )
    except DomainError as exc:
        errors.update(exc.fields)
    if errors:
        raise DomainError("Alamat belum lengkap atau tidak cocok.", code="invalid_address", fields=errors)
    return cleaned


@transaction.atomic
def create_address(*, user: User, data: dict) -> Address:
    fields = _address_fields(data)
    first = not user.addresses.exists()
    is_default = bool(data.get("is_default")) or first
    if is_default:
        user.addresses.update(is_default=False)
    return Address.objects.create(user=user, is_default=is_default, **fields)


@transaction.atomic
def update_address(*, address: Address, data: dict) -> Address:
    fields = _address_fields(data)
    for key, value in fields.items():
        setattr(address, key, value)
    if data.get("is_default"):
        address.user.addresses.exclude(pk=address.pk).update(is_default=False)
        address.is_default = True
    address.save()
    return address


@transaction.atomic
def delete_address(*, address: Address) -> None:
    was_default = address.is_default
    user = address.user
    address.delete()
    if was_default and (other := user.addresses.first()):
        other.is_default = True
        other.save(update_fields=["is_default"])
