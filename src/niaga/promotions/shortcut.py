"""Sold-out answers before Django.

At the start of a flash sale most attempts come after the last unit is gone, and every one
of them would pay for sessions, token lookup and the router only to hear "habis". Once a
process has answered "sold out" for an item, this WSGI layer gives the same answer to the
next attempts on that item for a second, straight from memory. The database and the gate
still decide every sale; a unit that comes back (an unpaid order) is offered again within
that second at most.

The same answer carries `X-Accel-Expires: 1`, so a reverse proxy in front of the app servers
(nginx with the flash location of the README) repeats it for that second without asking any
app server: the sold-out crowd then costs the proxy alone. Only sold-out carries it; a
buyer's own "limit reached" or an admission is never kept.

It also answers an admitted buyer's page while a job is still making the order (see
admissions.py), from one Redis read: at the peak a thousand such pages ask every two seconds.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs

from niaga.core import metrics

from . import gate

SECONDS = 1
EDGE_HEADER = ("X-Accel-Expires", str(SECONDS))  # nginx's own header: keep this answer SECONDS
PATH = re.compile(r"^/api/v1/flash-sales/items/(\d+)/buy/?$")
PLACING_PATH = re.compile(r"^/api/v1/flash-sales/admissions/(\d+)/?$")
BODY = json.dumps({"code": "sold_out", "message": "Stok flash sale habis.", "fields": {}}).encode()
HEADERS = [
    ("Content-Type", "application/json; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
    EDGE_HEADER,  # before Cache-Control: nginx reads the headers in order, and no-store would win
    ("Cache-Control", "no-store"),
    ("X-Niaga-Answer", "shortcut"),
]

_until: dict[int, float] = {}  # item id → monotonic time this process stops answering by itself


def remember_sold_out(item_id: int) -> None:
    _until[item_id] = time.monotonic() + SECONDS


def forget(item_id: int | None = None) -> None:
    """Units came back (or tests): let the next attempt through to the real check."""
    _until.pop(item_id, None) if item_id else _until.clear()


def sold_out(item_id: int) -> bool:
    return _until.get(item_id, 0.0) > time.monotonic()


def still_placing(environ) -> bytes | None:
    """An admitted buyer's page asking about an order a job is still making: the answer kept
    in Redis for it (gate.mark_placing), if the poll key matches; else None (Django answers)."""
    match = PLACING_PATH.match(environ.get("PATH_INFO", ""))
    key = parse_qs(environ.get("QUERY_STRING", "")).get("key", [""])[0] if match else ""
    if not key or match is None:
        return None
    return gate.placing_answer(int(match.group(1)), key)


class SoldOutShortcut:
    """WSGI middleware around Django's application (niaga.wsgi)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if _until and method == "POST":
            match = PATH.match(environ.get("PATH_INFO", ""))
            if match and sold_out(int(match.group(1))):
                metrics.GATE.labels(answer="sold_out", path="shortcut").inc()
                start_response("409 Conflict", list(HEADERS))
                return [BODY]
        elif method == "GET" and (body := still_placing(environ)) is not None:
            start_response("200 OK", [HEADERS[0], ("Content-Length", str(len(body))), *HEADERS[3:]])
            return [body]
        return self.app(environ, start_response)
