"""The one page Niaga adds to allauth.mfa's: back to where a step-up sent the user to enrol."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from . import mfa


@login_required
def mfa_continue(request):
    """After enrolling: the page that asked for a second factor, else the MFA page."""
    target = request.session.get(mfa.NEXT_SESSION_KEY, "")
    if not is_mfa_enabled(request.user) or not target:
        return redirect("mfa_index")
    del request.session[mfa.NEXT_SESSION_KEY]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("mfa_index")
    return redirect(target)
