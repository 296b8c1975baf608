"""Reads of the chat, always scoped to who asks: a buyer sees their own conversations, a seller
their store's. Anyone else's conversation, message or picture is simply not found (404)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from .models import Message, Side


@dataclass(frozen=True)
class ResponseFigures:
    """How a store answers its buyers, for its reputation ("Chat dibalas ≈ 5 menit").

    asked: questions, i.e. buyer messages that found no unanswered buyer message before them in
    their conversation (follow-ups to a pending question are part of it); answered: those the
    seller answered; median_seconds: from a question's first message to the seller's next one.
    """

    asked: int
    answered: int
    median_seconds: int | None

    @property
    def rate(self) -> float | None:
        """Share of questions answered (0..1); None when nobody asked."""
        return self.answered / self.asked if self.asked else None


def response_figures(store_id: int, since: dt.datetime) -> ResponseFigures:
    """Questions asked to the store from `since` on, and how fast they were answered.

    Walks each conversation's messages from `since` in the order they were sent: a buyer
    message with no question pending opens one; the seller's next message answers it (its
    wait is the time between the two); a seller message with nothing pending answers nothing.
    A question still pending counts as asked, not answered. The median of an even number of
    waits is the mean of the middle two, rounded down to a whole second.
    """
    rows = (
        Message.objects.filter(conversation__store_id=store_id, created_at__gte=since)
        .order_by("conversation_id", "created_at", "pk")
        .values_list("conversation_id", "side", "created_at")
    )
    asked = 0
    waits: list[float] = []
    current: int | None = None
    pending: dt.datetime | None = None
    for conversation_id, side, created_at in rows.iterator(chunk_size=2000):
        if conversation_id != current:
            current, pending = conversation_id, None
        if side == Side.BUYER:
            if pending is None:
                pending = created_at
                asked += 1
        elif pending is not None:
            waits.append((created_at - pending).total_seconds())
            pending = None
    median = int(statistics.median(waits)) if waits else None
    return ResponseFigures(asked=asked, answered=len(waits), median_seconds=median)
