"""The job queue on Redis, going on when Redis cannot be reached.

Jobs are queued after their transaction commits (an e-mail for an order move, a refund to
send, a checkout's open charges to cancel). With RedisHuey alone, a Redis that does not answer
turned each of those into a 500 after the order or the payment had already committed.

Here a job that cannot be queued is not lost and fails nothing:
- a job due now runs in this process, in a thread of its own (its own database connection,
  as a consumer's would be), so the request goes on at once;
- a job for later (a retry's delay, a card's settlement time) is left to the periodic sweep
  that backs every such job from the database (the sandbox's overdue notifications and
  settlements, the flash admissions still placing), which runs again once Redis is back.
A job run here that fails is logged and not retried; the sweeps and the gateway's own
retries cover what matters (payment status, flash orders).
"""

from __future__ import annotations

import logging
import threading

from django.db import connections
from huey import RedisHuey

from . import degraded

log = logging.getLogger(__name__)


class FallbackRedisHuey(RedisHuey):
    def enqueue(self, task):
        if self._immediate:  # run here already (tests, NIAGA_JOBS_IMMEDIATE): nothing to queue
            return super().enqueue(task)
        try:
            return super().enqueue(task)
        except degraded.REDIS_DOWN as exc:
            if task.eta is not None:
                degraded.going_on_without("job queue", exc, "jobs for later are left to the database sweeps")
                return None
            degraded.going_on_without("job queue", exc, "jobs run in the web process that queued them")
            threading.Thread(target=_run_here, args=(task,), name=f"job-{task.name}", daemon=False).start()
            return None


def _run_here(task) -> None:
    try:
        task.execute()
    except Exception:
        log.exception("job %s failed while the queue was unreachable", task.name)
    finally:
        connections.close_all()
