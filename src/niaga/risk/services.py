"""Writes of the fraud review: score a checkout or a payout, hold it when the score is high,
and the operator's decision (release or reject, with a note), logged in the audit trail.

Triggered by the inner apps' hooks, connected in RiskConfig.ready(): the "risk.screen" effect
of a paid order's move (orders.status.EFFECTS, before the seller is told) and payments'
`payout_requested` signal. Neither inner app imports this one.
"""

from __future__ import annotations

from django.db import transaction

from niaga import audit
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.orders import services as orders
from niaga.orders.effects import Move
from niaga.orders.models import Order, OrderGroup
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import Payout

from . import rules
from .models import Assessment, Decision, Kind, Level

NOTE_MAX = 2000


def _decision_for(level: str) -> str:
    return Decision.PENDING if level == Level.HIGH else Decision.RELEASED


def assess_checkout(group: OrderGroup, *, now=None) -> Assessment:
    """The checkout's assessment, scored once (the first of its orders to be paid scores it)."""
    existing = Assessment.objects.filter(group=group).first()
    if existing is not None:
        return existing
    now = now or clock.now()
    reasons = rules.checkout_reasons(group, now)
    return _save(Kind.CHECKOUT, reasons, now, user_id=group.buyer_id, group=group)


def assess_payout(payout: Payout, *, now=None) -> Assessment:
    existing = Assessment.objects.filter(payout=payout).first()
    if existing is not None:
        return existing
    now = now or clock.now()
    reasons = rules.payout_reasons(payout, now)
    return _save(Kind.PAYOUT, reasons, now, user_id=payout.store.owner_id, payout=payout)


def _save(kind: str, reasons: list[rules.Reason], now, **subject) -> Assessment:
    score = rules.total(reasons)
    level = rules.level_of(score)
    return Assessment.objects.create(
        kind=kind,
        score=score,
        level=level,
        reasons=[r.as_dict() for r in reasons],
        decision=_decision_for(level),
        created_at=now,
        **subject,
    )


def screen_paid_order(move: Move) -> None:
    """The "risk.screen" effect of awaiting_payment → to_pack: a high-risk checkout's orders
    are held, so the "notify" effect after it does not tell the seller to pack."""
    assessment = assess_checkout(move.order.group)
    if assessment.pending:
        orders.hold(order=move.order)


def screen_payout(sender, payout: Payout, **kwargs) -> None:
    """payments.signals.payout_requested: a high-risk payout is held until decided."""
    if assess_payout(payout).pending:
        money.hold_payout(payout=payout)


class AlreadyDecided(Conflict):
    code = "risk_decided"


def decide(*, assessment: Assessment, release: bool, operator, note: str, request=None) -> Assessment:
    """The operator's decision on a held case, with a note (required, kept on the case).

    Release: a checkout's orders go to their seller as any paid order (told now, ship-by from
    now); a payout may be approved. Reject: the orders are cancelled through the order table
    (stock back, escrow refunded to the buyer, both told); the payout is rejected and its
    money returns to the store's balance."""
    note = (note or "").strip()
    if not note:
        raise DomainError(
            "Tulis catatan keputusan.", code="risk_note_required", fields={"note": "Catatan wajib diisi."}
        )
    if len(note) > NOTE_MAX:
        raise DomainError(
            "Catatan terlalu panjang.", code="risk_note_too_long", fields={"note": "Maks. 2000 karakter."}
        )
    now = clock.now()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not locked.pending:
            raise AlreadyDecided("Kasus ini sudah diputuskan.")
        locked.decision = Decision.RELEASED if release else Decision.REJECTED
        locked.decided_by, locked.decided_at, locked.note = operator, now, note
        locked.save(update_fields=["decision", "decided_by", "decided_at", "note"])
        if locked.kind == Kind.CHECKOUT:
            _decide_checkout(locked, release=release, operator=operator, note=note, now=now)
        else:
            _decide_payout(locked, release=release, operator=operator)
        audit.record(
            "risk.decided",
            actor=operator,
            user=locked.user,
            request=request,
            target=locked,
            changes={
                "kind": locked.kind,
                "subject": locked.subject_label,
                "score": locked.score,
                "decision": locked.decision,
            },
            note=note,
        )
    return locked


def _decide_checkout(assessment: Assessment, *, release: bool, operator, note: str, now) -> None:
    held = Order.objects.select_for_update().filter(group_id=assessment.group_id, held=True, status=Status.TO_PACK)
    for order in held.select_related("store__owner", "buyer").order_by("pk"):
        if release:
            orders.release_hold(order=order, when=now)
        else:
            orders.transition(
                order=order,
                to_status=Status.CANCELLED,
                role=Actor.OPERATOR,
                actor=operator,
                reason=f"Dibatalkan setelah peninjauan keamanan transaksi: {note}"[:255],
                when=now,
            )


def _decide_payout(assessment: Assessment, *, release: bool, operator) -> None:
    payout = Payout.objects.select_related("store__owner").get(risk_assessment=assessment)
    if release:
        money.release_payout(payout=payout)
    else:
        money.settle_payout(payout=payout, approve=False, operator=operator, review=True)
