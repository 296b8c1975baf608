from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import returns


@db_periodic_task(crontab(minute="*/5"))
@lock_task("aftersales-sweep-returns")
def sweep_returns():
    """Every 5 minutes: returns not sent back in time, parcels the seller did not confirm,
    replacements not shipped (safe if it overlaps)."""
    return returns.sweep_returns()
