from datetime import datetime

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from ninja import Router, Schema, Status
from ninja.utils import check_csrf
from pydantic import Field

from niaga.core.errors import DomainError, PermissionDenied
from niaga.core.schemas import ERRORS, Input, Ok

from . import lockout, regions, selectors, services
from .devices import device_name

router = Router(tags=["accounts"])


class RegisterIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    full_name: str = Field(max_length=120)
    phone: str = Field("", max_length=30)


class LoginIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class TokenIn(LoginIn):
    name: str = Field("app", max_length=60)
    scopes: list[str] | None = Field(
        None, max_length=4, description="read, orders, products, payouts; default read + orders (a buyer's app)"
    )
    days: int | None = Field(None, description="life in days, 1 to NIAGA_API_TOKEN_DAYS (default: the longest)")


class NewTokenIn(Input):
    name: str = Field("app", max_length=60)
    scopes: list[str] | None = Field(None, max_length=4, description="read, orders, products, payouts")
    days: int | None = Field(None, description="life in days, 1 to NIAGA_API_TOKEN_DAYS (default: the longest)")


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    phone: str
    has_store: bool

    @staticmethod
    def resolve_has_store(user) -> bool:
        return hasattr(user, "store")


class TokenOut(Schema):
    token: str
    user: UserOut
    scopes: list[str]
    expires_at: datetime | None


class TokenInfoOut(Schema):
    id: int
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    created_ip: str
    device: str
    current: bool = Field(description="the token this call was made with")


class NewTokenOut(TokenInfoOut):
    token: str = Field(description="the key: shown this once, only its digest is kept")


def _token_info(token, *, current: int | None = None) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "scopes": token.scope_list,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "created_ip": token.created_ip,
        "device": device_name(token.user_agent),
        "current": token.pk == current,
    }


class CsrfOut(Schema):
    csrf_token: str


class RegionOut(Schema):
    code: str
    name: str
    level: int
    postal_code: str | None = None


class AddressIn(Input):
    label: str = Field("Rumah", max_length=40)
    recipient_name: str = Field(max_length=120)
    phone: str = Field(max_length=30)
    street: str = Field(max_length=255)
    province_code: str = Field(max_length=20)
    regency_code: str = Field(max_length=20)
    district_code: str = Field(max_length=20)
    village_code: str = Field(max_length=20)
    postal_code: str = Field(max_length=10)
    is_default: bool = False


class AddressOut(Schema):
    id: int
    label: str
    recipient_name: str
    phone: str
    street: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    district_code: str
    district_name: str
    village_code: str
    village_name: str
    postal_code: str
    is_default: bool


def _credentials(request, email: str, password: str):
    user = authenticate(request, email=email, password=password)
    if user is None and getattr(request, "axes_locked_out", False):
        raise lockout.refusal(request, {"email": email})
    if user is None:
        raise DomainError("Email atau kata sandi salah.", code="invalid_credentials", fields={"password": "Salah."})
    return user


@router.get("/auth/csrf", auth=None, response=CsrfOut, summary="CSRF token for session-authenticated calls")
def csrf(request):
    return CsrfOut(csrf_token=get_token(request))


@router.post("/auth/register", auth=None, response={201: UserOut, **ERRORS})
def register(request, payload: RegisterIn):
    user = services.register_user(**payload.dict())
    return Status(201, user)


@router.post("/auth/login", auth=None, response={200: UserOut, **ERRORS}, summary="Start a browser session")
def session_login(request, payload: LoginIn):
    # Starting a session is a write to the browser: refuse cross-site logins (login CSRF).
    if check_csrf(request) is not None:
        raise PermissionDenied("Token CSRF tidak valid. Ambil dari GET /auth/csrf.", code="csrf_failed")
    user = _credentials(request, payload.email, payload.password)
    login(request, user)
    return user


@router.post("/auth/logout", response=Ok, summary="Sign out: ends the session, or the bearer token sent")
def session_logout(request):
    token = getattr(request, "api_token", None)
    if token is not None:
        services.revoke_token(token=token, request=request, reason="keluar dengan token")
        return Ok(message="Keluar. Token ini sudah dicabut.")
    logout(request)
    return Ok(message="Keluar.")


@router.post("/auth/token", auth=None, response={201: TokenOut, **ERRORS}, summary="Get a bearer token for an app")
def token(request, payload: TokenIn):
    user = _credentials(request, payload.email, payload.password)
    made, key = services.create_token(
        user=user, name=payload.name, scopes=payload.scopes, days=payload.days, request=request
    )
    return Status(201, TokenOut(token=key, user=user, scopes=made.scope_list, expires_at=made.expires_at))


@router.get("/me/tokens", response=list[TokenInfoOut], summary="The API tokens still live: ask to end any")
def list_tokens(request):
    current = getattr(getattr(request, "api_token", None), "pk", None)
    return [_token_info(token, current=current) for token in selectors.tokens_of(request.user)]


@router.post("/me/tokens", response={201: NewTokenOut, **ERRORS}, summary="Make a token (its key shown once)")
def create_token(request, payload: NewTokenIn):
    calling = getattr(request, "api_token", None)
    made, key = services.create_token(
        user=request.user,
        name=payload.name,
        scopes=payload.scopes,
        days=payload.days,
        request=request,
        within=calling.scope_list if calling is not None else None,
    )
    return Status(201, {**_token_info(made), "token": key})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, summary="End one of your tokens")
def revoke_token(request, token_id: int):
    services.revoke_token(token=selectors.token_of(request.user, token_id), request=request, reason="diakhiri pemilik")
    return Status(204, None)


@router.get("/me", response={200: UserOut, **ERRORS})
def me(request):
    return request.user


@router.get(
    "/regions", auth=None, response={200: list[RegionOut], **ERRORS}, summary="Provinces, or the children of a region"
)
def region_children(request, parent: str = ""):
    if parent and regions.get(parent) is None:
        raise DomainError("Wilayah tidak dikenal.", code="region_not_found", fields={"parent": "Tidak dikenal."})
    return regions.children(parent or None)


@router.get("/me/addresses", response=list[AddressOut])
def list_addresses(request):
    return list(selectors.addresses_for(request.user))


@router.post("/me/addresses", response={201: AddressOut, **ERRORS})
def create_address(request, payload: AddressIn):
    return Status(201, services.create_address(user=request.user, data=payload.dict()))


@router.get("/me/addresses/{address_id}", response={200: AddressOut, **ERRORS})
def get_address(request, address_id: int):
    return selectors.address_for(request.user, address_id)


@router.put("/me/addresses/{address_id}", response={200: AddressOut, **ERRORS})
def update_address(request, address_id: int, payload: AddressIn):
    address = selectors.address_for(request.user, address_id)
    return services.update_address(address=address, data=payload.dict())


@router.delete("/me/addresses/{address_id}", response={204: None, **ERRORS})
def delete_address(request, address_id: int):
    services.delete_address(address=selectors.address_for(request.user, address_id))
    return Status(204, None)
