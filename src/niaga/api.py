"""The HTTP API under /api/v1/: one Ninja API, one router per app.

Errors always have the same shape: {"code": ..., "message": ..., "fields": {...}}.
"""

import logging
from http.client import responses

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from niaga.core import throttle, waitingroom
from niaga.core.api_auth import InvalidToken, SessionAuth, TokenAuth
from niaga.core.errors import DomainError
from niaga.core.schemas import Error

log = logging.getLogger(__name__)


def shared_errors(path: str, method: str, operation: dict) -> dict[int, str]:
    """The error answers an operation gives whatever its view does, from the layers around it."""
    errors = {400: "Permintaan tidak dapat dibaca (JSON rusak, karakter NUL) atau ditolak aturan."}
    if operation.get("security"):
        errors[401] = "Belum masuk, atau token tidak dikenal (`unauthorized`, `invalid_token`)."
        errors[403] = "Tidak diizinkan, atau token CSRF sesi tidak valid (`forbidden`, `csrf_failed`)."
    if "{" in path:
        errors[404] = "Tidak ditemukan (atau bukan milik pengguna ini)."
    if operation.get("parameters") or operation.get("requestBody"):
        errors[422] = "Data yang dikirim tidak valid; `fields` menyebut yang salah."
    if throttle.limited(path, method.upper()):
        errors[429] = "Terlalu banyak permintaan; coba lagi setelah `Retry-After` detik."
    if waitingroom.protects(path):
        errors[503] = "Antrean ramai (ruang tunggu); coba lagi setelah `Retry-After` detik."
    return errors


RETRY_AFTER = {"Retry-After": {"description": "Detik sebelum mencoba lagi.", "schema": {"type": "integer"}, "required": True}}


class Document(OpenAPISchema):
    """Ninja's document, plus the error answers shared by many operations (shared_errors)."""

    def get_paths(self) -> dict:
        paths = super().get_paths()
        self.add_schema_definitions({"Error": Error.model_json_schema(mode="serialization")})
        error = {"$ref": "#/components/schemas/Error"}
        for path, operations in paths.items():
            for method, operation in operations.items():
                answers = operation["responses"]
                for status, description in shared_errors(path, method, operation).items():
                    answer = answers.setdefault(status, {"description": responses[status]})
                    answer["description"] = description
                    answer.setdefault("content", {"application/json": {"schema": error}})
                    if status in (429, 503):
                        answer["headers"] = RETRY_AFTER
        return paths


class NiagaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Document(self, path_prefix)


api = NiagaAPI(
    title="Niaga API",
    version="1",
    description="Marketplace API. Authenticate with a session cookie (+ CSRF token) or `Authorization: Bearer <token>` from POST /auth/token.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)


def error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    response = error(request, exc.status, exc.code, exc.message, exc.fields)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form", "file", "payload", "data")]
        fields[".".join(loc) or "body"] = err.get("msg", "Tidak valid.")
    return error(request, 422, "validation_error", "Data yang dikirim tidak valid.", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    if isinstance(exc, InvalidToken):
        return error(request, 401, "invalid_token", "Token tidak dikenal atau sudah dicabut. Buat token baru.")
    return error(request, 401, "unauthorized", "Silakan masuk terlebih dahulu.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", "Tidak ditemukan.")


def _mount():
    from niaga.accounts.api import router as accounts
    from niaga.cart.api import router as cart
    from niaga.catalog.api import router as catalog
    from niaga.checkout.api import router as checkout
    from niaga.fulfillment.api import router as fulfillment
    from niaga.notifications.api import router as notifications
    from niaga.orders.api import router as orders
    from niaga.payments.api import router as payments
    from niaga.promotions.api import router as promotions
    from niaga.shipping.api import router as shipping
    from niaga.stores.api import router as stores

    for router in (accounts, catalog, stores, cart, checkout, orders, payments, shipping, fulfillment, promotions, notifications):
        api.add_router("", router)


_mount()
