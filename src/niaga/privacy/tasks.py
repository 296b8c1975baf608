from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import exports


@db_task()
def build_export(export_id: int):
    """Write a user's data archive (queued by services.request_export after commit)."""
    exports.build_export(export_id=export_id)


@db_periodic_task(crontab(minute="17"))
@lock_task("privacy-expire-exports")
def expire_exports():
    """Every hour: archives past their download window are deleted (idempotent)."""
    return exports.expire_exports()
