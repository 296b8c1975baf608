from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import counters


@db_periodic_task(crontab(minute="*"))
@lock_task("catalog-flush-product-counters")
def flush_product_counters():
    """Every minute: the product views and cart adds counted in Redis go to ProductDailyStats."""
    return counters.flush()
