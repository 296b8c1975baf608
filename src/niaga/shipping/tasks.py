from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task

from niaga.accounts import regions

from . import legs, services
from .models import Shipment


@HUEY.on_startup()
def load_regions():
    """Each consumer thread, before its first job: courier rates read the region tree (the
    first thread builds it, the others wait for it, see regions.load)."""
    regions.load()


@db_periodic_task(crontab(minute="*"))
@lock_task("shipping-poll-tracking")
def poll_tracking():
    """Every minute: ask the couriers about parcels whose turn has come, the orders' own
    and the after-sales legs (returns, replacements)."""
    return services.poll_due() + legs.poll_due()


@db_task(retries=5, retry_delay=60)
def cancel_booking(order_id: int):
    shipment = Shipment.objects.filter(order_id=order_id).first()
    if shipment:
        services.cancel_booking(shipment=shipment)
