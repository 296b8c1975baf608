from datetime import datetime

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.models import Login
from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib.auth import login, logout
from django.middleware.csrf import get_token
from ninja import Router, Schema, Status
from ninja.utils import check_csrf
from pydantic import Field

from niaga.audit.devices import describe as device_name
from niaga.core.errors import DomainError, PermissionDenied
from niaga.core.schemas import ERRORS, Input, Ok

from . import lockout, mfa, regions, selectors, services

router = Router(tags=["accounts"])


class RegisterIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    full_name: str = Field(max_length=120)
    phone: str = Field("", max_length=30)
    email_promo: bool = Field(False, description="marketing e-mail consent (recorded; revocable at /me/consents)")


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


class PasswordResetIn(Input):
    email: str = Field(max_length=254)


class PasswordChangeIn(Input):
    current_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class SessionOut(Schema):
    id: int
    device: str
    ip: str
    started_at: datetime
    last_seen_at: datetime
    current: bool


class MfaRequiredOut(Schema):
    code: str = "mfa_required"
    message: str
    fields: dict[str, str] = {}
    challenge: str = Field(description="send it with a code to POST /auth/token/mfa")
    expires_in: int = Field(description="seconds the challenge stays valid")


class TokenMfaIn(Input):
    challenge: str = Field(max_length=400)
    code: str = Field(max_length=20, description="a code from the authenticator app, or an unused recovery code")


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
    """The user these credentials sign in, through allauth (its failed-attempt limits included).

    Only a verified e-mail signs in, as on the pages: an unverified one is sent its link again.
    """
    email = email.strip().lower()
    try:
        user = get_adapter(request).authenticate(request, email=email, password=password)
    except forms.ValidationError:  # allauth's limit on failed attempts for this address or e-mail
        raise TooManyAttempts("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.") from None
    if user is None and getattr(request, "axes_locked_out", False):  # django-axes: this account or address is locked
        raise lockout.refusal(request, {"email": email})
    if user is None:
        raise DomainError("Email atau kata sandi salah.", code="invalid_credentials", fields={"password": "Salah."})
    if not selectors.has_verified_email(user):
        send_verification_email_at_login(request, Login(user=user, email=email))
        raise PermissionDenied(
            "Verifikasi email Anda dulu: buka tautan yang kami kirim ke email Anda, lalu coba lagi.",
            code="email_unverified",
        )
    return user


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


def _limit(request, action: str, **who) -> None:
    """allauth's limit for this action (as its pages apply it): per address, e-mail or user."""
    if not ratelimit.consume(request, action=action, **who):
        raise TooManyAttempts("Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.", code="rate_limited")


def _by_token(request) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


SIGNUP_SENT = "Cek email Anda: kami mengirim tautan untuk mengaktifkan akun. Tautan itu juga membuat Anda masuk."
RESET_SENT = "Jika email itu terdaftar, kami sudah mengirim tautan untuk mengatur ulang kata sandi. Cek email Anda."


@router.get("/auth/csrf", auth=None, response=CsrfOut, summary="CSRF token for session-authenticated calls")
def csrf(request):
    return CsrfOut(csrf_token=get_token(request))


@router.post(
    "/auth/register",
    auth=None,
    response={202: Ok, **ERRORS},
    summary="Sign up; the account is active once its e-mail link is opened",
    description="Answers alike whether or not the e-mail already has an account (its owner is told by e-mail).",
)
def register(request, payload: RegisterIn):
    _limit(request, "signup")
    services.sign_up(request, **payload.dict())
    return Status(202, Ok(message=SIGNUP_SENT))


@router.post("/auth/login", auth=None, response={200: UserOut, **ERRORS}, summary="Start a browser session")
def session_login(request, payload: LoginIn):
    # Starting a session is a write to the browser: refuse cross-site logins (login CSRF).
    if check_csrf(request) is not None:
        raise PermissionDenied("Token CSRF tidak valid. Ambil dari GET /auth/csrf.", code="csrf_failed")
    user = _credentials(request, payload.email, payload.password)
    if is_mfa_enabled(user):  # a password alone must not open a session the pages would ask a code for
        raise PermissionDenied(
            "Akun ini memakai verifikasi dua langkah: masuk lewat halaman Masuk, atau minta token lewat POST /auth/token.",
            code="mfa_required",
        )
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    UserSession.objects.create_from_request(request)  # listed among the user's sessions at once
    return user


@router.post("/auth/logout", response=Ok, summary="Sign out: ends the session, or the bearer token sent")
def session_logout(request):
    token = getattr(request, "api_token", None)
    if token is not None:
        services.revoke_token(token=token, request=request, reason="keluar dengan token")
        return Ok(message="Keluar. Token ini sudah dicabut.")
    logout(request)
    return Ok(message="Keluar.")


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, **ERRORS, 401: MfaRequiredOut},
    summary="Get a bearer token for an app",
    description="An account with two-factor sign-in answers 401 `mfa_required` with a `challenge`: "
    "send it with a code to POST /auth/token/mfa within `expires_in` seconds.",
)
def token(request, payload: TokenIn):
    user = _credentials(request, payload.email, payload.password)
    if user.is_staff and not is_mfa_enabled(user):
        raise PermissionDenied(
            "Akun staf wajib memakai verifikasi dua langkah. Aktifkan dulu di halaman Keamanan Akun.",
            code="mfa_enrolment_required",
        )
    if is_mfa_enabled(user):
        return Status(
            401,
            MfaRequiredOut(
                message="Akun ini memakai verifikasi dua langkah. Kirim kode dari aplikasi autentikator.",
                challenge=mfa.issue_challenge(user, name=payload.name, scopes=payload.scopes, days=payload.days),
                expires_in=mfa.CHALLENGE_SECONDS,
            ),
        )
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


@router.post(
    "/auth/password/reset",
    auth=None,
    response={202: Ok, **ERRORS},
    summary="E-mail a link to set a new password",
    description="Answers alike whether or not the e-mail has an account.",
)
def password_reset(request, payload: PasswordResetIn):
    form = ResetPasswordForm(data={"email": payload.email})
    if not form.is_valid():  # only a malformed address: a valid unknown one is not refused
        raise DomainError("Alamat email tidak valid.", code="invalid_email", fields={"email": "Tidak valid."})
    _limit(request, "reset_password", key=form.cleaned_data["email"].lower())
    form.save(request)
    return Status(202, Ok(message=RESET_SENT))


@router.post(
    "/auth/password/change",
    response={200: Ok, **ERRORS},
    summary="Change the password; the user's other sessions end",
    description="Through the session, that session stays signed in; through a token, every session ends. "
    "API tokens are not touched.",
)
def password_change(request, payload: PasswordChangeIn):
    _limit(request, "change_password", user=request.user)
    services.change_password(
        request,
        user=request.user,
        current=payload.current_password,
        new=payload.new_password,
        via_session=not _by_token(request),
    )
    return Ok(message="Kata sandi diubah. Sesi di perangkat lain sudah diakhiri.")


@router.get("/me/sessions", response=list[SessionOut], summary="The user's signed-in sessions (browsers)")
def list_sessions(request):
    current = None if _by_token(request) else request.session.session_key
    return selectors.sessions_of(request.user, current_key=current)


@router.delete("/me/sessions/{session_id}", response={204: None, **ERRORS}, summary="Sign one session out")
def end_session(request, session_id: int):
    session = selectors.session_of(request.user, session_id)
    services.end_sessions(request, [session], by_user=True)
    return Status(204, None)


@router.post(
    "/auth/token/mfa", auth=None, response={201: TokenOut, **ERRORS}, summary="Second step: a code for the token"
)
def token_mfa(request, payload: TokenMfaIn):
    opened = mfa.open_challenge(payload.challenge)
    if opened is None:
        raise PermissionDenied(
            "Tantangan tidak dikenal atau sudah kedaluwarsa. Minta lagi lewat POST /auth/token.",
            code="challenge_expired",
        )
    user, name, nonce = opened
    if mfa.verify_code(request, user, payload.code) is None:
        mfa.count_challenge_try(nonce)
        raise DomainError("Kode verifikasi salah atau sudah dipakai.", code="invalid_code", fields={"code": "Salah."})
    if not mfa.spend_challenge(nonce):
        raise PermissionDenied("Tantangan ini sudah dipakai.", code="challenge_expired")
    scopes, days = mfa.challenge_terms(payload.challenge)
    made, key = services.create_token(user=user, name=name, scopes=scopes, days=days, request=request)
    return Status(201, TokenOut(token=key, user=user, scopes=made.scope_list, expires_at=made.expires_at))


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
