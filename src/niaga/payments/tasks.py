from huey.contrib.djhuey import db_task

from niaga.orders.status import Status

from . import services
from .models import PaymentAttempt


@db_task(retries=3, retry_delay=30)
def cancel_open_charges(group_id: int):
    """The checkout was cancelled: a VA that can still be paid would take money for nothing."""
    for attempt in PaymentAttempt.objects.filter(group_id=group_id, status="pending"):
        if attempt.group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
            return
        services.cancel_attempt(attempt=attempt)
