from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db.models import Q
from django.utils import timezone

from niaga.audit.devices import describe as device_name
from niaga.core.errors import NotFound

from .models import Address, ApiToken, User


def addresses_for(user: User):
    return Address.objects.filter(user=user)


def address_for(user: User, address_id: int) -> Address:
    """The user's own address; anyone else's is simply not found."""
    try:
        return Address.objects.get(user=user, pk=address_id)
    except Address.DoesNotExist:
        raise NotFound("Alamat tidak ditemukan.", code="address_not_found") from None


def token_for(key: str) -> ApiToken | None:
    """The live token for a bearer key, with its user; None for an unknown, expired or revoked
    key, or an inactive user."""
    # get(), not first(): the digest is unique, and first()'s ORDER BY costs a quarter of this
    # lookup's CPU, which every API request pays.
    try:
        token = ApiToken.objects.select_related("user").get(digest=ApiToken.digest_of(key))
    except ApiToken.DoesNotExist:
        return None
    return token if token.user.is_active and token.is_live() else None


def token_owner(key: str) -> int | None:
    """The pk of a live bearer key's user: what the rate limits count a token's request by."""
    token = token_for(key)
    return token.user_id if token is not None else None


def has_verified_email(user: User) -> bool:
    """Whether the account's e-mail address was verified (allauth's EmailAddress)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@dataclass(frozen=True)
class ActiveSession:
    id: int
    device: str
    ip: str
    started_at: datetime
    last_seen_at: datetime
    current: bool


def sessions_of(user: User, *, current_key: str | None = None) -> list[ActiveSession]:
    """The user's live sessions, this one first then the most recently seen; ended ones are dropped."""
    rows = UserSession.objects.purge_and_list(user)
    found = [
        ActiveSession(
            id=row.pk,
            device=device_name(row.user_agent),
            ip=row.ip,
            started_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=bool(current_key) and row.session_key == current_key,
        )
        for row in rows
    ]
    return sorted(found, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


def session_of(user: User, session_id: int) -> UserSession:
    """One of the user's own sessions; anyone else's is simply not found."""
    try:
        return UserSession.objects.get(user=user, pk=session_id)
    except UserSession.DoesNotExist:
        raise NotFound("Sesi tidak ditemukan.", code="session_not_found") from None


def tokens_of(user: User):
    """The user's tokens still live, newest first (ended ones are kept for the audit, not shown)."""
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    return ApiToken.objects.filter(live, user=user, revoked_at__isnull=True)


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's live tokens; anyone else's is simply not found."""
    try:
        return tokens_of(user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise NotFound("Token tidak ditemukan.", code="token_not_found") from None
