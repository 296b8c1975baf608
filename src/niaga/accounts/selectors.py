from django.db.models import Q
from django.utils import timezone

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
