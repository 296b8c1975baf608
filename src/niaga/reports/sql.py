"""How the reports talk to the database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections, transaction


@contextlib.contextmanager
def report_queries(using: str) -> Iterator[None]:
    """A read transaction with PostgreSQL's JIT off: the reports' queries are index probes
    whose estimated cost crosses jit_above_cost, and compiling them took ~0.4 s of a 0.6 s
    query in the benchmark (bench/reports/results.md) for nothing gained."""
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
