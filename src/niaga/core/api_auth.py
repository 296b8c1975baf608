"""API authentication: a bearer token for apps, the session (with CSRF) for the browser."""

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
            ApiToken.objects.filter(digest=ApiToken.digest_of(token)).update(last_used_at=timezone.now())
        return user


class SessionAuth(NinjaSessionAuth):
    """Django's session; Ninja checks the CSRF token for unsafe methods."""
