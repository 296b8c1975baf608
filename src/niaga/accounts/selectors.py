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
    """The live token for a bearer key, with its user; None for an unknown key or inactive user."""
    # get(), not first(): the digest is unique, and first()'s ORDER BY costs a quarter of this
    # lookup's CPU, which every API request pays.
    try:
        token = ApiToken.objects.select_related("user").get(digest=ApiToken.digest_of(key))
    except ApiToken.DoesNotExist:
        return None
    return token if token.user.is_active else None
