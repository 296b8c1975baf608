"""Reputation's chat figure from a constructed history, against figures worked out by hand."""

import datetime as dt

import pytest

from niaga.chat.models import Conversation, Message, Side
from niaga.chat.selectors import response_figures

T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def history(conversation: Conversation, *steps: tuple[str, float]) -> None:
    """Messages written at T0 + minutes, by "b" (buyer) or "s" (seller)."""
    for who, minutes in steps:
        side = Side.BUYER if who == "b" else Side.SELLER
        sender = conversation.buyer if side == Side.BUYER else conversation.store.owner
        Message.objects.create(
            conversation=conversation, side=side, sender=sender, body="x", shown_body="x", created_at=at(minutes)
        )


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def thread(store, make_user):
    return lambda: Conversation.objects.create(buyer=make_user("Pembeli"), store=store, created_at=T0)


@pytest.mark.django_db
def test_figures_from_a_constructed_history(store, thread, make_store, make_user):
    # Conversation A: a question of two messages answered 10 min after its first message (wait 600 s),
    # then a seller follow-up (answers nothing), then a question answered after 30 min (1800 s).
    history(thread(), ("b", 0), ("b", 5), ("s", 10), ("s", 12), ("b", 60), ("s", 90))
    # Conversation B: the seller writes first (nothing pending), a question answered in 2 min (120 s),
    # and a last question never answered.
    history(thread(), ("s", 0), ("b", 1), ("s", 3), ("b", 200))
    # Conversation C: asked and answered BEFORE the window (not counted), then a question in the
    # window answered after 1 h 0 min 30 s (3630 s).
    history(thread(), ("b", -120), ("s", -100), ("b", 100), ("s", 160.5))
    # Another store's conversation never counts.
    other = Conversation.objects.create(buyer=make_user("Pembeli"), store=make_store(), created_at=T0)
    history(other, ("b", 0), ("s", 1))

    figures = response_figures(store.pk, since=at(0))

    # Questions: A1, A2, B1, B2, C2 = 5; answered: A1 600, A2 1800, B1 120, C2 3630 = 4.
    # Median of 120, 600, 1800, 3630 = (600 + 1800) / 2 = 1200.
    assert figures.asked == 5
    assert figures.answered == 4
    assert figures.median_seconds == 1200
    assert figures.rate == pytest.approx(0.8)


@pytest.mark.django_db
def test_the_window_cuts_by_when_a_question_was_asked(store, thread):
    history(thread(), ("b", 0), ("s", 7), ("b", 20), ("s", 21))
    # From minute 10 on, only the second question (60 s) is in the window.
    figures = response_figures(store.pk, since=at(10))
    assert (figures.asked, figures.answered, figures.median_seconds) == (1, 1, 60)


@pytest.mark.django_db
def test_a_store_nobody_asked_has_no_figures(store):
    figures = response_figures(store.pk, since=at(0))
    assert (figures.asked, figures.answered, figures.median_seconds, figures.rate) == (0, 0, None, None)


@pytest.mark.django_db
def test_unanswered_questions_count_as_asked_only(store, thread):
    history(thread(), ("b", 0), ("b", 1))
    history(thread(), ("b", 2))
    figures = response_figures(store.pk, since=at(0))
    assert (figures.asked, figures.answered, figures.median_seconds) == (2, 0, None)
