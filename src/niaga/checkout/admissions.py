"""Admitted flash buyers whose orders a job consumer places.

At the start of a sale the gate admits as many buyers as there are units within a second or
two, while making their orders takes the same CPU as as many checkouts. Placing them in the
request would keep every other buyer's "habis" waiting behind them. So the request only
writes an Admission row and queues a job; the buyer's page follows it to the payment page.

Nothing is lost on the way: the row is written before the answer, a job places its order in
the same transaction that marks the row placed, and a job that died is queued again
(`requeue_stuck`). A placement the database refuses (the gate was wrong) or that can no
longer be made gives the units back to the gate and tells the buyer why.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from functools import partial

from django.db import transaction
from django.db.models import Count, Min
from huey.contrib.djhuey import db_task

from niaga.core import clock
from niaga.core.errors import DomainError, NotFound
from niaga.promotions import gate
from niaga.promotions import services as promotions
from niaga.promotions.models import Admission, CampaignItem

from . import flash, placing
from .schemas import AdmissionOut

log = logging.getLogger(__name__)

STUCK_AFTER = dt.timedelta(minutes=2)
GIVE_UP_AFTER = dt.timedelta(minutes=30)


def enqueue(*, user, item: CampaignItem, quantity: int, plan: flash.Plan) -> Admission:
    admission = Admission.objects.create(
        item=item,
        buyer=user,
        quantity=quantity,
        address_id=plan.address_id,
        payment_method=plan.method.code,
        courier=plan.courier.code,
        poll_key=secrets.token_urlsafe(12),
        created_at=clock.now(),
    )

    def queue():
        gate.mark_placing(
            admission_id=admission.pk,
            poll_key=admission.poll_key,
            answer=json.dumps(AdmissionOut.from_orm(admission).model_dump(mode="json")).encode(),
        )
        queue_placing(admission.pk)

    transaction.on_commit(queue)
    return admission


def queue_placing(admission_id: int) -> None:
    """Queue the job that makes this admission's order (it does nothing once placed or failed)."""
    place_admitted(admission_id)


def place(admission_id: int) -> Admission | None:
    """Make the admitted buyer's order, once. Safe to run twice or concurrently: the row is
    locked and only a row still placing is worked on."""
    with transaction.atomic():
        admission = (
            Admission.objects.select_for_update(of=("self",))
            .select_related("buyer")
            .filter(pk=admission_id, status=Admission.Status.PLACING)
            .first()
        )
        if admission is None:  # made already, refused, or gone
            return Admission.objects.filter(pk=admission_id).first()
        try:
            with transaction.atomic():  # a refusal rolls back the order, not the row's lock
                item = promotions.item_for_placing(admission.item_id)
                plan = flash.plan_for(admission, item)
                placement = flash.commit_order(user=admission.buyer, item=item, quantity=admission.quantity, plan=plan)
        except DomainError as exc:
            _fail(admission, exc.message)
            log.info("flash admission %s not placed: %s", admission.pk, exc.code)
            return admission
        admission.status, admission.group, admission.placed_at = (
            Admission.Status.PLACED,
            placement.group,
            clock.now(),
        )
        admission.save(update_fields=["status", "group", "placed_at"])
        transaction.on_commit(partial(gate.unmark_placing, admission_id=admission.pk, poll_key=admission.poll_key))
    # Outside the transaction: the order exists even if the gateway is slow. The charge also
    # queues the buyer's payment instructions e-mail; a run that found the order made already
    # returned above, so a retried job sends no second one.
    placing.charge(placement)
    return admission


@db_task(retries=3, retry_delay=5)
def place_admitted(admission_id: int) -> None:
    """The job: make the order of a buyer the gate admitted (safe to run twice)."""
    place(admission_id)


def _fail(admission: Admission, message: str) -> None:
    """Inside the caller's transaction: the buyer is told why, the units go back."""
    admission.status, admission.message = Admission.Status.FAILED, message[:200]
    admission.save(update_fields=["status", "message"])
    transaction.on_commit(
        partial(gate.give_back, item_id=admission.item_id, buyer_id=admission.buyer_id, quantity=admission.quantity)
    )
    transaction.on_commit(partial(gate.unmark_placing, admission_id=admission.pk, poll_key=admission.poll_key))


def requeue_stuck(now: dt.datetime | None = None) -> int:
    """Admissions still placing long after they were made (their job was lost): queue again.
    One that has kept failing for GIVE_UP_AFTER is refused, so its units are sold again."""
    now = now or clock.now()
    with transaction.atomic():
        for admission in Admission.objects.select_for_update(skip_locked=True).filter(
            status=Admission.Status.PLACING, created_at__lt=now - GIVE_UP_AFTER
        )[:500]:
            log.error("flash admission %s could not be placed for %s: refused", admission.pk, GIVE_UP_AFTER)
            _fail(admission, "Pesanan tidak bisa dibuat; unitnya dikembalikan ke flash sale.")
    ids = list(
        Admission.objects.filter(status=Admission.Status.PLACING, created_at__lt=now - STUCK_AFTER).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in ids:
        queue_placing(pk)
    return len(ids)


def queue_again(admission_ids) -> int:
    """The operator's "queue again": those of these admissions still placing get their job
    once more (placing is idempotent); placed or refused ones are left alone. How many."""
    ids = list(
        Admission.objects.filter(pk__in=admission_ids, status=Admission.Status.PLACING).values_list("pk", flat=True)
    )
    for pk in ids:
        queue_placing(pk)
    return len(ids)


def backlog(now: dt.datetime | None = None) -> tuple[int, float]:
    """Admitted buyers whose order is still being made, and the oldest one's wait in seconds
    (0 when none): the operator's sign that the consumers keep up during a sale."""
    found = Admission.objects.filter(status=Admission.Status.PLACING).aggregate(n=Count("pk"), oldest=Min("created_at"))
    if not found["n"]:
        return 0, 0.0
    return found["n"], max(0.0, ((now or clock.now()) - found["oldest"]).total_seconds())


def for_buyer(user, admission_id: int) -> Admission:
    admission = Admission.objects.select_related("item__campaign", "group").filter(pk=admission_id, buyer=user).first()
    if admission is None:
        raise NotFound("Antrean flash sale tidak ditemukan.", code="admission_not_found")
    return admission
