from huey.contrib.djhuey import db_task

from niaga.orders.status import Status

from . import services, statuses
from .models import PaymentAttempt


@db_task(retries=3, retry_delay=30)
def cancel_open_charges(group_id: int):
    """The checkout was cancelled: a VA that can still be paid would take money for nothing."""
    attempts = PaymentAttempt.objects.filter(group_id=group_id, status__in=statuses.OPEN)
    if not attempts or attempts[0].group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
        return
    for attempt in attempts:
        services.cancel_attempt(attempt=attempt)
