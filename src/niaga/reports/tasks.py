from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import exports


@db_task()
def build_export(export_id: int):
    """Write a report file (queued by services.request_export after commit)."""
    exports.build_export(export_id=export_id)


@db_periodic_task(crontab(minute="23"))
@lock_task("reports-expire-exports")
def expire_exports():
    """Every hour: report files past their download window are deleted (idempotent)."""
    return exports.expire_exports()
