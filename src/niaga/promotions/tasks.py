from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import admissions, gate


@db_task(retries=3, retry_delay=5)
def place_admitted(admission_id: int):
    """Make the order of a buyer the flash-sale gate admitted (safe to run twice)."""
    admissions.place(admission_id)


@db_periodic_task(crontab(minute="*"))
@lock_task("promotions-requeue-admissions")
def requeue_stuck_admissions():
    """Every minute: admitted buyers whose placing job was lost get it queued again."""
    return admissions.requeue_stuck()


@db_periodic_task(crontab(minute="*"))
@lock_task("promotions-sweep-reservations")
def sweep_edge_reservations():
    """Every minute: units nginx held for an attempt and could not give back go back."""
    return gate.sweep_reservations()
