"""Step-up: a second factor asked again at a sensitive moment, even when signed in.

Sellers meet it before a payout request and a change of bank account. A user without a second
factor is sent to enrol one first. (First version: the accounts/MFA work refines how recent
"recent" is and makes the API ask for a code too.)
"""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def require_step_up(view):
    """For page views: enrolled in MFA, and re-authenticated within ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    guarded = reauthentication_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_mfa_enabled(request.user):
            messages.info(request, "Aktifkan verifikasi dua langkah dulu untuk melanjutkan.")
            return redirect(f"{reverse('mfa_index')}?{urlencode({'next': request.get_full_path()})}")
        return guarded(request, *args, **kwargs)

    return wrapped
