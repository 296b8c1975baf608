"""Two middlewares of accounts.

SessionActivityMiddleware: Sessions as allauth.usersessions lists them, with "last seen" written sparingly.

allauth's own middleware (USERSESSIONS_TRACK_ACTIVITY) writes the session's row on every
request of a signed-in user; this writes it at most once per NIAGA_SESSION_SEEN_SECONDS per
session (a key in the cache says it was written), which is as precise as "last seen" needs.

SecondFactorMiddleware: Second factors where a password alone must not be enough.

- Staff and operators: a staff user (`is_staff`) who opens any page under /admin/ or /operator/
  must have a second factor enrolled (else is sent to enrol it, then back) and must have passed
  it in this session (else is asked for it, then back) — however they signed in. /gudang/ is not
  here: sellers run their own warehouses there, and a warehouse's staff are not Niaga's staff.
- Changing the second factors of an account that has one (adding a passkey, turning the app off,
  new recovery codes) asks for one of them within NIAGA_STEP_UP_MINUTES: allauth itself would take
  the password again, and a stolen password must not be able to add the thief's own key.
"""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.http import urlencode

from niaga.core.degraded import REDIS_DOWN, going_on_without

from . import mfa

STAFF_PREFIXES = ("/admin/", "/operator/")
FACTOR_CHANGES = {
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_add_webauthn",
    "mfa_remove_webauthn",
    "mfa_generate_recovery_codes",
}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        here = request.get_full_path()
        if request.path.startswith(STAFF_PREFIXES) and user.is_staff:
            if not is_mfa_enabled(user):
                messages.info(
                    request, "Akun staf wajib memakai verifikasi dua langkah. Aktifkan dulu untuk melanjutkan."
                )
                return HttpResponseRedirect(mfa.enrol_url(request, here))
            if mfa.second_factor_at(request) is None:
                messages.info(request, "Masukkan kode verifikasi dua langkah untuk membuka halaman staf.")
                return self._ask(user, here)
        match = request.resolver_match
        if match is not None and match.url_name in FACTOR_CHANGES and is_mfa_enabled(user):
            if not mfa.passed_recently(request):
                messages.info(request, "Demi keamanan, konfirmasi dengan verifikasi dua langkah sebelum mengubahnya.")
                return self._ask(user, here)
        return None

    @staticmethod
    def _ask(user, here: str) -> HttpResponseRedirect:
        return HttpResponseRedirect(f"{mfa.reauthenticate_path(user)}?{urlencode({'next': here})}")


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.track(request)
        return self.get_response(request)

    @staticmethod
    def track(request) -> None:
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        if not key:  # no session cookie: nobody signed in, nothing to read
            return
        try:
            due = cache.add(f"usersession-seen:{key}", 1, timeout=settings.NIAGA_SESSION_SEEN_SECONDS)
        except REDIS_DOWN as exc:  # the page goes on; "last seen" waits for Redis
            going_on_without("session activity", exc, "sessions' last-seen times are not updated")
            return
        if due and request.user.is_authenticated:
            UserSession.objects.create_from_request(request, user=request.user, session=session)
