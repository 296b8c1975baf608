from huey.contrib.djhuey import db_task

from . import alerts


@db_task(retries=2, retry_delay=30)
def evaluate_stock(variant_ids: list[int]) -> int:
    """Low-stock alerts for the variants whose stock just moved (queued after commit)."""
    return alerts.evaluate(variant_ids)
