"""Content-Security-Policy: the header on every answer, and the endpoint browsers report to.

The policy itself is in settings.py (`CONTENT_SECURITY_POLICY`, django-csp's own form). No
page runs inline script or style: every script and stylesheet is a static file, data reaches
scripts through `data-*` attributes or `json_script`. So the policy needs no 'unsafe-inline',
and an injected `<script>` or `style=""` is refused by the browser, and reported here.

Every HTML answer carries a fresh nonce in `script-src`, whether or not the page uses it, so a
nonce is never seen twice. A page that does use it (`{{ request.csp_nonce }}`) is marked
private: the page cache (pagecache.py) and any CDN must not hand its nonce to someone else;
a kept page gets a new nonce in its header at each answer (`renew_nonce`).
"""

from __future__ import annotations

import base64
import logging
import os
import re
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import jsonbody, metrics
from .clientip import client_ip
from .errors import DomainError

log = logging.getLogger("niaga.csp")

HEADER = "Content-Security-Policy"
REPORT_PATH = "/csp-report"
MAX_REPORT_BYTES = 16 * 1024  # a browser's report is about 1 KB; report-to may batch a few
MAX_REPORTS_PER_BODY = 10
# Directive names a report may carry (anything else is counted as "other": labels stay few).
DIRECTIVES = frozenset(
    {
        "default-src",
        "script-src",
        "script-src-elem",
        "script-src-attr",
        "style-src",
        "style-src-elem",
        "style-src-attr",
        "img-src",
        "font-src",
        "connect-src",
        "media-src",
        "object-src",
        "frame-src",
        "child-src",
        "worker-src",
        "manifest-src",
        "frame-ancestors",
        "form-action",
        "base-uri",
        "trusted-types",
        "require-trusted-types-for",
    }
)
_NONCE = re.compile(r"'nonce-[A-Za-z0-9+/=_-]+'")


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class ContentPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a nonce in the header of every HTML answer."""

    def process_response(self, request, response):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and _is_html(response):
            if nonce:  # evaluated while rendering: the page carries it, so it is this visitor's alone
                patch_cache_control(response, private=True)
            str(nonce)  # make one now, so the header has it
        return super().process_response(request, response)


def renew_nonce(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A kept page's headers with a new nonce in its policy (its HTML uses none: see above)."""
    fresh = f"'nonce-{base64.b64encode(os.urandom(16)).decode('ascii')}'"
    return [(n, _NONCE.sub(fresh, v) if n.lower() == HEADER.lower() else v) for n, v in headers]


def _text(value: Any, limit: int = 300) -> str:
    return str(value if value is not None else "")[:limit]


def _without_query(url: Any) -> str:
    """A URL as logged: no query or fragment (a reset link's token must not reach the logs)."""
    text = _text(url, 2000)
    if "://" not in text:
        return text[:300]  # "inline", "eval", "data", "self"...
    parts = urlsplit(text)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"[:300]


def _violations(body: Any) -> list[dict[str, Any]]:
    """The reports in a body: `report-uri`'s {"csp-report": {...}} or `report-to`'s list."""
    if isinstance(body, dict) and isinstance(body.get("csp-report"), dict):
        report = body["csp-report"]
        return [
            {
                "document": report.get("document-uri"),
                "blocked": report.get("blocked-uri"),
                "directive": report.get("effective-directive") or report.get("violated-directive"),
                "disposition": report.get("disposition"),
                "source": report.get("source-file"),
                "line": report.get("line-number"),
                "column": report.get("column-number"),
                "status": report.get("status-code"),
            }
        ]
    if isinstance(body, list):
        found = []
        for item in body[:MAX_REPORTS_PER_BODY]:
            if not (isinstance(item, dict) and item.get("type") == "csp-violation"):
                continue
            report = item.get("body")
            if not isinstance(report, dict):
                continue
            found.append(
                {
                    "document": report.get("documentURL") or item.get("url"),
                    "blocked": report.get("blockedURL"),
                    "directive": report.get("effectiveDirective"),
                    "disposition": report.get("disposition"),
                    "source": report.get("sourceFile"),
                    "line": report.get("lineNumber"),
                    "column": report.get("columnNumber"),
                    "status": report.get("statusCode"),
                }
            )
        return found
    return []


def _directive(value: Any) -> str:
    # "script-src-elem" or, from older browsers, "script-src 'self' 'nonce-…'": the first word.
    name = _text(value, 100).split(" ")[0].lower()
    return name if name in DIRECTIVES else "other"


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9 else None


@csrf_exempt  # browsers send reports without a token, and a report changes nothing
@require_POST
def report(request):
    """Where browsers report what the policy refused: one structured log line and a count in
    /metrics (`niaga_csp_violations_total`) per violation; 204. Never a 5xx: a body that is
    not a report is 400, one too large 413, a flood 429 (core/throttle.py)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_REPORT_BYTES + 1
    if length > MAX_REPORT_BYTES:
        return HttpResponse("Laporan terlalu besar.", status=413, content_type="text/plain; charset=utf-8")
    try:
        found = _violations(jsonbody.loads(request.read(MAX_REPORT_BYTES + 1), max_bytes=MAX_REPORT_BYTES, max_depth=8))
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    if not found:
        return HttpResponse("Bukan laporan CSP.", status=400, content_type="text/plain; charset=utf-8")
    agent = _text(request.META.get("HTTP_USER_AGENT"), 200)
    for violation in found:
        directive = _directive(violation["directive"])
        disposition = "report" if violation["disposition"] == "report" else "enforce"
        metrics.CSP_VIOLATIONS.labels(directive=directive, disposition=disposition).inc()
        log.warning(
            "csp violation: %s blocked %s on %s",
            directive,
            _without_query(violation["blocked"]),
            _without_query(violation["document"]),
            extra={
                "csp_directive": directive,
                "csp_disposition": disposition,
                "csp_blocked": _without_query(violation["blocked"]),
                "csp_document": _without_query(violation["document"]),
                "csp_source": _without_query(violation["source"]),
                "csp_line": _number(violation["line"]),
                "csp_column": _number(violation["column"]),
                "client_ip": client_ip(request),
                "user_agent": agent,
            },
        )
    return HttpResponse(status=204)
