"""The background jobs payments' own writes queue once their transaction commits: a refund to
send through the gateway, a checkout's payment instructions to e-mail.

tasks.py, whose jobs call the services, hands them over when it loads; so money.py and
services.py never import tasks.py, and the three make no circle.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_jobs: dict[str, Callable[..., object]] = {}


def provide(**jobs: Callable[..., object]) -> None:
    _jobs.update(jobs)


def enqueue(name: str, *args) -> None:
    """Queue the job (Huey; run at once when Huey is immediate, as in tests)."""
    job = _jobs.get(name)
    if job is None:
        raise ImproperlyConfigured(f"Payments job {name!r} was never handed over: is niaga.payments.tasks loaded?")
    job(*args)
