"""Payment statuses and their graphs (statuses.py): what may follow what, and how the
gateway's words are read."""

import pytest

from niaga.payments import services, statuses
from niaga.payments.gateways.midtrans import transaction_status
from niaga.payments.models import PaymentAttempt, PaymentNotification, Refund
from niaga.payments.statuses import AttemptStatus, PayoutStatus, RefundStatus, can_move

# payments.md, "Statuses": the gateway's whole vocabulary.
GATEWAY_WORDS = [
    "pending",
    "authorize",
    "capture",
    "settlement",
    "deny",
    "cancel",
    "expire",
    "failure",
    "refund",
    "partial_refund",
    "chargeback",
    "partial_chargeback",
]
# payments.md: the moves the reference documents.
REFERENCE_MOVES = [
    ("pending", ["settlement", "expire", "cancel", "deny"]),
    ("authorize", ["capture", "deny", "cancel", "expire"]),
    ("capture", ["settlement", "cancel"]),
    ("settlement", ["refund", "partial_refund", "chargeback", "partial_chargeback", "deny"]),
]


@pytest.mark.parametrize("word", GATEWAY_WORDS)
def test_every_word_of_the_gateway_is_read_as_its_status(word):
    assert transaction_status({"transaction_status": word}) == AttemptStatus(word)


@pytest.mark.parametrize("word", ["creating", "failed", "settled", "", None])
def test_a_word_outside_the_gateway_vocabulary_is_no_status(word):
    assert transaction_status({"transaction_status": word}) is None
    assert transaction_status({}) is None


@pytest.mark.parametrize("current, following", REFERENCE_MOVES)
def test_the_reference_moves_are_allowed(current, following):
    for new in following:
        assert can_move(current, AttemptStatus(new)), f"{current} → {new}"


@pytest.mark.parametrize("current", sorted(statuses.PAID | {AttemptStatus.EXPIRE, AttemptStatus.CANCEL}))
def test_a_late_pending_never_moves_a_paid_or_closed_attempt_back(current):
    assert not can_move(current, AttemptStatus.PENDING)


def test_closed_statuses_are_the_end():
    for closed in (AttemptStatus.EXPIRE, AttemptStatus.CANCEL, AttemptStatus.FAILURE, AttemptStatus.REFUND):
        assert not any(can_move(closed, new) for new in AttemptStatus)


def test_only_niaga_leaves_creating_for_failed_and_nothing_returns_to_creating():
    assert can_move(AttemptStatus.CREATING, AttemptStatus.FAILED)
    assert [s for s in AttemptStatus if can_move(s, AttemptStatus.FAILED)] == [AttemptStatus.CREATING]
    assert not any(can_move(s, AttemptStatus.CREATING) for s in AttemptStatus)


def test_a_refund_is_sent_only_through_sending_and_ends_once():
    assert can_move(RefundStatus.REQUESTED, RefundStatus.SENDING)
    assert not can_move(RefundStatus.REQUESTED, RefundStatus.SENT)
    assert can_move(RefundStatus.SENDING, RefundStatus.SALDO)
    for end in (RefundStatus.SENT, RefundStatus.SALDO, RefundStatus.COVERED):
        assert not any(can_move(end, new) for new in RefundStatus)


def test_a_payout_is_decided_once():
    assert can_move(PayoutStatus.REQUESTED, PayoutStatus.PAID)
    assert can_move(PayoutStatus.REQUESTED, PayoutStatus.REJECTED)
    assert not can_move(PayoutStatus.PAID, PayoutStatus.REJECTED)
    assert not can_move(PayoutStatus.REJECTED, PayoutStatus.PAID)


def test_a_move_outside_its_graph_is_refused_before_any_write():
    with pytest.raises(ValueError):
        statuses.move(Refund.objects.all(), frm=RefundStatus.SENT, to=RefundStatus.SENDING)
    with pytest.raises(ValueError):
        statuses.move(PaymentAttempt.objects.all(), frm=AttemptStatus.SETTLEMENT, to=AttemptStatus.PENDING)


@pytest.mark.django_db
def test_a_move_leaves_a_row_another_writer_moved(placed_order):
    _, group = placed_order("va_bca")
    attempt = group.payments.get()
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.SETTLEMENT)
    rows = PaymentAttempt.objects.filter(pk=attempt.pk)
    assert statuses.move(rows, frm=AttemptStatus.CREATING, to=AttemptStatus.FAILED) == 0
    assert rows.get().status == AttemptStatus.SETTLEMENT


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["creating", "failed", "settled"])
def test_a_notification_in_a_word_the_gateway_does_not_use_is_stored_stale(placed_order, word):
    _, group = placed_order("va_bca")
    attempt = group.payments.get()
    before = attempt.status
    body = {"order_id": attempt.gateway_order_id, "gross_amount": f"{attempt.gross_amount}.00"}
    outcome = services.apply_gateway_status(
        body={**body, "transaction_status": word, "status_code": "200"}, source="poll"
    )
    assert outcome == PaymentNotification.Outcome.STALE
    assert PaymentNotification.objects.get(attempt=attempt).transaction_status == word
    attempt.refresh_from_db()
    assert attempt.status == before
