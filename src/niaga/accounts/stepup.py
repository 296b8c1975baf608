"""Step-up: a second factor asked again at a sensitive moment, even when signed in.

Sellers meet it before a payout request and a change of bank account. The password alone never
counts: what counts is a second factor (authenticator code, recovery code or passkey) passed in
this session within NIAGA_STEP_UP_MINUTES, at sign-in or since (`mfa.second_factor_at` reads
allauth's own record of each authentication step and its method).

- `require_step_up(view)`: for page views. Without a second factor the user is sent to enrol
  one, and comes back afterwards; with one that is not fresh, to allauth's "confirm access" form
  for a code (or a passkey), and then on to the page — a POST is kept and replayed by allauth.
- `require_api_step_up(request)`: for API operations. An app sends the code in `X-Niaga-OTP`;
  a browser session that passed a second factor within the window needs none.
"""

from __future__ import annotations

from functools import wraps

from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from niaga.core.errors import PermissionDenied

from . import mfa

OTP_HEADER = "X-Niaga-OTP"


def require_step_up(view):
    """For page views: enrolled in MFA, and a second factor passed within NIAGA_STEP_UP_MINUTES."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        here = request.get_full_path()
        if not request.user.is_authenticated:
            return redirect_to_login(here)
        if not is_mfa_enabled(request.user):
            messages.info(request, "Aktifkan verifikasi dua langkah dulu untuk melanjutkan.")
            return redirect(mfa.enrol_url(request, here))
        if not mfa.passed_recently(request):
            messages.info(request, "Demi keamanan, masukkan lagi kode verifikasi dua langkah Anda.")
            # allauth keeps a POST and replays it once the code is accepted
            return suspend_request(request, mfa.reauthenticate_path(request.user))
        return view(request, *args, **kwargs)

    return wrapped


def require_api_step_up(request) -> None:
    """For API operations: refuse (403) unless a fresh second factor comes with the request.

    `step_up_required`: send a current code from the authenticator app (or a recovery code) in
    the X-Niaga-OTP header. `mfa_enrolment_required`: the account has no second factor yet.
    """
    user = request.user
    if not is_mfa_enabled(user):
        raise PermissionDenied(
            "Aktifkan verifikasi dua langkah di akun Anda dulu (halaman Keamanan Akun).", code="mfa_enrolment_required"
        )
    code = request.headers.get(OTP_HEADER, "")
    if code:
        if mfa.verify_code(request, user, code) is None:
            raise PermissionDenied("Kode verifikasi salah atau sudah dipakai.", code="step_up_required")
        return
    if "Authorization" not in request.headers and mfa.passed_recently(request):
        return  # the browser's session passed a second factor just now
    raise PermissionDenied(
        f"Kirim kode verifikasi dua langkah dari aplikasi autentikator di header {OTP_HEADER}.",
        code="step_up_required",
    )
