"""Writes for orders: placing them, and every move of their status.

A move is one guarded UPDATE ... WHERE status = <from>: if two workers race (a payment
and the expiry sweep), exactly one wins and the other sees it lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from niaga import audit
from niaga.core import clock, metrics
from niaga.core.errors import Conflict, DomainError
from niaga.core.ids import random_code, random_digits
from niaga.inventory import locations as inventory_locations
from niaga.inventory import services as inventory
from niaga.stores.models import Store

from . import effects, notices
from .models import Order, OrderEvent, OrderGroup, OrderLine
from .origin import Origin, address_digest
from .status import Actor, Status, allowed


class InvalidTransition(Conflict):
    code = "invalid_transition"


class OrderHeld(Conflict):
    code = "order_held"


HELD_MESSAGE = (
    "Pesanan {number} sedang ditinjau tim Niaga. Jangan dikemas atau dikirim dulu; kami kabari begitu boleh diproses."
)


def refuse_if_held(order: Order, role: str = Actor.SELLER) -> None:
    """A held order moves only by the operator's decision (or the system's): the seller waits."""
    if order.held and role not in (Actor.OPERATOR, Actor.SYSTEM):
        raise OrderHeld(HELD_MESSAGE.format(number=order.number))


@dataclass
class LineDraft:
    variant_id: int
    product_name: str
    variant_name: str
    unit_price: int
    quantity: int
    weight_grams: int
    stock_id: int | None = None  # the variant's Stock, when the caller read it already


@dataclass
class OrderDraft:
    store_id: int
    store_code: str
    courier_code: str
    courier_name: str
    shipping_eta: str
    shipping_cost: int
    lines: list[LineDraft] = field(default_factory=list)
    note: str = ""
    store: Store | None = None  # when the caller has it loaded already
    location_id: int | None = None  # where the units are held: the store's ship-from location when None

    @property
    def subtotal(self) -> int:
        return sum(line.unit_price * line.quantity for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.weight_grams * line.quantity for line in self.lines)


def _order_number(today: dt.date, store_code: str) -> str:
    # Shaped like the invoices Indonesian buyers know: INV/20261122/MPL/1234567890.
    return f"INV/{today:%Y%m%d}/{store_code}/{random_digits(10)}"


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    lines: list[OrderLine]


@dataclass(frozen=True)
class Placed:
    """What `place_orders` wrote: the group, and each order with its lines, as they stand in
    the database, so callers (the charge's item list, the API's answer) need not read them again."""

    group: OrderGroup
    orders: list[PlacedOrder]

    @property
    def order_list(self) -> list[Order]:
        return [placed.order for placed in self.orders]


def place_orders(
    *,
    buyer,
    drafts: list[OrderDraft],
    shipping_address: dict,
    payment_method: str,
    service_fee: int,
    payment_due_at: dt.datetime,
    origin: Origin | None = None,
) -> Placed:
    """Create the group, its orders and their lines, and reserve every unit — or nothing.

    Raises OutOfStock naming the item that ran out. Placing is all or nothing together with
    the caller's transaction: an error leaves that transaction to roll back whole (no
    savepoint of its own), so a caller that wants to carry on after a refusal opens one.
    """
    now = clock.now()
    today = timezone.localdate(now)
    with transaction.atomic(savepoint=False):
        subtotal = sum(d.subtotal for d in drafts)
        shipping_total = sum(d.shipping_cost for d in drafts)
        group = OrderGroup.objects.create(
            code=f"NGA-{today:%y%m%d}-{random_code(8)}",
            buyer=buyer,
            payment_method=payment_method,
            subtotal=subtotal,
            shipping_total=shipping_total,
            service_fee=service_fee,
            total=subtotal + shipping_total + service_fee,
            payment_due_at=payment_due_at,
            placed_ip=origin.ip if origin else None,
            placed_device=origin.device if origin else "",
            placed_address=address_digest(shipping_address),
        )
        orders = Order.objects.bulk_create(
            Order(
                number=_order_number(today, draft.store_code),
                group=group,
                buyer=buyer,
                store_id=draft.store_id,
                shipping_address=shipping_address,
                buyer_city=str(shipping_address.get("regency", ""))[:80],
                courier_code=draft.courier_code,
                courier_name=draft.courier_name,
                shipping_eta=draft.shipping_eta,
                weight_grams=draft.weight_grams,
                subtotal=draft.subtotal,
                shipping_cost=draft.shipping_cost,
                total=draft.subtotal + draft.shipping_cost,
                note=draft.note[:200],
                payment_due_at=payment_due_at,
            )
            for draft in drafts
        )
        placed: list[PlacedOrder] = []
        holds: list[inventory.Hold] = []
        for order, draft in zip(orders, drafts, strict=True):
            if draft.store is not None:
                order.store = draft.store  # already read with the cart: no query for it later
            placed.append(
                PlacedOrder(
                    order=order,
                    lines=[
                        OrderLine(
                            order=order,
                            variant_id=line.variant_id,
                            product_name=line.product_name,
                            variant_name=line.variant_name,
                            unit_price=line.unit_price,
                            quantity=line.quantity,
                            weight_grams=line.weight_grams,
                        )
                        for line in draft.lines
                    ],
                )
            )
            location_id = draft.location_id or inventory_locations.default_for_store(draft.store_id)
            holds += [
                inventory.Hold(
                    variant_id=line.variant_id,
                    quantity=line.quantity,
                    reference=order.number,
                    stock_id=line.stock_id,
                    location_id=location_id,
                    store_id=draft.store_id,
                )
                for line in draft.lines
            ]
        OrderLine.objects.bulk_create([line for p in placed for line in p.lines])
        events = OrderEvent.objects.bulk_create(
            OrderEvent(
                order=order,
                from_status="",
                to_status=Status.AWAITING_PAYMENT,
                actor_role=Actor.BUYER,
                actor=buyer,
                reason="Pesanan dibuat",
                created_at=now,
            )
            for order in orders
        )
        for order, event in zip(orders, events, strict=True):
            effects.run(effects.Move(order=order, event=event))
        # Last: a popular variant's stock row is updated by every buyer and stays locked until
        # commit, so it is taken after everything else is written.
        inventory.reserve_many(holds=holds, actor=buyer, actor_label="pembeli")
    metrics.ORDERS.inc(len(orders))
    return Placed(group=group, orders=placed)


def _event(order: Order, from_status: str, to_status: str, role: str, actor, reason: str, when) -> OrderEvent:
    """The move's line on the order's timeline, saved by `_record` once the order has moved."""
    return OrderEvent(
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor_role=role,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:255],
        created_at=when,
    )


def _record(move: effects.Move) -> None:
    move.event.save()
    effects.run(move)


def transition(
    *,
    order: Order,
    to_status: str,
    role: str,
    actor=None,
    reason: str = "",
    when=None,
    fields: dict | None = None,
    request=None,
) -> Order:
    """Move an order along the table, or raise InvalidTransition and change nothing.

    Everything the move sets off is its row of EFFECTS (status.py); `fields` are only what the
    mover knows (an AWB), the dates are the row's stamps. A move by Niaga's operator is also
    written to the audit trail (with the operator's address when `request` is given).
    """
    from_status = order.status
    refuse_if_held(order, role)
    if not allowed(from_status, to_status, role):
        raise InvalidTransition(
            f"Pesanan {order.number} tidak bisa diubah dari {Status(from_status).label} ke {Status(to_status).label}."
        )
    when = when or clock.now()
    move = effects.Move(order=order, event=_event(order, from_status, to_status, role, actor, reason, when))
    extra = {**(fields or {}), **effects.stamps(move)}
    with transaction.atomic():
        if order.held:
            extra["held"] = False  # the operator's decision, or the system's, ends the hold
        moved = Order.objects.filter(pk=order.pk, status=from_status).update(status=to_status, updated_at=when, **extra)
        if not moved:
            order.refresh_from_db()
            raise InvalidTransition(f"Pesanan {order.number} sudah berubah menjadi {order.status_label}.")
        order.status = to_status
        for key, value in extra.items():
            setattr(order, key, value)
        _record(move)
        if role == Actor.OPERATOR:
            audit.record(
                "order.moved_by_operator",
                actor=move.event.actor,
                user=order.buyer,
                request=request,
                target=order,
                changes={"order": order.number, "status": [from_status, to_status]},
                note=reason,
            )
    return order


def cancel_unpaid_group(*, group: OrderGroup, role: str, actor=None, reason: str) -> list[Order]:
    """Cancel every still-unpaid order of a checkout (one payment covers them all)."""
    cancelled = []
    with transaction.atomic():
        inventory.lock_stocks(references=list(group.orders.values_list("number", flat=True)))
        for order in group.orders.filter(status=Status.AWAITING_PAYMENT):
            try:
                cancelled.append(
                    transition(order=order, to_status=Status.CANCELLED, role=role, actor=actor, reason=reason)
                )
            except InvalidTransition:
                continue  # paid or cancelled meanwhile
    return cancelled


def buyer_cancel(*, group: OrderGroup, buyer, reason: str = "") -> list[Order]:
    if not group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
        raise InvalidTransition("Pesanan ini sudah dibayar atau dibatalkan, tidak bisa dibatalkan lagi.")
    return cancel_unpaid_group(
        group=group, role=Actor.BUYER, actor=buyer, reason=(reason or "Dibatalkan pembeli").strip()[:255]
    )


def mark_group_paid(*, group: OrderGroup, reason: str, when=None) -> tuple[list[Order], list[Order]]:
    """Payment verified: every unpaid order of the group goes to "Perlu Dikemas".

    Returns (paid, missed): orders cancelled before the money arrived are in `missed`, for
    the payments side to refund.
    """
    when = when or clock.now()
    paid, missed = [], []
    with transaction.atomic():
        inventory.lock_stocks(references=list(group.orders.values_list("number", flat=True)))
        for order in group.orders.select_for_update().order_by("pk"):
            if order.status == Status.AWAITING_PAYMENT:
                paid.append(
                    transition(order=order, to_status=Status.TO_PACK, role=Actor.GATEWAY, reason=reason, when=when)
                )
            elif order.status == Status.CANCELLED and order.paid_at is None:
                missed.append(order)
        if paid:
            OrderGroup.objects.filter(pk=group.pk, paid_at__isnull=True).update(paid_at=when)
    return paid, missed


def hold(*, order: Order) -> Order:
    """A paid order waits for the fraud review: no ship-by deadline runs until it is released.

    Called by the review (risk) from the payment's move, before the seller is told to pack
    (the "notify" effect reads `held`)."""
    if order.status != Status.TO_PACK:
        raise InvalidTransition(f"Pesanan {order.number} tidak sedang menunggu dikemas.")
    Order.objects.filter(pk=order.pk).update(held=True, ship_by=None)
    order.held, order.ship_by = True, None
    return order


def release_hold(*, order: Order, when=None) -> Order:
    """The review let the order go: the ship-by deadline counts from now and the seller is told
    to pack, as a paid order's seller always is."""
    when = when or clock.now()
    with transaction.atomic():
        ship_by = effects.ship_deadline(when)
        if not Order.objects.filter(pk=order.pk, held=True, status=Status.TO_PACK).update(
            held=False, ship_by=ship_by, updated_at=when
        ):
            order.refresh_from_db()
            raise InvalidTransition(f"Pesanan {order.number} tidak sedang ditahan.")
        order.held, order.ship_by = False, ship_by
        notices.tell_seller_to_pack(order)
    return order


def set_payment_deadline(*, group: OrderGroup, due_at: dt.datetime) -> int:
    """The gateway fixed when its charge expires: that is the checkout's one deadline.

    Written on the group and on its orders still awaiting payment, so the payment page, the
    order pages, the e-mail and the expiry sweep all read the gateway's time. Returns how
    many orders took it.
    """
    with transaction.atomic():
        OrderGroup.objects.filter(pk=group.pk, paid_at__isnull=True).update(payment_due_at=due_at)
        moved = Order.objects.filter(group_id=group.pk, status=Status.AWAITING_PAYMENT).update(payment_due_at=due_at)
    group.payment_due_at = due_at
    return moved


def cancel_overdue(*, now=None, limit: int = 500) -> int:
    """Cancel orders unpaid past their deadline and release their stock.

    Idempotent and safe to run in several workers at once: each order moves at most once.
    """
    now = now or clock.now()
    overdue = Order.objects.filter(status=Status.AWAITING_PAYMENT, payment_due_at__lte=now).order_by("payment_due_at")
    return _sweep(overdue[:limit], Status.CANCELLED, "Batas waktu pembayaran habis", now)


def seller_pack(*, order: Order, seller, awb: str = "", reason: str = "Pesanan dikemas") -> Order:
    """Packed and labelled: "Siap Dikirim" (with the courier's AWB when it was booked)."""
    return transition(
        order=order,
        to_status=Status.READY_TO_SHIP,
        role=Actor.SELLER,
        actor=seller,
        reason=reason,
        fields={"awb": awb} if awb else None,
    )


def courier_update(*, order: Order, to_status: str, reason: str, when) -> Order:
    """The courier took, delivered, returned or lost the parcel (what that starts or stops,
    the buyer's confirmation window among it, is the move's row of EFFECTS)."""
    return transition(order=order, to_status=to_status, role=Actor.COURIER, reason=reason, when=when)


def cancel_units(*, order: Order, line: OrderLine, quantity: int, actor, reason: str) -> OrderLine:
    """The seller cannot send `quantity` units of a line (short pick); the rest still ships and
    the buyer gets these units' money back (the UNITS_CANCELLED row of EFFECTS)."""
    if order.status != Status.TO_PACK:
        raise InvalidTransition("Barang hanya bisa dibatalkan sebelum pesanan dikemas.")
    refuse_if_held(order)
    with transaction.atomic():
        moved = OrderLine.objects.filter(pk=line.pk, order=order, cancelled_quantity=line.cancelled_quantity).update(
            cancelled_quantity=line.cancelled_quantity + quantity
        )
        if not moved or not 0 < quantity <= line.to_send:
            raise Conflict("Jumlah barang sudah berubah. Muat ulang halaman.", code="line_changed")
        line.cancelled_quantity += quantity
        event = _event(order, order.status, order.status, Actor.SELLER, actor, reason, clock.now())
        _record(effects.Move(order=order, event=event, line=line, quantity=quantity))
    return line


_AWB = re.compile(r"^[A-Z0-9]{8,30}$")


def seller_ship(*, order: Order, seller, awb: str) -> Order:
    """Handed to the courier with the seller's own AWB (nomor resi)."""
    awb = re.sub(r"[\s-]", "", awb or "").upper()
    if not _AWB.match(awb):
        raise DomainError("Nomor resi 8–30 huruf/angka.", code="invalid_awb", fields={"awb": "Nomor resi tidak valid."})
    return transition(
        order=order,
        to_status=Status.SHIPPED,
        role=Actor.SELLER,
        actor=seller,
        reason=f"Dikirim dengan {order.courier_name}, resi {awb}",
        fields={"awb": awb},
    )


def buyer_confirm(*, order: Order, buyer) -> Order:
    """ "Pesanan Diterima": the buyer has the parcel; escrow goes to the seller."""
    return transition(
        order=order, to_status=Status.COMPLETED, role=Actor.BUYER, actor=buyer, reason="Pesanan diterima pembeli"
    )


def cancel_unshipped(*, now=None, limit: int = 500) -> int:
    """Paid orders the seller did not ship in time: cancelled (the payments side refunds)."""
    now = now or clock.now()
    return _sweep(
        Order.objects.filter(status__in=[Status.TO_PACK, Status.READY_TO_SHIP], ship_by__lte=now).order_by("ship_by")[
            :limit
        ],
        Status.CANCELLED,
        "Penjual tidak mengirim sebelum batas waktu",
        now,
    )


def complete_unconfirmed(*, now=None, limit: int = 500) -> int:
    """Shipped orders nobody confirmed in time complete by themselves (escrow to the seller)."""
    now = now or clock.now()
    return _sweep(
        Order.objects.filter(status__in=[Status.SHIPPED, Status.DELIVERED], confirm_by__lte=now).order_by("confirm_by")[
            :limit
        ],
        Status.COMPLETED,
        "Selesai otomatis: batas konfirmasi pembeli lewat",
        now,
    )


def _sweep(orders, to_status: str, reason: str, now) -> int:
    """Move each order once; another worker that got there first is simply skipped."""
    moved = 0
    for order in orders:
        try:
            transition(order=order, to_status=to_status, role=Actor.SYSTEM, reason=reason, when=now)
            moved += 1
        except InvalidTransition:
            continue
    return moved
