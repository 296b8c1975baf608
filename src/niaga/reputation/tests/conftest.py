"""A store's history built row by row (orders and their timeline, reviews, complaints, chat),
as the apps that own them would have left it, so that each figure can be worked out by hand."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Reason, Resolution
from niaga.aftersales.status import Status as ComplaintStatus
from niaga.chat.models import Conversation, Message, Side
from niaga.core import clock
from niaga.orders.models import Order, OrderEvent
from niaga.orders.status import Actor, Status
from niaga.reviews.models import Review

_seq = itertools.count(1)


class History:
    def __init__(self, store, product, place, make_user, now: dt.datetime):
        self.store, self.product, self._place, self._make_user, self.now = store, product, place, make_user, now

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
        return self.now - dt.timedelta(days=days, hours=hours, minutes=minutes)

    def event(self, order: Order, from_status: str, to_status: str, actor: str, at: dt.datetime) -> None:
        OrderEvent.objects.create(
            order=order, from_status=from_status, to_status=to_status, actor_role=actor, created_at=at
        )

    def order(
        self,
        *,
        paid: dt.datetime | None,
        ship_by: dt.datetime | None = None,
        shipped: dt.datetime | None = None,
        delivered: dt.datetime | None = None,
        completed: dt.datetime | None = None,
        cancelled: tuple[str, str, dt.datetime] | None = None,  # (from status, actor, when)
    ) -> Order:
        """An order of the store that went through these moments, with its timeline."""
        order = self._place(product=self.product).orders.get()
        status = Status.AWAITING_PAYMENT
        if paid is not None:
            self.event(order, status, Status.TO_PACK, Actor.GATEWAY, paid)
            status = Status.TO_PACK
            ship_by = ship_by or paid + dt.timedelta(days=2)
        if shipped is not None:
            self.event(order, Status.TO_PACK, Status.READY_TO_SHIP, Actor.SELLER, shipped - dt.timedelta(hours=1))
            self.event(order, Status.READY_TO_SHIP, Status.SHIPPED, Actor.COURIER, shipped)
            status = Status.SHIPPED
        if delivered is not None:
            self.event(order, status, Status.DELIVERED, Actor.COURIER, delivered)
            status = Status.DELIVERED
        if completed is not None:
            self.event(order, status, Status.COMPLETED, Actor.BUYER, completed)
            status = Status.COMPLETED
        if cancelled is not None:
            from_status, actor, when = cancelled
            self.event(order, from_status, Status.CANCELLED, actor, when)
            status = Status.CANCELLED
        Order.objects.filter(pk=order.pk).update(status=status, paid_at=paid, ship_by=ship_by, shipped_at=shipped)
        order.refresh_from_db()
        return order

    def review(self, order: Order, rating: int, at: dt.datetime, *, hidden: bool = False) -> Review:
        line = order.lines.get()
        return Review.objects.create(
            line=line,
            order=order,
            product=self.product,
            store=self.store,
            buyer=order.buyer,
            rating=rating,
            text="Ulasan uji",
            created_at=at,
            hidden_at=at + dt.timedelta(hours=1) if hidden else None,
            hidden_reason="Melanggar aturan" if hidden else "",
        )

    def complaint(self, order: Order, at: dt.datetime, *, escalated: bool = False, status=None) -> Complaint:
        complaint = Complaint.objects.create(
            number=f"KMP-UJI-{next(_seq)}",
            order=order,
            buyer=order.buyer,
            store=self.store,
            reason=Reason.DAMAGED,
            description="Barang pecah",
            resolution=Resolution.REFUND_ONLY,
            status=status or ComplaintStatus.AWAITING_SELLER,
            respond_by=at + dt.timedelta(days=2),
            escalated_at=at + dt.timedelta(days=3) if escalated else None,
        )
        Complaint.objects.filter(pk=complaint.pk).update(created_at=at)  # created_at is stamped on insert
        return complaint

    def chat(self, *steps: tuple[str, dt.datetime]) -> Conversation:
        """One conversation: ("b" buyer | "s" seller, when) in order."""
        buyer = self._make_user("Penanya")
        conversation = Conversation.objects.create(buyer=buyer, store=self.store, created_at=steps[0][1])
        for who, at in steps:
            side = Side.BUYER if who == "b" else Side.SELLER
            sender = buyer if side == Side.BUYER else self.store.owner
            Message.objects.create(
                conversation=conversation, side=side, sender=sender, body="Halo", shown_body="Halo", created_at=at
            )
        return conversation


@pytest.fixture
def history(make_store, make_product, place, make_user):
    def make(now: dt.datetime | None = None, **store_kw) -> History:
        store = make_store(**store_kw)
        product = make_product(store, name="Kalkulator Scientific", price=250_000, stock=100)
        return History(store, product, place, make_user, now or clock.now())

    return make
