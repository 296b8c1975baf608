"""A shared cache for what anonymous visitors read: catalogue pages and API reads.

A response is kept (Redis when configured, so every app server shares it) only when it is
the same for every anonymous visitor: a GET from someone with no session and no token,
answered 200 without setting a cookie or using a CSRF token. It carries an ETag and
`Cache-Control: public` so a CDN can keep it too. Any change to products, prices,
categories, stores, campaigns or stock set by a seller bumps one generation number and so
retires every kept page at once; units sold show up within NIAGA_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

CACHED_PREFIXES = ("/kategori/", "/cari/", "/p/", "/toko/", "/api/v1/products", "/api/v1/categories")
GENERATION = "pagecache:generation"
# Each process reads the generation at most every 50 ms: a cache hit then costs one Redis
# round trip instead of two, and a change reaches every process within 50 ms.
GENERATION_SECONDS = 0.05
_generation: tuple[float, int] = (0.0, 0)  # (valid until, value); replaced whole, so thread-safe


def bump() -> None:
    """The catalogue changed: every kept page is stale."""
    global _generation
    _generation = (0.0, 0)  # this process sees its own change at once
    try:
        cache.add(GENERATION, 0, None)
        cache.incr(GENERATION)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the seller's save; pages expire anyway
        pass


def _current_generation() -> int:
    global _generation
    until, value = _generation
    now = time.monotonic()
    if now >= until:
        value = cache.get(GENERATION, 0)
        _generation = (now + GENERATION_SECONDS, value)
    return value


def _cacheable_request(request) -> bool:
    return (
        settings.NIAGA_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and (request.path == "/" or request.path.startswith(CACHED_PREFIXES))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = f"page:{_current_generation()}:{request.get_full_path()}"
            kept = cache.get(key)
        except Exception:  # noqa: BLE001 - no cache, no shortcut: render as usual
            return self.get_response(request)
        if kept is not None:
            return _answer(request, *kept)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(response, "streaming", False)
        ):
            etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            try:
                cache.set(key, (response.content, response["Content-Type"], etag), settings.NIAGA_PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                pass
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={settings.NIAGA_PAGE_CACHE_SECONDS}"
        return response


def _answer(request, content: bytes, content_type: str, etag: str) -> HttpResponse:
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.NIAGA_PAGE_CACHE_SECONDS}"
    response["X-Cache"] = "hit"
    return response
