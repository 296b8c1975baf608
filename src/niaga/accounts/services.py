"""Writes for accounts: registration, passwords and sessions (on allauth), tokens (made, used,
ended), addresses."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import partial

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm
from allauth.account.internal import flows as allauth_flows
from allauth.account.models import EmailAddress
from allauth.usersessions.internal.flows import sessions as usersessions_flows
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from niaga import audit
from niaga.core import edge
from niaga.core.clientip import client_ip
from niaga.core.errors import Conflict, DomainError, PermissionDenied

from . import regions
from . import scopes as token_scopes
from .models import Address, ApiToken, User
from .phones import normalize_phone
from .selectors import has_verified_email
from .signals import signed_up


def register_user(*, email: str, password: str, full_name: str, phone: str = "", verified: bool = False) -> User:
    """A new account with its e-mail address (allauth's EmailAddress), unverified unless said.

    Refuses what is wrong with the input itself; an e-mail that already has an account is
    refused with code "email_taken", which callers facing the public must not pass on (see
    `sign_up`).
    """
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Alamat email tidak valid."
    if not full_name:
        errors["full_name"] = "Nama lengkap wajib diisi."
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
    if User.objects.filter(email=email).exists():
        raise Conflict("Email ini sudah terdaftar.", code="email_taken", fields={"email": "Sudah terdaftar."})
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name, phone=phone)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def sign_up(request, *, email: str, password: str, full_name: str, phone: str = "", email_promo: bool = False) -> None:
    """Sign-up for the API, answering alike whether or not the e-mail has an account.

    A new address gets its verification e-mail; a taken one gets "someone tried to sign up with
    your address" (allauth's enumeration prevention), and a password is hashed all the same so
    the time taken tells nothing either.
    """
    try:
        user = register_user(email=email, password=password, full_name=full_name, phone=phone)
    except Conflict:
        make_password(password)
        get_adapter(request).send_account_already_exists_mail(email.strip().lower())
        return
    signed_up.send(User, user=user, request=request, choices={"email_promo": email_promo})
    address = EmailAddress.objects.get_primary(user)
    assert address is not None
    allauth_flows.email_verification.send_verification_email_to_address(request, address, signup=True)


def mark_email_verified(user: User) -> None:
    """The account's e-mail counts as verified (demo accounts, and accounts that predate allauth)."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"primary": True, "verified": True})


def require_verified_email(user, *, action: str) -> None:
    """Selling needs a verified e-mail: opening a store, asking for a payout."""
    if not has_verified_email(user):
        raise PermissionDenied(
            f"Verifikasi email Anda dulu sebelum {action}. Buka tautan yang kami kirim ke {user.email}, "
            "atau kirim ulang dari Akun Saya › Keamanan › Email.",
            code="email_unverified",
        )


def change_password(request, *, user: User, current: str, new: str, via_session: bool) -> None:
    """The password changes with allauth's form (current one checked, new one validated).

    Through the session, allauth keeps this session and tells the owner; other sessions end
    (accounts.receivers). Through a token, there is no session to keep: all of them end.
    """
    form = ChangePasswordForm(user=user, data={"oldpassword": current, "password1": new, "password2": new})
    if not form.is_valid():
        fields = {_PASSWORD_FIELDS.get(name, name): " ".join(errors) for name, errors in form.errors.items()}
        raise DomainError("Kata sandi tidak diubah.", code="invalid_password_change", fields=fields)
    form.save()
    if via_session:
        allauth_flows.password_change.finalize_password_change(request, user)
    else:
        get_adapter(request).send_notification_mail("account/email/password_changed", user)
        password_changed(request, user)


_PASSWORD_FIELDS = {"oldpassword": "current_password", "password1": "new_password", "password2": "new_password"}


def password_changed(request, user: User) -> None:
    """After a change of password: the trail records it, and every other session ends."""
    audit.record("password.changed", actor=user, user=user, request=request)
    current = request.session.session_key if request is not None and request.user == user else None
    end_sessions(request, list(UserSession.objects.filter(user=user).exclude(session_key=current or "")))


def password_reset(request, user: User) -> None:
    """After a reset from the e-mailed link: the trail records it and every session ends."""
    audit.record("password.reset", actor=user, user=user, request=request)
    end_sessions(request, list(UserSession.objects.filter(user=user)))


def end_sessions(request, sessions: list[UserSession], *, by_user: bool = False) -> bool:
    """End these sessions (their devices are signed out); True when the current one was among them.

    `by_user`: the user chose to end them (each is recorded); otherwise they end as the
    consequence of an event already recorded (a password change or reset).
    """
    current_key = getattr(getattr(request, "session", None), "session_key", None)
    ends_current = bool(current_key) and any(s.session_key == current_key for s in sessions)
    if by_user:
        for session in sessions:
            audit.record(
                "session.ended",
                user=session.user,
                request=request,
                target=session,
                changes={"ip": session.ip, "device": session.user_agent[:120]},
            )
    usersessions_flows.end_sessions(request, sessions)
    return ends_current


def end_other_sessions(request) -> int:
    """End the user's sessions on every other device; how many were ended."""
    others = [s for s in UserSession.objects.filter(user=request.user) if s.session_key != request.session.session_key]
    end_sessions(request, others, by_user=True)
    return len(others)


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
