from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*"))
@lock_task("orders-cancel-overdue")
def cancel_overdue_orders():
    """Every minute: cancel orders unpaid past their deadline (safe if it overlaps)."""
    return services.cancel_overdue()


@db_periodic_task(crontab(minute="*/5"))
@lock_task("orders-cancel-unshipped")
def cancel_unshipped_orders():
    """Paid but not shipped by the seller's deadline: cancel (and so refund)."""
    return services.cancel_unshipped()


@db_periodic_task(crontab(minute="*/5"))
@lock_task("orders-complete-unconfirmed")
def complete_unconfirmed_orders():
    """Shipped and not confirmed by the buyer's deadline: complete (and so pay the seller)."""
    return services.complete_unconfirmed()
