"""API authentication: a bearer token for apps, the session (with CSRF) for the browser."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from niaga.core import edge
from niaga.core.errors import PermissionDenied

CSRF_MESSAGE = "Sesi halaman ini sudah berakhir. Muat ulang halaman, lalu coba lagi."


class InvalidToken(AuthenticationError):
    """A bearer token was sent and is unknown or revoked."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from niaga.accounts.models import ApiToken
        from niaga.accounts.selectors import token_for

        found = token_for(token)
        if found is None:
            # An app that sent a token means it; falling through to the session would answer
            # a stale token with the browser's "CSRF check failed".
            raise InvalidToken()
        request.user = found.user
        # "Last used" to the minute is plenty; writing it on every call would add a write
        # to every read, and a hot-row lock to every request of a busy app. The row read
        # above says whether it is due; the guard keeps parallel requests to one write.
        now = timezone.now()
        cutoff = now - timedelta(minutes=1)
        if found.last_used_at is None or found.last_used_at < cutoff:
            stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)
            if ApiToken.objects.filter(stale, pk=found.pk).update(last_used_at=now):
                edge.publish_token(found.digest, found.user_id)  # kept fresh for the flash edge
        return found.user


class SessionAuth(NinjaSessionAuth):
    """Django's session; Ninja checks the CSRF token for unsafe methods."""

    def _get_key(self, request):
        try:
            return super()._get_key(request)
        except HttpError as exc:  # Ninja's refusal reads "CSRF check Failed": say it as the pages do
            if exc.status_code != 403:
                raise
            raise PermissionDenied(CSRF_MESSAGE, code="csrf_failed") from exc
