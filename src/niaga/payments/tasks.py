from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from niaga.orders.models import OrderGroup
from niaga.orders.status import Status

from . import emails, jobs, services, statuses
from .models import PaymentAttempt


@db_task(retries=3, retry_delay=30)
def cancel_open_charges(group_id: int):
    """The checkout was cancelled: a VA that can still be paid would take money for nothing."""
    attempts = PaymentAttempt.objects.filter(group_id=group_id, status__in=statuses.OPEN)
    if not attempts or attempts[0].group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
        return
    for attempt in attempts:
        services.cancel_attempt(attempt=attempt)


@db_task(retries=3, retry_delay=60)
def send_instructions(group_id: int, attempt_id: int | None):
    """The buyer's payment instructions for a checkout just placed and charged (queued by
    `services.charge` after commit): rendered here, off the request that placed it. A
    checkout paid meanwhile needs no instructions any more."""
    group = OrderGroup.objects.select_related("buyer").filter(pk=group_id, paid_at__isnull=True).first()
    if group is None:
        return
    attempt = PaymentAttempt.objects.filter(pk=attempt_id, group=group).first() if attempt_id else None
    emails.deliver_instructions(group=group, attempt=attempt)


@db_task(retries=5, retry_delay=60)
def send_refund(refund_id: int):
    """Send a refund Niaga owes through the gateway (see `services.send_refund`).

    An outage raises, so Huey retries with the same refund key: the gateway answers a
    repeated key with the first result, never a second refund.
    """
    return services.send_refund(refund_id=refund_id)


@db_periodic_task(crontab(minute="*"))
@lock_task("payments-resolve-stuck")
def resolve_stuck_attempts():
    """Every minute: attempts whose worker died before the gateway answered are asked about
    and completed, or charged again (idempotent; safe if it overlaps)."""
    return services.resolve_stuck_attempts()


@db_periodic_task(crontab(minute="*/5"))
@lock_task("payments-resend-refunds")
def resend_stale_refunds():
    """Every five minutes: refunds whose job was lost are sent again, each with its own key."""
    return services.resend_stale_refunds()


jobs.provide(send_refund=send_refund, send_instructions=send_instructions)  # what services queue
