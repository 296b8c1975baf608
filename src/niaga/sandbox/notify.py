"""HTTP notifications as Midtrans sends them: one delivery per (status change, URL), retried.

A delivery is first attempted by a huey task once the status change commits. A failed
attempt schedules the next one on the reference's timetable with a delayed huey task;
the minute sweep (tasks.py) also sends whatever is overdue, so nothing is lost when huey
runs in immediate mode (delayed tasks then never fire) or a worker dies mid-attempt.
Every attempt first claims its row with a conditional update, so the two paths never
send the same attempt twice.

The fault switchboard (faults.py) can repeat each notification, delay it, or hold a
"pending" notification back until the transaction's next one has been queued.
"""

from __future__ import annotations

import datetime as dt
import functools

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from huey.contrib.djhuey import db_task

from niaga.core import clock

from . import faults, protocol
from .models import NotificationDelivery
from .protocol import Status

TIMEOUT = 15
RETRY_MINUTES = (2, 10, 30, 90, 210)
RETRIES_BY_CODE: dict[int | None, int] = {500: 1, 503: 4, 400: 2, 404: 2}  # any other failure: len(RETRY_MINUTES)
# A claimed attempt that never reported back (worker killed mid-request) is due again after this.
LEASE = dt.timedelta(seconds=TIMEOUT + 45)
SWEEP_BATCH = 200
USER_AGENT = "Niaga-Sandbox-Midtrans/1"
# A held "pending" notification goes this long after the one that released it, to stay behind it.
RELEASE_GAP = 1


def queue(txn, *, delay: int = 0) -> None:
    """Snapshot the transaction as it is now for each notification URL; send after commit."""
    body = protocol.signed(
        protocol.transaction_body(txn, status_message=protocol.NOTIFICATION, notification=True),
        settings.NIAGA_SANDBOX_SERVER_KEY,
    )
    switches = faults.current()
    delay += switches.delay_seconds
    copies = max(1, switches.duplicate_notifications)
    hold = switches.out_of_order and txn.status == Status.PENDING
    released = [] if hold else list(NotificationDelivery.objects.filter(transaction=txn, held=True).order_by("pk"))
    due = clock.now() + dt.timedelta(seconds=delay)
    for url in txn.notification_urls:
        for _ in range(copies):
            if hold:
                NotificationDelivery.objects.create(transaction=txn, url=url, body=body, held=True)
                continue
            delivery = NotificationDelivery.objects.create(transaction=txn, url=url, body=body, next_attempt_at=due)
            # robust: a queue hiccup must not fail the request that changed the status; the sweep resends.
            transaction.on_commit(functools.partial(_enqueue, delivery.pk, delay), robust=True)
    for delivery in released:  # out_of_order: the held "pending" now follows this notification
        later = delay + RELEASE_GAP
        NotificationDelivery.objects.filter(pk=delivery.pk).update(
            held=False, next_attempt_at=due + dt.timedelta(seconds=RELEASE_GAP)
        )
        transaction.on_commit(functools.partial(_enqueue, delivery.pk, later), robust=True)


def _enqueue(delivery_id: int, delay: int) -> None:
    if delay:
        deliver.schedule((delivery_id,), delay=delay)
    else:
        deliver(delivery_id)


@db_task()
def deliver(delivery_id: int) -> None:
    retry_in = attempt(delivery_id)
    if retry_in is not None:
        deliver.schedule((delivery_id,), delay=retry_in.total_seconds())


def attempt(delivery_id: int) -> dt.timedelta | None:
    """POST once if the delivery is due. Returns how long until the next try, or None."""
    now = clock.now()
    claimed = NotificationDelivery.objects.filter(pk=delivery_id, delivered=False, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE
    )
    if not claimed:
        return None
    delivery = NotificationDelivery.objects.get(pk=delivery_id)
    delivery.response_code, delivery.error = _post(delivery.url, delivery.body)
    delivery.delivered = delivery.response_code is not None and 200 <= delivery.response_code < 300
    retry_in = None if delivery.delivered else retry_delay(delivery.response_code, delivery.attempts)
    delivery.next_attempt_at = None if retry_in is None else clock.now() + retry_in
    delivery.save(update_fields=["response_code", "error", "delivered", "next_attempt_at"])
    return retry_in


def retry_delay(response_code: int | None, attempts: int) -> dt.timedelta | None:
    """The wait before the next retry, or None when this response code has used up its retries."""
    retries_done = attempts - 1
    if retries_done >= RETRIES_BY_CODE.get(response_code, len(RETRY_MINUTES)):
        return None
    scale = float(getattr(settings, "NIAGA_SANDBOX_RETRY_SCALE", 1.0))
    return dt.timedelta(minutes=RETRY_MINUTES[retries_done] * scale)


def _post(url: str, body: dict) -> tuple[int | None, str]:
    try:
        # Midtrans does not follow redirects: a 3xx is a failed delivery.
        response = requests.post(
            url, json=body, timeout=TIMEOUT, allow_redirects=False, headers={"User-Agent": USER_AGENT}
        )
    except requests.RequestException as exc:
        return None, str(exc)[:255]
    return response.status_code, ""


def send_due() -> int:
    """Send every overdue attempt (retries whose task was lost, crashed attempts)."""
    due = list(
        NotificationDelivery.objects.filter(delivered=False, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in due:
        deliver(delivery_id)
    return len(due)
