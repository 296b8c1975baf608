from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
@lock_task("reputation-refresh")
def refresh_standings():
    """Every 15 minutes: each store's figures, badges and penalty points (points age out, so a
    store recovers without anyone acting)."""
    return services.refresh_all()
