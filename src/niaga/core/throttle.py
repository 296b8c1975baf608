"""Protection under load: rate limits per IP and per account on the endpoints a crowd or a
bot hammers (login, cart, checkout, payment), answered with 429 and Retry-After.

Counters live in the cache (Redis when configured, so every app server counts together),
through django-ratelimit. A limit whose cache is down lets the request through (and says so
in the log): the database's own rules still hold, and buyers are not locked out by a cache
hiccup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django_ratelimit.core import get_usage

from . import clock, degraded


@dataclass(frozen=True)
class Rule:
    group: str
    prefixes: tuple[str, ...]
    per_ip: str
    per_account: str | None = None
    methods: tuple[str, ...] = ("POST", "PUT", "PATCH", "DELETE")


RULES = (
    Rule(
        "login",
        ("/masuk/", "/daftar/", "/admin/login/", "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/auth/register"),
        "20/m",
    ),
    Rule("cart", ("/keranjang/", "/api/v1/cart"), "120/m", "60/m"),
    Rule("checkout", ("/checkout/", "/api/v1/checkout", "/flash-sale/", "/api/v1/flash-sales/"), "60/m", "20/m"),
    Rule("payment", ("/pembayaran/", "/api/v1/payments/"), "60/m", "30/m"),
    # A page with a broken script reports on every view: enough to see it, not a flood in the log.
    Rule("csp-report", ("/csp-report",), "30/m"),
    # A password typed to delete an account, a data export asked for: no guessing, no flood.
    Rule("privacy", ("/akun/data-pribadi/", "/api/v1/me/delete", "/api/v1/me/data-export"), "20/m", "5/m"),
    # Faster than any person clicks: a script.
    Rule("burst", ("/",), "30/s", methods=("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")),
)
# Never limited: probes, static files, the gateway's and couriers' callbacks, the offline sandbox.
EXEMPT = (
    "/healthz",
    "/readyz",
    "/metrics",
    "/static/",
    "/media/",
    "/sandbox/",
    "/api/v1/payments/midtrans/notification",
)


def limited(path: str, method: str) -> bool:
    """Whether a request to `path` with `method` counts against a limit (and may get a 429)."""
    return not path.startswith(EXEMPT) and any(method in r.methods and path.startswith(r.prefixes) for r in RULES)


def _account(group, request) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else ""


class ThrottleMiddleware:
    """After authentication, so a limit can follow the account as well as the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RATELIMIT_ENABLE and not request.path.startswith(EXEMPT):
            for rule in RULES:
                if request.method in rule.methods and request.path.startswith(rule.prefixes):
                    try:
                        wait = self._exceeded(request, rule)
                    except degraded.REDIS_DOWN as exc:  # no counters: let it through, as the docstring promises
                        degraded.going_on_without("rate limits", exc, "requests are let through unlimited")
                        break
                    if wait:
                        return too_many(request, wait)
        return self.get_response(request)

    @staticmethod
    def _exceeded(request, rule: Rule) -> int:
        checks: list[tuple[str | Callable[..., str], str]] = [("ip", rule.per_ip)]
        if rule.per_account and _account(rule.group, request):
            checks.append((_account, rule.per_account))
        wait = 0
        for key, rate in checks:
            usage = get_usage(
                request, group=f"niaga.{rule.group}", key=key, rate=rate, method=list(rule.methods), increment=True
            )
            if usage and usage["should_limit"]:
                wait = max(wait, int(usage["time_left"]) or 1)
        return wait


def too_many(request, wait: int) -> HttpResponse:
    message = "Terlalu banyak permintaan. Coba lagi sebentar."
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "rate_limited", "message": message, "fields": {}}, status=429)
    else:
        response = HttpResponse(
            f"<!doctype html><meta charset=utf-8><title>Tunggu sebentar</title><p>{message}</p>", status=429
        )
    response["Retry-After"] = str(wait)
    return response


def once_per(key: str, seconds: int) -> int:
    """A per-object limit for a costly action ("Perbarui lacak"): 0 if it may run now (and the
    window starts), else how many seconds to wait. Shared by every app server through the
    cache; a cache that is down lets it through, as the limits above do."""
    now = int(clock.now().timestamp())
    try:
        if cache.add(f"niaga.once:{key}", now + seconds, seconds):
            return 0
        until = int(cache.get(f"niaga.once:{key}") or 0)
        if until <= now:  # the window is over by the clock (the cache may keep the key a little longer)
            cache.set(f"niaga.once:{key}", now + seconds, seconds)
            return 0
    except Exception:
        return 0
    return until - now
