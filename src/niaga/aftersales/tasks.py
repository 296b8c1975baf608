from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
@lock_task("aftersales-sweep-overdue")
def sweep_overdue_complaints():
    """Every 5 minutes: a silent seller's complaint is decided for the buyer; a silent buyer's
    offer or rejection stands (safe if it overlaps)."""
    return services.sweep_overdue()
