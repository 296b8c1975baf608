from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="17"))
@lock_task("reviews-nudge")
def nudge_before_window_closes():
    """Hourly: remind buyers, once, whose review window closes within three days."""
    return services.nudge()
