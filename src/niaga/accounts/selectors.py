from niaga.core.errors import NotFound

from .models import Address, ApiToken, User


def addresses_for(user: User):
    return Address.objects.filter(user=user)


def address_for(user: User, address_id: int) -> Address:
    """The user's own address; anyone else's is simply not found."""
    address = Address.objects.filter(user=user, pk=address_id).first()
    if address is None:
        raise NotFound("Alamat tidak ditemukan.", code="address_not_found")
    return address


def token_for(key: str) -> ApiToken | None:
    """The live token for a bearer key, with its user; None for an unknown key or inactive user."""
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
    if token is None or not token.user.is_active:
        return None
    return token


def user_for_token(key: str) -> User | None:
    token = token_for(key)
    return token.user if token else None
