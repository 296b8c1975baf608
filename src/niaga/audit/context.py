"""The request being served, for receivers of model signals that are not handed one.

A role change arrives as a `pre_save` of the user row; when an operator made it in the admin,
the audit event names that operator and their address. `CurrentRequestMiddleware` keeps the
request in a context variable for exactly the time the view runs.
"""

from __future__ import annotations

import contextvars

_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def current_request():
    """The request being served on this thread or task, or None (a command, a job, a test)."""
    return _request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
