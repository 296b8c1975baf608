"""Domain errors: raised by services, turned into 4xx answers by the API and the pages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the marketplace refused the request. Nothing was changed."""

    status = 400
    code = "invalid"
    headers: dict[str, str] = {}  # added to the API's answer (e.g. how long a proxy may keep it)

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The request was valid but the state moved on (sold out, already paid, ...)."""

    status = 409
    code = "conflict"


class GatewayUnavailable(DomainError):
    status = 503
    code = "gateway_unavailable"
