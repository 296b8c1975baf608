"""Small helpers shared by the server-rendered pages (views stay thin: parse, call, render)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TypeVar

from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.defaults import server_error as server_error_page

from niaga.core.errors import DomainError, NotFound

T = TypeVar("T")
log = logging.getLogger(__name__)


def or_404(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call a selector; its NotFound becomes the page's 404."""
    try:
        return fn(*args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def form_error(request: HttpRequest, template: str, context: dict, exc: DomainError):
    """Re-render a form with the service's message and per-field messages, and its 4xx status."""
    return render(request, template, {**context, "error": exc.message, "errors": exc.fields}, status=exc.status)


def safe_next(request: HttpRequest, fallback: str = "catalog:home") -> str:
    """The `next` parameter if it points back into this site, else the fallback."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback) if fallback else ""


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A lenient integer from a form or query string; None when it is not one."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value


_RUPIAH_NOISE = re.compile(r"^\s*rp\.?\s*|[.\s]", re.IGNORECASE)


def amount_text(raw) -> str:
    """'Rp 5.000' or '5.000' as typed by sellers -> '5000' (the service checks the number)."""
    return _RUPIAH_NOISE.sub("", str(raw or ""))


def prefixed(post, prefix: str) -> dict[str, str]:
    """{'12': 'jne_reg'} from fields named like 'courier_12'."""
    out = {}
    for key in post:
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            out[key[len(prefix) :]] = post.get(key, "")
    return out


def csrf_failure(request: HttpRequest, reason: str = ""):
    """Django's CSRF refusal (settings.CSRF_FAILURE_VIEW), in the shop's words. Buyers meet it
    after leaving a form open for hours, or logging in or out in another tab; the technical
    reason goes to the log, not to the page. (The API answers in its own format: accounts.auth.)"""
    log.warning("CSRF refused %s %s: %s", request.method, request.path, reason)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = resolve_url("catalog:home")  # the form's own address may answer POST only
    return render(request, "403_csrf.html", {"back": back}, status=403)


def server_error(request: HttpRequest):
    """A failure nobody foresaw (handler500): the API's clients get the error format, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "server_error", "message": "Terjadi kesalahan di server. Coba lagi sebentar.", "fields": {}},
            status=500,
        )
    return server_error_page(request)
