"""The Midtrans Core API endpoints under /sandbox/midtrans/, and the fault switchboard's JSON
twin at /sandbox/faults. Thin: check, call a service, shape.

Every answer is JSON with a `status_code`; every refusal carries its Midtrans code in the
HTTP status too, so both kinds of client (HTTP-status or body-status) see it. A successful
`/expire` answers `status_code` 407 with HTTP 200, as Midtrans does (the official client
treats a 407 body as success). All need the server key except `GET /v2/token` and
`GET /v2/card/register`, which the buyer's browser calls with the client key.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import uuid
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from niaga.core import clock, jsonbody

from . import cards, faults, idempotency, protocol, services
from .charges import parse_capture, parse_charge, parse_refund
from .models import Transaction
from .protocol import ApiError, Kind, Status

MAX_NOTIFICATION_URLS = 3


def _endpoint(*methods: str, idempotent: bool = False, server_key: bool = True):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if server_key and not _authorized(request):
                    raise ApiError(401, "Unknown Merchant server_key/id")
                if request.method not in methods:
                    raise ApiError(405, f"Use {' or '.join(methods)} for this endpoint.")
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
    if faults.take_charge_503():
        raise ApiError(503, "Midtrans is temporarily unavailable. Please retry later. (sandbox fault charge_503)")
    req = parse_charge(request.body, now=clock.now())
    txn = services.create_charge(req, notification_urls=_notification_urls(request))
    body = protocol.transaction_body(txn, status_message=_charge_message(txn, req.channel))
    kind = req.channel.kind
    if kind == Kind.WALLET:
        body["actions"] = _actions(request, txn)
    elif kind == Kind.QRIS:
        body["qr_string"] = txn.method_data["qr_string"]
        body["actions"] = [_link(request, "generate-qr-code", "GET", "qris-qr", transaction_id=txn.transaction_id)]
    elif kind == Kind.CARD and txn.status == Status.PENDING:
        body["redirect_url"] = _url(request, "card-3ds", transaction_id=txn.transaction_id)
    elif kind == Kind.PAYLATER:
        body["redirect_url"] = _url(request, "paylater", transaction_id=txn.transaction_id)
    return body


def _charge_message(txn: Transaction, channel: protocol.Channel) -> str:
    if channel.kind != Kind.CARD:
        return channel.charge_message
    if txn.status == Status.PENDING:
        return protocol.CARD_3DS
    if txn.fraud_status == "deny":
        return protocol.DENIED_BY_FRAUD
    if txn.fraud_status == "challenge":
        return protocol.CHALLENGED
    if txn.status == Status.DENY:
        bank = txn.method_data.get("bank", "").upper()
        return f"Deny by Bank [{bank}] with code [05] and message [Do not honor]"
    if txn.status == Status.FAILURE:
        return protocol.CARD_FAILURE
    return channel.charge_message


def _open_to_browsers(view):
    """The token call comes from the shop's page in the buyer's browser, on another origin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


@_open_to_browsers
@_endpoint("GET", server_key=False)
def card_token(request) -> dict:
    """`GET /v2/token`: called from the buyer's browser with the client key, not the server key."""
    cards.check_client_key(request.GET.get("client_key"))
    token = cards.create_token(cards.parse_card(request.GET))
    return {"status_code": "200", "status_message": cards.TOKEN_MESSAGE, "token_id": token.token_id}


@_open_to_browsers
@_endpoint("GET", server_key=False)
def card_register(request) -> dict:
    """`GET /v2/card/register`: save a card for one-click charges (a reusable saved_token_id)."""
    cards.check_client_key(request.GET.get("client_key"))
    token = cards.create_token(cards.parse_card(request.GET), saved=True)
    return {
        "status_code": "200",
        "status_message": cards.REGISTER_MESSAGE,
        "saved_token_id": token.token_id,
        "transaction_id": str(uuid.uuid4()),
        "masked_card": token.masked_card,
    }


@_endpoint("GET")
def point_inquiry(request, token_id: str) -> dict:
    """`GET /v2/point_inquiry/{token_id}`: the card's reward points, in Rupiah."""
    cards.find_usable(token_id)
    return {
        "status_code": "200",
        "status_message": cards.POINT_MESSAGE,
        "transaction_time": protocol.wib_text(clock.now()),
        "point_balance_amount": protocol.amount_text(cards.POINT_BALANCE),
    }


@_endpoint("POST", idempotent=True)
def refund(request, ref: str) -> dict:
    """`/v2/{id}/refund` and `/v2/{id}/refund/online/direct`: the same rules, answered at once."""
    return services.refund(ref, parse_refund(request.body))


@_endpoint("POST", idempotent=True)
def capture(request) -> dict:
    txn = services.capture(parse_capture(request.body))
    return protocol.transaction_body(txn, status_message=protocol.CAPTURED)


@_endpoint("POST", idempotent=True)
def approve(request, ref: str) -> dict:
    return protocol.transaction_body(services.approve(ref), status_message=protocol.APPROVED)


@_endpoint("POST", idempotent=True)
def deny(request, ref: str) -> dict:
    return protocol.transaction_body(services.deny_challenged(ref), status_message=protocol.DENIED, code="200")


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


@csrf_exempt
def unknown(request, rest: str = "") -> JsonResponse:
    """Any other path under the Core API's base URL: a JSON 404, as an API answers."""
    body = {"status_code": "404", "status_message": "The requested resource is not found"}
    return JsonResponse(body, status=404)


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
        raise ApiError(400, f"{name} takes 1 to {MAX_NOTIFICATION_URLS} comma-separated URLs.")
    if not all(map(protocol.is_web_url, urls)):
        raise ApiError(400, f"{name} must hold http(s) URLs.")
    return urls


def _url(request, view: str, **kwargs) -> str:
    path = reverse(f"sandbox:{view}", kwargs=kwargs)
    return (
        settings.NIAGA_SANDBOX_PAGES_URL + path
        if settings.NIAGA_SANDBOX_PAGES_URL
        else request.build_absolute_uri(path)
    )


def _link(request, name: str, method: str, view: str, **kwargs) -> dict:
    return {"name": name, "method": method, "url": _url(request, view, **kwargs)}


def _actions(request, txn: Transaction) -> list[dict]:
    """The links a wallet charge answers with; they lead to the sandbox's own pages."""

    def link(name: str, method: str, view: str, **kwargs) -> dict:
        return _link(request, name, method, view, **kwargs)

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


@_endpoint("GET", "POST", "DELETE")
def fault_switchboard(request) -> dict:
    """`/sandbox/faults`: GET reads, POST sets some switches (JSON object), DELETE clears all."""
    if request.method == "POST":
        try:
            changes = jsonbody.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ApiError(413, "The request body must be a JSON object of fault switches.") from None
        board = faults.update(changes)
    elif request.method == "DELETE":
        board = faults.clear()
    else:
        board = faults.as_dict()
    return {"status_code": "200", "status_message": "OK, sandbox faults", "faults": board}
