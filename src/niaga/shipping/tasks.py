from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services
from .models import Shipment


@db_periodic_task(crontab(minute="*"))
@lock_task("shipping-poll-tracking")
def poll_tracking():
    """Every minute: ask the couriers about parcels whose turn has come."""
    return services.poll_due()


@db_task(retries=5, retry_delay=60)
def cancel_booking(order_id: int):
    shipment = Shipment.objects.filter(order_id=order_id).first()
    if shipment:
        services.cancel_booking(shipment=shipment)
