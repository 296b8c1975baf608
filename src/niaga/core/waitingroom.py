"""The waiting room: when more buyers reach checkout than the configured rate lets in,
they queue in arrival order and see their place, instead of the site slowing for all.

Each visitor takes a ticket on arrival. Tickets are let in strictly in order, at most
NIAGA_WAITING_ROOM_PER_MINUTE per minute; a visitor let in stays in for a while. Counters
live in the cache (Redis when configured: one queue for every app server). Off when 0. With
the cache unreachable there is no queue to keep: everyone is let in, and the log says so.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse

from . import clock, degraded

PROTECTED = ("/checkout/", "/api/v1/checkout", "/api/v1/flash-sales/items/")
ADMITTED_SECONDS = 15 * 60


def protects(path: str) -> bool:
    """Whether a request to `path` may be held in the waiting room (a 503)."""
    return path.startswith(PROTECTED) or (path.startswith("/flash-sale/") and "/beli/" in path)


def visitor(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"s{request.session.session_key}"


def enter(who: str, *, per_minute: int) -> tuple[bool, int]:
    """(let in, place in the queue). Safe with many app servers: every step is a cache incr."""
    if cache.get(f"wr:in:{who}"):
        return True, 0
    ticket = cache.get(f"wr:ticket:{who}")
    if ticket is None:
        cache.add("wr:next", 0, None)
        ticket = cache.incr("wr:next")
        cache.set(f"wr:ticket:{who}", ticket, 3600)
    cache.add("wr:served", 0, None)
    served = cache.get("wr:served", 0)
    minute = int(clock.now().timestamp() // 60)
    budget = f"wr:budget:{minute}"
    cache.add(budget, 0, 120)
    while served < ticket:  # let the queue in, in order, as far as this minute allows
        if cache.incr(budget) > per_minute:
            break
        served = cache.incr("wr:served")
    if ticket <= served:
        cache.set(f"wr:in:{who}", 1, ADMITTED_SECONDS)
        cache.delete(f"wr:ticket:{who}")
        return True, 0
    return False, ticket - served


class WaitingRoomMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        per_minute = settings.NIAGA_WAITING_ROOM_PER_MINUTE
        if per_minute > 0 and protects(request.path):
            try:
                admitted, place = enter(visitor(request), per_minute=per_minute)
            except degraded.REDIS_DOWN as exc:  # no tickets to keep: let the buyer in
                degraded.going_on_without("waiting room", exc, "buyers are let into checkout without queueing")
                admitted, place = True, 0
            if not admitted:
                return waiting(request, place)
        return self.get_response(request)


def waiting(request, place: int) -> HttpResponse:
    message = f"Antrean ramai. Posisimu ke-{place}; halaman ini masuk sendiri saat giliranmu tiba."
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "waiting_room", "message": message, "fields": {}, "position": place}, status=503
        )
    else:
        response = HttpResponse(
            "<!doctype html><html lang=id><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            "<meta http-equiv=refresh content=5><title>Antrean — Niaga</title>"
            f"<link rel=stylesheet href={settings.STATIC_URL}niaga/plain.css>"  # no inline style: the CSP
            f"<body><main><h1>Sedang antre</h1>"
            f"<p id=place>Posisimu ke-<strong>{place}</strong></p><p>{message}</p></main></body></html>",
            status=503,
        )
    response["Retry-After"] = "5"
    return response
