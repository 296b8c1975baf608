"""Protection under load: rate limits on the endpoints a crowd or a bot hammers (login, cart,
checkout, payment), answered with 429 and Retry-After.

A signed-in request (a session, or an API token: its account) counts against its account's
own limits; its address only against a ceiling sized for a class (NIAGA_CLASS_SIZE accounts
at their own rate), since a class of students presses together from one campus address. An
anonymous request counts per address, as before. Sign-in and registration count per address
only, sized for a class signing in at once; guessing is the lockout's (accounts/lockout.py),
which counts failures.

Counters live in the cache (Redis when configured, so every app server counts together),
through django-ratelimit. A limit whose cache is down lets the request through (and says so
in the log): the database's own rules still hold, and buyers are not locked out by a cache
hiccup.
"""

from __future__ import annotations

import hashlib
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
    per_ip: str  # an anonymous request, per address
    per_account: str | None = None  # a signed-in one, per account; None: per address only, signed in or not
    methods: tuple[str, ...] = ("POST", "PUT", "PATCH", "DELETE")
    # Per address only: each of a class's members may do this many, so the address's limit is
    # the larger of per_ip and NIAGA_CLASS_SIZE times this.
    per_member: str | None = None


RULES = (
    Rule(
        "login",
        ("/masuk/", "/daftar/", "/admin/login/", "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/auth/register"),
        "20/m",
        per_member="2/m",
    ),
    Rule("cart", ("/keranjang/", "/api/v1/cart"), "120/m", "60/m"),
    Rule("checkout", ("/checkout/", "/api/v1/checkout", "/flash-sale/", "/api/v1/flash-sales/"), "60/m", "20/m"),
    Rule("payment", ("/pembayaran/", "/api/v1/payments/"), "60/m", "30/m"),
    # A page with a broken script reports on every view: enough to see it, not a flood in the log.
    Rule("csp-report", ("/csp-report",), "30/m"),
    # A password typed to delete an account, a data export asked for: no guessing, no flood.
    Rule("privacy", ("/akun/data-pribadi/", "/api/v1/me/delete", "/api/v1/me/data-export"), "20/m", "5/m"),
    # Faster than any person clicks: a script.
    Rule("burst", ("/",), "30/s", "30/s", methods=("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")),
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

# Who a bearer token belongs to (a user's pk, or None): accounts fills it in at start-up, since
# the API resolves tokens only inside its views, after this middleware.
token_owner: Callable[[str], int | None] | None = None
TOKEN_SECONDS = 60  # a revoked token keeps its account's counters this long; the API refuses it at once


def limited(path: str, method: str) -> bool:
    """Whether a request to `path` with `method` counts against a limit (and may get a 429)."""
    return not path.startswith(EXEMPT) and any(method in r.methods and path.startswith(r.prefixes) for r in RULES)


def times(rate: str, n: int) -> str:
    """`rate` for n at once: "30/s" × 60 = "1800/s"."""
    count, period = rate.split("/", 1)
    return f"{int(count) * max(n, 1)}/{period}"


def address_limit(rule: Rule) -> str:
    """An anonymous request's limit per address (sign-in's sized for a class)."""
    if rule.per_member is None:
        return rule.per_ip
    sized = times(rule.per_member, settings.NIAGA_CLASS_SIZE)
    return max(rule.per_ip, sized, key=lambda rate: int(rate.split("/", 1)[0]))


def account_of(request) -> str:
    """ "user:<pk>" for a signed-in request (by session or by a live API token), else ""."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token_owner is None or not header[:7].lower() == "bearer ":
        return ""
    key = header[7:].strip()
    if not key:
        return ""
    cached = f"niaga.throttle.token:{hashlib.sha256(key.encode()).hexdigest()}"
    owner = cache.get(cached)
    if owner is None:
        owner = token_owner(key) or 0  # an unknown token is anonymous, and counts per address
        cache.set(cached, owner, TOKEN_SECONDS)
    return f"user:{owner}" if owner else ""


class ThrottleMiddleware:
    """After authentication, so a limit can follow the account rather than the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RATELIMIT_ENABLE and not request.path.startswith(EXEMPT):
            account: str | None = None  # looked up once, for the first rule that needs it
            for rule in RULES:
                if request.method in rule.methods and request.path.startswith(rule.prefixes):
                    try:
                        if account is None and rule.per_account:
                            account = account_of(request)
                        wait = self._exceeded(request, rule, account or "")
                    except degraded.REDIS_DOWN as exc:  # no counters: let it through, as the docstring promises
                        degraded.going_on_without("rate limits", exc, "requests are let through unlimited")
                        break
                    if wait:
                        return too_many(request, wait)
                    if rule.per_member:  # sized for a class pressing at once: the burst is not for it
                        break
        return self.get_response(request)

    @staticmethod
    def _exceeded(request, rule: Rule, account: str) -> int:
        group = f"niaga.{rule.group}"
        checks: list[tuple[str, str | Callable[..., str], str]]
        if rule.per_account and account:
            # The account at its own rate; its address only at a class's.
            checks = [
                (group, lambda _group, _request: account, rule.per_account),
                (f"{group}.class", "ip", times(rule.per_account, settings.NIAGA_CLASS_SIZE)),
            ]
        else:
            checks = [(group, "ip", address_limit(rule))]
        wait = 0
        for name, key, rate in checks:
            usage = get_usage(request, group=name, key=key, rate=rate, method=list(rule.methods), increment=True)
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
