from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*"))
@lock_task("orders-cancel-overdue")
def cancel_overdue_orders():
    """Every minute: cancel orders unpaid past their deadline (safe if it overlaps)."""
    return services.cancel_overdue()
