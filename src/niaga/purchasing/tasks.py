from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import alerts, pending


@db_task(retries=2, retry_delay=30)
def evaluate_stock(variant_ids: list[int]) -> int:
    """Low-stock alerts for the variants whose stock just moved (queued after commit)."""
    pending.release(variant_ids)  # before reading: a change from now on queues its own check
    return alerts.evaluate(variant_ids)


@db_periodic_task(crontab(hour="19", minute="11"))  # 02:11 WIB
@lock_task("purchasing-refresh-points")
def refresh_reorder_points() -> int:
    """Every variant's point again: sales grow or fall, a lead time changes, and a variant
    whose point rose past its stock without any sale is told too."""
    return alerts.evaluate_all()
