"""A shared cache for what anonymous visitors read: catalogue pages and API reads.

It sits in front of Django as a WSGI layer (niaga.wsgi), the way a micro-caching proxy
would: a kept page is answered without building a request, running the middleware or
resolving a URL, which is most of what a hit used to cost. What it keeps and for whom:

- only a GET or HEAD from someone with no session, no language choice, no pending message
  and no token, to the catalogue's paths;
- only a 200 that sets no cookie (a page that used a CSRF token sets one) and is not streamed;
- under a key of the language Django would pick from Accept-Language, the scheme, the host
  and the full path, so an English page never reaches an Indonesian visitor and a request
  for a host Django refuses is never answered from the cache.

Pages are kept twice: in the shared cache (Redis when configured, so every app server
shares them) and, for the hottest, in each process's memory, so a hit at the peak makes no
round trip at all. Both copies expire at the same moment and both are retired by the same
numbers, which every process learns of within 50 ms.

Each kept page carries an ETag and `Cache-Control: public` so a CDN can keep it too. A
seller's change to a product retires that product's page, its store's page and the listings,
never another product's page; a change to categories, stores or campaigns retires every kept
page (generations.py). Units sold show up within NIAGA_PAGE_CACHE_SECONDS.

What a page shows that changes with no seller's edit (a product page's units on the shelf,
its flash offer's units left, a sale starting on the clock) is named by a mark. The view
hands it with its response (`response.page_mark`), read with the data it rendered, and it is
kept with the page; when the page's seconds are up the mark is asked again through the
function the app registers for those paths (`mark_pages`, a small query) and the page is
kept for another while if it has not moved. At the peak most of a thousand products sell
nothing in half a minute, and every one of their pages used to be rendered again anyway.
While the mark cannot be read (the database unreachable), a due page is answered as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from django.utils.http import parse_http_date_safe
from django.utils.translation import trans_real

from . import degraded, generations, metrics
from .compress import TEXT as COMPRESSIBLE
from .contentpolicy import renew_nonce
from .requestlog import safe_request_id

CACHED_PREFIXES = ("/kategori/", "/cari/", "/p/", "/toko/", "/api/v1/products", "/api/v1/categories")
# Headers that belong to one answer, never to the kept page.
_NOT_KEPT = {"set-cookie", "x-request-id", "date", "etag", "cache-control", "x-cache"}


log = logging.getLogger(__name__)
UNREADABLE_RETRY_SECONDS = 5


class Kept(NamedTuple):
    """A kept page: answered as it is until `fresh_until`; then, if it has a mark, asked again
    until `kept_until` (wall-clock seconds)."""

    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    fresh_until: float
    mark: str | None
    kept_until: float
    gzipped: bytes = b""  # compressed once when kept, for the many visitors that accept it


_memory_lock = threading.Lock()
_marks: dict[str, Callable[[str], str | None]] = {}


def mark_pages(prefix: str, mark: Callable[[str], str | None]) -> None:
    """Pages under `prefix` show something no retiring change covers: `mark(path)` names its
    state now in a few bytes (None: the page has no mark and is rendered again when due). Their
    view hands the same mark, of what it rendered, as `response.page_mark`; a page rendered
    without one is kept for its seconds only."""
    _marks[prefix] = mark


_visits: dict[str, Callable[[str, dict], None]] = {}


def count_visits(prefix: str, counter: Callable[[str, dict], None]) -> None:
    """Tell `counter(path, environ)` of every request under `prefix`, answered from the cache
    or rendered (an app's view counter). It must be cheap; whatever it raises is ignored."""
    _visits[prefix] = counter


def _tell_visit(path: str, environ) -> None:
    for prefix, counter in _visits.items():
        if path.startswith(prefix):
            try:
                counter(path, environ)
            except Exception:
                log.exception("visit counter for %s failed", prefix)


def _mark_of(path: str) -> str | None:
    """The page's mark, read with a request's connection care (the query runs before Django);
    raises what the read raised (the database unreachable)."""
    mark = next((m for prefix, m in _marks.items() if path.startswith(prefix)), None)
    if mark is None:
        return None
    request_started.send(sender=PageCache)
    try:
        return mark(path)
    finally:
        request_finished.send(sender=PageCache)


@lru_cache(maxsize=1)
def _memory() -> LRUCache:
    """This process's copies, least recently used first out, within a byte budget."""
    return LRUCache(maxsize=settings.NIAGA_PAGE_CACHE_MEMORY_MB * 1024 * 1024, getsizeof=_size)


def _size(kept: Kept) -> int:
    return len(kept.content) + len(kept.gzipped) + 1024


def forget() -> None:
    """Drop this process's copies and what it knows of the numbers (tests; the shared ones
    are cleared with the cache)."""
    with _memory_lock:
        _memory().clear()
    generations.start_over()


def _recall(key: str, *, due: bool = False) -> Kept | None:
    """The kept page from memory, else from the shared cache; or None. With `due`, also a page
    whose time is up but which has a mark to ask again."""
    now = _wall()
    with _memory_lock:
        kept = _memory().get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is None:
            return None
        if not isinstance(kept, Kept):
            return None  # kept by an earlier release in another shape: render it again
        _remember(key, kept)
    return kept if kept.fresh_until > now or (due and kept.mark is not None and kept.kept_until > now) else None


def _keep(key: str, kept: Kept) -> None:
    """Both copies; a page with a mark outlives its seconds in the shared cache, to be asked again."""
    try:
        cache.set(key, kept, max(1, round(kept.kept_until - _wall())))
    except Exception:
        pass
    _remember(key, kept)


def _renewed(key: str, kept: Kept, path: str) -> Kept | None:
    """A due page kept for another while if its mark has not moved; else None (render it)."""
    try:
        shared = cache.get(key)  # another app server may have asked already
    except Exception:
        shared = None
    if isinstance(shared, Kept) and shared.fresh_until > _wall():
        _remember(key, shared)
        return shared
    try:
        mark = _mark_of(path)
    except Exception as exc:
        # The database cannot be asked: the page as it is (units as of its last look) rather
        # than an error, asked again in a few seconds, and never past its keep.
        _warn_unreadable(exc)
        kept = kept._replace(fresh_until=min(_wall() + UNREADABLE_RETRY_SECONDS, kept.kept_until))
        _remember(key, kept)
        return kept
    if mark is None or mark != kept.mark:
        return None
    kept = kept._replace(fresh_until=min(_wall() + settings.NIAGA_PAGE_CACHE_SECONDS, kept.kept_until))
    _keep(key, kept)
    return kept


_warned_at = 0.0


def _warn_unreadable(exc: Exception) -> None:
    """Once per UNREADABLE_RETRY_SECONDS per process: an outage must not become a flood of lines."""
    global _warned_at
    if time.monotonic() - _warned_at >= UNREADABLE_RETRY_SECONDS:
        _warned_at = time.monotonic()
        log.warning("page marks unreadable, kept pages answered as they are: %s", exc)


def _wall() -> float:
    return time.time()


def _remember(key: str, kept: Kept) -> None:
    if _size(kept) <= _memory().maxsize:
        with _memory_lock:
            _memory()[key] = kept


def product_slugs(path: str) -> tuple[str, str] | None:
    """(store slug, product slug) of a product page's path, /p/<store>/<product>/; else None."""
    parts = path.split("/")  # "", "p", store, product, ""
    if parts[1:2] == ["p"] and len(parts) >= 4 and parts[2] and parts[3]:
        return parts[2], parts[3]
    return None


def _scope(path: str) -> str:
    """Which scope's number, besides the catalogue's, retires this page (see generations.py)."""
    if slugs := product_slugs(path):
        return f"{generations.PRODUCT}{slugs[0]}/{slugs[1]}"
    parts = path.split("/")  # "", "toko", store, ""
    if parts[1:2] == ["toko"] and len(parts) >= 3 and parts[2]:
        return generations.STORE + parts[2]
    return generations.LISTINGS


@lru_cache(maxsize=512)
def _language(accept_language: str) -> str:
    """What LocaleMiddleware would pick for a visitor without a language cookie."""
    for code, _ in trans_real.parse_accept_lang_header(accept_language):
        if code == "*":
            break
        try:
            return trans_real.get_supported_language_variant(code)
        except LookupError:
            continue
    return trans_real.get_supported_language_variant(settings.LANGUAGE_CODE)


@lru_cache(maxsize=1)
def _personal_cookies() -> tuple[str, ...]:
    return (f"{settings.SESSION_COOKIE_NAME}=", f"{settings.LANGUAGE_COOKIE_NAME}=", "messages=")


def _key(environ) -> str | None:
    """The kept page's key, or None when this request must reach Django."""
    if settings.NIAGA_PAGE_CACHE_SECONDS <= 0 or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if not (path == "/" or path.startswith(CACHED_PREFIXES)) or "HTTP_AUTHORIZATION" in environ:
        return None
    cookies = environ.get("HTTP_COOKIE", "")
    if cookies and any(name in cookies for name in _personal_cookies()):
        return None  # a false match only costs a render
    scheme = environ.get("wsgi.url_scheme", "http")
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy and environ.get(proxy[0]) == proxy[1]:
        scheme = "https"
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    url = f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}{path}?{environ.get('QUERY_STRING', '')}"
    digest = hashlib.md5(url.encode("latin-1", "replace"), usedforsecurity=False).hexdigest()
    return f"page:{_language(environ.get('HTTP_ACCEPT_LANGUAGE', ''))}:{digest}"


class PageCache:
    """WSGI middleware around Django's application: answer kept pages, keep new ones."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        if _visits:
            _tell_visit(path, environ)
        try:
            key = _key(environ)
            if key is not None:
                key = f"{key}:{generations.numbers_for(_scope(path))}"
                kept = _recall(key, due=True)
            else:
                kept = None
        except Exception as exc:
            if isinstance(exc, degraded.REDIS_DOWN):
                degraded.going_on_without("page cache", exc, "pages are rendered for every visitor")
            return self.app(environ, start_response)
        if key is None:
            return self.app(environ, start_response)
        if kept is not None and kept.fresh_until <= _wall():
            kept = _renewed(key, kept, path)
        if kept is not None:
            return _answer(environ, start_response, kept, started)
        claimed = _claim(key)
        if not claimed:
            kept = _wait_for(key)
            if kept is not None:
                return _answer(environ, start_response, kept, started)
        try:
            # Django renders plain bytes for the page cache, which compresses them once
            # (Django's own compression is for the pages nobody keeps: core/compress.py).
            plain = {k: v for k, v in environ.items() if k != "HTTP_ACCEPT_ENCODING"}
            return self._render_and_keep(plain, start_response, key, accepts=environ.get("HTTP_ACCEPT_ENCODING", ""))
        finally:
            if claimed:
                _unclaim(key)

    def _render_and_keep(self, environ, start_response, key: str, *, accepts: str = ""):
        answer = {}

        def hold(status, headers, exc_info=None):
            answer["status"], answer["headers"], answer["exc_info"] = status, headers, exc_info
            return _no_write

        result = self.app(environ, hold)
        status, headers = answer["status"], answer["headers"]
        if (
            status.startswith("200 ")
            and isinstance(result, HttpResponse)  # not streamed, not a file
            and not any(name.lower() == "set-cookie" or _not_shared(name, value) for name, value in headers)
        ):
            content = result.content
            mark = getattr(result, "page_mark", None)  # read by the view with what it rendered
            etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
            now, kept_headers = _wall(), [(n, v) for n, v in headers if n.lower() not in _NOT_KEPT]
            fresh = now + settings.NIAGA_PAGE_CACHE_SECONDS
            kept_until = max(fresh, now + settings.NIAGA_PAGE_KEEP_SECONDS) if mark is not None else fresh
            # A page that changes on the clock (a flash sale starting or ending) says when in
            # `Expires`: no copy is answered past it, here or by a CDN.
            expires = _expires(headers)
            if expires is not None:
                fresh, kept_until = min(fresh, expires), min(kept_until, expires)
            headers = [(n, v) for n, v in headers if n.lower() not in ("etag", "cache-control")]
            if kept_until > now:
                kept = Kept(content, kept_headers, etag, fresh, mark, kept_until, _compressed(content, kept_headers))
                _keep(key, kept)
                headers, body, etag = _encoded(headers, kept, accepts)
                headers += [("ETag", etag), ("Cache-Control", _public(expires))]
                if body is not None:
                    result.close()  # Django's request ends here; the compressed copy is answered
                    start_response(status, headers, answer["exc_info"])
                    return body
            else:
                headers += [("ETag", etag), ("Cache-Control", _public(expires))]
        start_response(status, headers, answer["exc_info"])
        return result


# A page nobody has kept yet, asked for by many at once (a link shared on social media, the
# first second of a sale): one visitor renders it, the others wait for that render instead of
# each running the same queries. Claims live in the shared cache, so this holds across app
# servers; a renderer that dies frees its claim after RENDER_CLAIM_SECONDS.
RENDER_CLAIM_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.005


def _claim(key: str) -> bool:
    try:
        return bool(cache.add(f"{key}:rendering", 1, RENDER_CLAIM_SECONDS))
    except Exception:
        return True


def _unclaim(key: str) -> None:
    try:
        cache.delete(f"{key}:rendering")
    except Exception:
        pass


def _wait_for(key: str):
    """The page another visitor is rendering, once kept; None if that render kept nothing
    (a 404, a page that set a cookie) or took too long: then this visitor renders too."""
    give_up = time.monotonic() + WAIT_SECONDS
    try:
        while time.monotonic() < give_up:
            time.sleep(POLL_SECONDS)
            kept = _recall(key)
            if kept is not None:
                return kept
            if not cache.get(f"{key}:rendering"):
                return _recall(key)
    except Exception:
        return None
    return None


def _not_shared(name: str, value: str) -> bool:
    """A view that said its answer is not for everyone (private, no-store, no-cache) is believed."""
    return name.lower() == "cache-control" and any(
        word in value.lower() for word in ("private", "no-store", "no-cache")
    )


def _vary(headers: list[tuple[str, str]]) -> str:
    names = [v.strip() for n, value in headers if n.lower() == "vary" for v in value.split(",")]
    return ", ".join(dict.fromkeys([*names, "Accept-Encoding"]))


def _no_write(data) -> None:
    raise RuntimeError("Django never calls write(); nothing else is wrapped")


def _public(expires: float | None = None) -> str:
    seconds = settings.NIAGA_PAGE_CACHE_SECONDS
    if expires is not None:
        seconds = max(0, min(seconds, int(expires - _wall())))
    return f"public, max-age={seconds}"


def _expires(headers) -> float | None:
    """The moment a page's own `Expires` header names (epoch seconds), or None."""
    value = next((v for n, v in headers if n.lower() == "expires"), None)
    return parse_http_date_safe(value) if value else None


def _compressed(content: bytes, headers: list[tuple[str, str]]) -> bytes:
    """The page gzipped, if it is text worth it. Kept pages hold no secret (no cookie, no CSRF
    token: see _render_and_keep), so compressing them leaks nothing (BREACH)."""
    kind = next((v for n, v in headers if n.lower() == "content-type"), "")
    if len(content) < 512 or not kind.startswith(COMPRESSIBLE):
        return b""
    return gzip.compress(content, compresslevel=6, mtime=0)


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _encoded(headers: list[tuple[str, str]], kept: Kept, accept_encoding: str):
    """(headers, body or None for the plain content, etag) of the copy this visitor accepts."""
    if not kept.gzipped:
        return headers, None, kept.etag
    headers = [h for h in headers if h[0].lower() != "vary"] + [("Vary", _vary(headers))]
    if not _accepts_gzip(accept_encoding):
        return headers, None, kept.etag
    headers = [h for h in headers if h[0].lower() != "content-length"]
    headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(kept.gzipped)))]
    return headers, [kept.gzipped], f'{kept.etag[:-1]}-gz"'


def _answer(environ, start_response, kept: Kept, started: float):
    headers, body, etag = _encoded(renew_nonce(kept.headers), kept, environ.get("HTTP_ACCEPT_ENCODING", ""))
    content = body[0] if body else kept.content
    rid = safe_request_id(environ.get("HTTP_X_REQUEST_ID", "")) or uuid.uuid4().hex
    common = [("ETag", etag), ("Cache-Control", _public(_expires(headers))), ("X-Cache", "hit"), ("X-Request-ID", rid)]
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        status, headers, body = "304 Not Modified", [h for h in headers if h[0].lower() == "vary"] + common, []
    else:
        status, headers, body = "200 OK", headers + common, [content]
    start_response(status, headers)
    metrics.REQUEST_SECONDS.labels(route="page-cache", method=environ["REQUEST_METHOD"], status=status[:3]).observe(
        time.perf_counter() - started
    )
    return body
