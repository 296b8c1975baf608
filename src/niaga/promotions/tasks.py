from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import gate


@db_periodic_task(crontab(minute="*"))
@lock_task("promotions-sweep-reservations")
def sweep_edge_reservations():
    """Every minute: units nginx held for an attempt and could not give back go back."""
    return gate.sweep_reservations()
