"""The Midtrans Core API endpoints under /sandbox/midtrans/. Thin: check, call a service, shape.

Every answer is JSON with a `status_code`; every refusal carries its Midtrans code in the
HTTP status too, so both kinds of client (HTTP-status or body-status) see it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from niaga.core import clock

from . import idempotency, protocol, services
from .charges import parse_charge
from .models import Transaction
from .protocol import ApiError

MAX_NOTIFICATION_URLS = 3


def _endpoint(method: str, *, idempotent: bool = False):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if not _authorized(request):
                    raise ApiError(401, "Unknown Merchant server_key/id")
                if request.method != method:
                    raise ApiError(405, f"Use {method} for this endpoint.")
                key = request.headers.get("Idempotency-Key") if idempotent else None
                if key is None:
                    return JsonResponse(view(request, *args, **kwargs))
                return JsonResponse(idempotency.run(key, lambda: view(request, *args, **kwargs)))
            except ApiError as exc:
                return JsonResponse(exc.body(), status=exc.code)

        return wrapper

    return decorator


def _authorized(request) -> bool:
    """`Authorization: Basic base64(SERVER_KEY + ":")`; the password part is ignored."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        user = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(user.encode(), settings.NIAGA_SANDBOX_SERVER_KEY.encode())


@_endpoint("POST", idempotent=True)
def charge(request) -> dict:
    req = parse_charge(request.body, now=clock.now())
    txn = services.create_charge(req, notification_urls=_notification_urls(request))
    body = protocol.transaction_body(txn, status_message=req.channel.charge_message)
    if req.channel.is_wallet:
        body["actions"] = _actions(request, txn)
    return body


@_endpoint("GET")
def status(request, ref: str) -> dict:
    txn = services.find(ref)
    body = protocol.transaction_body(txn, status_message=protocol.STATUS_FOUND)
    return protocol.signed(body, settings.NIAGA_SANDBOX_SERVER_KEY)


@_endpoint("POST", idempotent=True)
def cancel(request, ref: str) -> dict:
    return protocol.transaction_body(services.cancel(ref), status_message=protocol.CANCELED)


@_endpoint("POST", idempotent=True)
def expire(request, ref: str) -> dict:
    return protocol.transaction_body(services.expire(ref), status_message=protocol.EXPIRED)


def _notification_urls(request) -> list[str]:
    """Where this transaction's notifications go (Midtrans: override wins over append)."""
    override = request.headers.get("X-Override-Notification")
    if override is not None:
        return _url_list(override, "X-Override-Notification")
    default = [settings.NIAGA_SANDBOX_NOTIFICATION_URL] if settings.NIAGA_SANDBOX_NOTIFICATION_URL else []
    append = request.headers.get("X-Append-Notification")
    return default + (_url_list(append, "X-Append-Notification") if append is not None else [])


def _url_list(header: str, name: str) -> list[str]:
    urls = [u.strip() for u in header.split(",") if u.strip()]
    if not 0 < len(urls) <= MAX_NOTIFICATION_URLS:
        raise ApiError(413, f"{name} takes 1 to {MAX_NOTIFICATION_URLS} comma-separated URLs.")
    if not all(map(protocol.is_web_url, urls)):
        raise ApiError(413, f"{name} must hold http(s) URLs.")
    return urls


def _actions(request, txn: Transaction) -> list[dict]:
    """The links a wallet charge answers with; they lead to the sandbox's own pages."""

    def link(name: str, method: str, view: str, **kwargs) -> dict:
        url = request.build_absolute_uri(reverse(f"sandbox:{view}", kwargs=kwargs))
        return {"name": name, "method": method, "url": url}

    tid = txn.transaction_id
    deeplink = link("deeplink-redirect", "GET", "ewallet", transaction_id=tid)
    if txn.channel == "shopeepay":
        return [deeplink]
    return [
        link("generate-qr-code", "GET", "ewallet-qr", transaction_id=tid),
        deeplink,
        link("get-status", "GET", "midtrans-status", ref=str(tid)),
        link("cancel", "POST", "midtrans-cancel", ref=str(tid)),
    ]
