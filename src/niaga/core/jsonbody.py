"""The one way a request's JSON body is read: bounded in size and in depth before the parser
sees it.

Python's json module descends one C call per nesting level: a body of `[` a hundred thousand
deep ends in a RecursionError deep inside it (a 500 and a traceback, for a few hundred
kilobytes anyone can send). Depth is counted here by a linear scan, with no recursion, and a
body deeper than MAX_DEPTH or larger than MAX_BYTES is refused before json.loads runs.
NaN and Infinity, which json.loads accepts and no other JSON reader does, are refused too.

The errors are DomainErrors (the API answers them in its error format) and ValueErrors (code
that already catches a json.loads failure catches these the same way).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig

from .errors import DomainError

MAX_BYTES = 1024 * 1024  # no JSON body of the API, the webhook or the sandbox comes near this
MAX_DEPTH = 32

# A JSON string, escapes included; what is inside one is text, never nesting.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class BodyRefused(DomainError, ValueError):
    """The body is not JSON this site reads. Nothing was changed."""

    status = 400
    code = "invalid_json"


class BodyTooLarge(BodyRefused):
    status = 413
    code = "body_too_large"


def loads(raw: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or BodyRefused / BodyTooLarge."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        raise BodyTooLarge(f"Isi permintaan terlalu besar (paling banyak {max_bytes // 1024} KB).")
    if depth(raw, stop_after=max_depth) > max_depth:
        raise BodyRefused(f"JSON terlalu dalam (paling banyak {max_depth} tingkat).")
    try:
        return json.loads(raw, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BodyRefused("Isi permintaan bukan JSON yang valid.") from None


def read(request, **limits) -> Any:
    """`loads` of the request's body; a body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE is
    refused the same way rather than as Django's HTML page."""
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BodyTooLarge("Isi permintaan terlalu besar.") from None
    return loads(raw, **limits)


def depth(raw: bytes, *, stop_after: int | None = None) -> int:
    """How deep arrays and objects nest, outside strings: a loop, not a recursion. With
    `stop_after`, the scan ends as soon as the nesting passes it."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    level = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            level += 1
            if level > deepest:
                deepest = level
                if stop_after is not None and deepest > stop_after:
                    break
        else:
            level -= 1
    return deepest


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")
