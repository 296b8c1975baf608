"""Minute sweeps. All are idempotent: every move and every send is a conditional update."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import notify, services


@db_periodic_task(crontab())
def expire_overdue_transactions() -> int:
    return services.expire_overdue()


@db_periodic_task(crontab())
def settle_captured_cards() -> int:
    return services.settle_captured()


@db_periodic_task(crontab())
def send_due_notifications() -> int:
    return notify.send_due()
