"""API authentication: a bearer token for apps, the session (with CSRF) for the browser.

niaga.api wires these into the one Ninja API and answers InvalidToken in its own words.
"""

from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from niaga.core.errors import PermissionDenied

from . import services
from .selectors import token_for

CSRF_MESSAGE = "Sesi halaman ini sudah berakhir. Muat ulang halaman, lalu coba lagi."


class InvalidToken(AuthenticationError):
    """A bearer token was sent and is unknown or revoked."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = token_for(token)
        if found is None:
            # An app that sent a token means it; falling through to the session would answer
            # a stale token with the browser's "CSRF check failed".
            raise InvalidToken()
        request.user = found.user
        services.note_token_use(token=found)
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
