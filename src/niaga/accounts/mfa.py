"""Two factors on allauth.mfa: what Niaga adds around it.

- `NiagaMFAAdapter`: TOTP secrets and recovery-code seeds encrypted at rest with the field keys;
  the passkeys' relying party (id and name) from settings, not from whatever Host was asked.
- When a second factor was last passed in this session (`second_factor_at`), read from
  allauth's own authentication records: allauth writes one record per step, with its method
  ("password", "code", "mfa"), so a password typed again never counts as a second factor.
- `verify_code`: a TOTP or recovery code checked by allauth's own authenticators, for the API.
- Challenges for the API's two-step token: a signed, short-lived id naming the user.
- Audit receivers for allauth.mfa's signals (connected in AccountsConfig.ready()).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode
from encrypted_model_fields.fields import decrypt_str, encrypt_str

from niaga import audit

CODE_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
CHALLENGE_SECONDS = 5 * 60
CHALLENGE_TRIES = 5
_CHALLENGE_SALT = "niaga.accounts.mfa.challenge"
NEXT_SESSION_KEY = "niaga_mfa_next"  # where to go back to once a second factor is enrolled


class NiagaMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "Kode salah atau sudah dipakai.",
    }

    def encrypt(self, text: str) -> str:
        return encrypt_str(text).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_str(encrypted_text)

    def _get_site_name(self) -> str:
        return settings.NIAGA_WEBAUTHN_RP_NAME

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        entity = super().get_public_key_credential_rp_entity()  # id: the host asked, without port
        if settings.NIAGA_WEBAUTHN_RP_ID:
            entity["id"] = settings.NIAGA_WEBAUTHN_RP_ID
        return entity


# --- when a second factor was passed ----------------------------------------------------


def second_factor_at(request) -> float | None:
    """The time (epoch seconds) this session last passed a second factor, at sign-in or since."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    times = [r["at"] for r in get_authentication_records(request, user) if r.get("method") == "mfa" and "at" in r]
    return max(times) if times else None


def passed_recently(request) -> bool:
    at = second_factor_at(request)
    return at is not None and time.time() - at < settings.NIAGA_STEP_UP_MINUTES * 60


def reauthenticate_path(user) -> str:
    """Where to pass a second factor again: the code form, or the passkey one for a user with only passkeys."""
    has_code = is_mfa_enabled(user, types=[Authenticator.Type.TOTP])
    return reverse("mfa_reauthenticate" if has_code else "mfa_reauthenticate_webauthn")


def enrol_url(request, next_url: str) -> str:
    """The MFA page, remembering where to go back to once a factor is added."""
    request.session[NEXT_SESSION_KEY] = next_url
    return f"{reverse('mfa_index')}?{urlencode({'next': next_url})}"


# --- codes for the API --------------------------------------------------------------------


def verify_code(request, user, code: str) -> Authenticator | None:
    """The authenticator that accepts this TOTP or recovery code (a recovery code only once), or None.

    allauth's own authenticators check the code; failures count toward allauth's per-account
    limit on wrong codes (ACCOUNT_RATE_LIMITS "login_failed"), the same one its pages use.
    """
    code = (code or "").strip().replace(" ", "")
    if not code or len(code) > 20:
        return None
    key = f"mfa-auth-user-{user.pk}"
    if not ratelimit.consume(request, action="login_failed", key=key):
        return None
    candidates = sorted(  # the app's code first, then the recovery codes
        Authenticator.objects.filter(user_id=user.pk, type__in=CODE_TYPES),
        key=lambda a: a.type != Authenticator.Type.TOTP,
    )
    for authenticator in candidates:
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            ratelimit.clear(request, action="login_failed", key=key)
            return authenticator
    return None


def issue_challenge(user, *, name: str, scopes: list[str] | None = None, days: int | None = None) -> str:
    """A challenge id for the second step of POST /auth/token: signed, valid CHALLENGE_SECONDS.

    It carries what the token was asked for (name, scopes, days), so the code alone completes it."""
    terms = {"u": user.pk, "n": name, "s": scopes, "d": days, "j": secrets.token_urlsafe(12)}
    return signing.dumps(terms, salt=_CHALLENGE_SALT)


def challenge_terms(challenge: str) -> tuple[list[str] | None, int | None]:
    """The scopes and days a challenge asked for (read after open_challenge accepted it)."""
    data = signing.loads(challenge, salt=_CHALLENGE_SALT, max_age=CHALLENGE_SECONDS)
    return data.get("s"), data.get("d")


def open_challenge(challenge: str) -> tuple[Any, str, str] | None:
    """(user, token name, nonce) of a challenge still valid and not spent, else None."""
    try:
        data = signing.loads(challenge, salt=_CHALLENGE_SALT, max_age=CHALLENGE_SECONDS)
    except signing.BadSignature:
        return None
    nonce = str(data.get("j", ""))
    if cache.get(f"mfa-challenge:{nonce}") == "spent":
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        return None
    return user, str(data.get("n", "app")), nonce


def count_challenge_try(nonce: str) -> bool:
    """One wrong code against a challenge; False once it has had CHALLENGE_TRIES (then it is spent)."""
    key = f"mfa-challenge-tries:{nonce}"
    cache.add(key, 0, CHALLENGE_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        tries = 1
    if tries >= CHALLENGE_TRIES:
        spend_challenge(nonce)
        return False
    return True


def spend_challenge(nonce: str) -> bool:
    """Mark a challenge used; False if it already was (a second use is refused)."""
    return cache.add(f"mfa-challenge:{nonce}", "spent", CHALLENGE_SECONDS)


# --- signals ------------------------------------------------------------------------------


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.record("mfa.added", request=request, user=user, target=authenticator, changes={"type": authenticator.type})
    if authenticator.type != Authenticator.Type.RECOVERY_CODES and request is not None:
        # Adding it took a code (or the key itself) just now: that is a second factor passed,
        # so a step-up that sent the user to enrol does not ask again at once.
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, reauthenticated=True)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record("mfa.removed", request=request, user=user, target=authenticator, changes={"type": authenticator.type})


def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit.record(
        "mfa.recovery_codes_generated",
        request=request,
        user=user,
        target=authenticator,
        changes={"type": authenticator.type},
    )
