"""API authentication: a bearer token for apps, the session (with CSRF) for the browser."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from niaga.accounts.models import ApiToken
        from niaga.accounts.selectors import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
            # "Last used" to the minute is plenty; writing it on every call would add a write
            # to every read, and a hot-row lock to every request of a busy app.
            now = timezone.now()
            stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
            ApiToken.objects.filter(stale, digest=ApiToken.digest_of(token)).update(last_used_at=now)
        return user


class SessionAuth(NinjaSessionAuth):
    """Django's session; Ninja checks the CSRF token for unsafe methods."""
