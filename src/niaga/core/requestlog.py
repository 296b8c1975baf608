"""A request id on every request and log line, and each request timed into the metrics.

The id comes from the proxy's X-Request-ID when it sends one, so one id follows a request
from nginx through the app to the logs; it is echoed back in the response.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from . import metrics

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger("niaga.request")


def safe_request_id(incoming: str) -> str:
    """The proxy's id when it looks like one (it goes into logs and headers), else ""."""
    return incoming if _SAFE_ID.match(incoming) else ""


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = safe_request_id(request.headers.get("X-Request-ID", "")) or uuid.uuid4().hex
        # Not reset on the way out: Django logs a failed request after the middleware returns,
        # and that line must carry the id too. The next request on this thread sets its own.
        request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = match.route if match and match.route else "unmatched"
        metrics.REQUEST_SECONDS.labels(route=route, method=request.method, status=str(response.status_code)).observe(
            elapsed
        )
        response["X-Request-ID"] = rid
        return response
