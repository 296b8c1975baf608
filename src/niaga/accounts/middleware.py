"""Staff and operators work behind a second factor.

A staff user (`is_staff`) who opens any page under /admin/ or /operator/ must have a second
factor enrolled (else is sent to enrol it, then back) and must have passed it in this session
(else is asked for it, then back) — however they signed in. /gudang/ is not here: sellers run
their own warehouses there, and a warehouse's staff are not Niaga's staff.
"""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import urlencode

from . import mfa

STAFF_PREFIXES = ("/admin/", "/operator/")


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith(STAFF_PREFIXES) and user is not None and user.is_authenticated and user.is_staff:
            here = request.get_full_path()
            if not is_mfa_enabled(user):
                messages.info(
                    request, "Akun staf wajib memakai verifikasi dua langkah. Aktifkan dulu untuk melanjutkan."
                )
                return HttpResponseRedirect(mfa.enrol_url(request, here))
            if mfa.second_factor_at(request) is None:
                messages.info(request, "Masukkan kode verifikasi dua langkah untuk membuka halaman staf.")
                return HttpResponseRedirect(f"{mfa.reauthenticate_path(user)}?{urlencode({'next': here})}")
        return self.get_response(request)
