"""API authentication: a bearer token for apps, the session (with CSRF) for the browser.

A token is checked against the scope its operation needs (accounts/scopes.py) on every call;
the session is not scope-limited.

niaga.api wires these into the one Ninja API and answers InvalidToken in its own words.
"""

from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from niaga.core.errors import PermissionDenied

from . import scopes, services
from .selectors import token_for

CSRF_MESSAGE = "Sesi halaman ini sudah berakhir. Muat ulang halaman, lalu coba lagi."


class InvalidToken(AuthenticationError):
    """A bearer token was sent and is unknown, expired or revoked."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = token_for(token)
        if found is None:
            # An app that sent a token means it; falling through to the session would answer
            # a stale token with the browser's "CSRF check failed".
            raise InvalidToken()
        need = scopes.required(request.method, request.path)
        if need == scopes.OPERATOR and not found.user.is_staff:
            pass  # not an operator: the view refuses them as it refuses anyone (a 404 that reveals nothing)
        elif not scopes.allows(found.scope_list, request.method, request.path):
            raise PermissionDenied(_refusal(need), code="scope_missing")
        request.user = found.user
        request.api_token = found  # what /auth/logout ends, and what POST /me/tokens may grant
        services.note_token_use(token=found)
        return found.user


def _refusal(need: str | None) -> str:
    if need in scopes.LABELS:
        return f'Token ini tidak punya izin "{scopes.LABELS[need]}" ({need}). Buat token baru dengan izin itu.'
    return "Tindakan ini tidak bisa dilakukan dengan token API; lakukan di situs setelah masuk."


class SessionAuth(NinjaSessionAuth):
    """Django's session; Ninja checks the CSRF token for unsafe methods."""

    def _get_key(self, request):
        try:
            return super()._get_key(request)
        except HttpError as exc:  # Ninja's refusal reads "CSRF check Failed": say it as the pages do
            if exc.status_code != 403:
                raise
            raise PermissionDenied(CSRF_MESSAGE, code="csrf_failed") from exc
