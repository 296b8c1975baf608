"""Probes for load balancers and orchestrators, and the Prometheus scrape."""

from __future__ import annotations

import hmac
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from huey.contrib.djhuey import HUEY

from . import metrics


def healthz(request):
    """The process is up (no dependencies checked: a restart would not fix them)."""
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", "1"
    cache.set(key, value, timeout=5)
    if cache.get(key) != value:
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _queue() -> None:
    HUEY.pending_count()


CHECKS = {"database": _database, "cache": _cache, "job_queue": _queue}
# Without these the site still serves (pages uncached, limits open, sessions from the
# database, jobs run by the web process): not ready to be taken out of the load balancer.
DEGRADABLE = ("cache", "job_queue")


def readyz(request):
    """Ready to serve: the database answers (503 otherwise). The cache and the job queue live
    in Redis, which holds nothing that cannot be rebuilt: without them this is 200, `status`
    "degraded" and `degraded` naming what is missing. A 503 there would have the load
    balancer take every app server out together, for a Redis the site can do without."""
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
            results[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
        except Exception as exc:
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    if not results["database"]["ok"]:
        connection.close_if_unusable_or_obsolete()  # a broken connection is not reused by the next probe
    failing = [name for name, result in results.items() if not result["ok"]]
    degraded = [name for name in failing if name in DEGRADABLE]
    if len(degraded) < len(failing):
        status, code = "unavailable", 503
    else:
        status, code = ("degraded" if degraded else "ok"), 200
    return JsonResponse({"status": status, "degraded": degraded, "checks": results}, status=code)


def prometheus(request):
    """Prometheus text format, only for `Authorization: Bearer <NIAGA_METRICS_TOKEN>`.

    Closed while no token is set: behind a proxy every request comes from the proxy's own
    address, so where a request comes from cannot tell a scraper from anyone on the internet.
    """
    token = settings.NIAGA_METRICS_TOKEN
    if not token:
        return HttpResponse(
            "metrics are closed: set NIAGA_METRICS_TOKEN and send it as a bearer token\n",
            status=403,
            content_type="text/plain",
        )
    if not hmac.compare_digest(request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
