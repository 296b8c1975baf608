from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import exports, marketdays


@db_task()
def build_export(export_id: int):
    """Write a report file (queued by services.request_export after commit)."""
    exports.build_export(export_id=export_id)


@db_periodic_task(crontab(minute="23"))
@lock_task("reports-expire-exports")
def expire_exports():
    """Every hour: report files past their download window are deleted (idempotent)."""
    return exports.expire_exports()


@db_periodic_task(crontab(minute="41"))
@lock_task("reports-roll-market-days")
def roll_market_days():
    """Every hour: closed days not yet in the marketplace report's rollup are rolled up
    (idempotent; normally one new day a day, more after an outage)."""
    return len(marketdays.roll_closed())
