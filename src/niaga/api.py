"""The HTTP API under /api/v1/: one Ninja API, one router per app, wired here (this module,
like urls.py, sits above every app and may import any of them).

Errors always have the same shape: {"code": ..., "message": ..., "fields": {...}}.
"""

import logging

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from niaga.accounts.api import router as accounts
from niaga.accounts.auth import InvalidToken, SessionAuth, TokenAuth
from niaga.aftersales.api import router as aftersales
from niaga.cart.api import router as cart
from niaga.catalog.api import router as catalog
from niaga.chat.api import router as chat
from niaga.checkout.api import router as checkout
from niaga.core import jsonbody
from niaga.core.errors import DomainError
from niaga.fulfillment.api import router as fulfillment
from niaga.imports.api import router as imports
from niaga.inventory.api import router as inventory
from niaga.inventory.stock_api import router as inventory_stock
from niaga.notifications.api import router as notifications
from niaga.openapi import NiagaAPI
from niaga.orders.api import router as orders
from niaga.payments.api import router as payments
from niaga.privacy.api import router as privacy
from niaga.promotions.api import router as promotions
from niaga.purchasing.api import router as purchasing
from niaga.reports.api import router as reports
from niaga.reputation.api import router as reputation
from niaga.reviews.api import router as reviews
from niaga.shipping.api import router as shipping
from niaga.stores.api import router as stores
from niaga.tax.api import router as tax

log = logging.getLogger(__name__)


class BoundedParser(Parser):
    """Request bodies through core's bounded reader: too deep or too large is a 4xx, never a
    RecursionError."""

    def parse_body(self, request):
        return jsonbody.read(request)


api = NiagaAPI(
    title="Niaga API",
    version="1",
    description="Marketplace API. Authenticate with a session cookie (+ CSRF token) or `Authorization: Bearer <token>` from POST /auth/token.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    parser=BoundedParser(),
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
        loc = [
            str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form", "file", "payload", "data")
        ]
        fields[".".join(loc) or "body"] = err.get("msg", "Tidak valid.")
    return error(request, 422, "validation_error", "Data yang dikirim tidak valid.", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    if isinstance(exc, InvalidToken):
        return error(request, 401, "invalid_token", "Token tidak dikenal atau sudah dicabut. Buat token baru.")
    return error(request, 401, "unauthorized", "Silakan masuk terlebih dahulu.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):  # Ninja wraps what the parser refused
        return on_domain_error(request, exc.__cause__)
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", "Tidak ditemukan.")


for router in (
    accounts,
    catalog,
    inventory,
    stores,
    cart,
    checkout,
    orders,
    payments,
    shipping,
    fulfillment,
    promotions,
    notifications,
    aftersales,
    reviews,
    chat,
    reputation,
    privacy,
    purchasing,
    tax,
    reports,
    imports,
    inventory_stock,
):
    api.add_router("", router)
