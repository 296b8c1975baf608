from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import admissions


@db_periodic_task(crontab(minute="*"))
@lock_task("promotions-requeue-admissions")
def requeue_stuck_admissions():
    """Every minute: admitted buyers whose placing job was lost get it queued again (the job
    itself, `admissions.place_admitted`, is defined beside what it runs)."""
    return admissions.requeue_stuck()
