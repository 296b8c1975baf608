"""Sold-out answers before Django.

At the start of a flash sale most attempts come after the last unit is gone, and every one
of them would pay for sessions, token lookup and the router only to hear "habis". Once a
process has answered "sold out" for an item, this WSGI layer gives the same answer to the
next attempts on that item for a second, straight from memory. The database and the gate
still decide every sale; a unit that comes back (an unpaid order) is offered again within
that second at most.
"""

from __future__ import annotations

import json
import re
import time

from niaga.core import metrics

SECONDS = 1.0
PATH = re.compile(r"^/api/v1/flash-sales/items/(\d+)/buy/?$")
BODY = json.dumps({"code": "sold_out", "message": "Stok flash sale habis.", "fields": {}}).encode()
HEADERS = [
    ("Content-Type", "application/json; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
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


class SoldOutShortcut:
    """WSGI middleware around Django's application (niaga.wsgi)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if _until and environ.get("REQUEST_METHOD") == "POST":
            match = PATH.match(environ.get("PATH_INFO", ""))
            if match and sold_out(int(match.group(1))):
                metrics.GATE.labels(answer="sold_out", path="shortcut").inc()
                start_response("409 Conflict", list(HEADERS))
                return [BODY]
        return self.app(environ, start_response)
