"""Flash-sale units: admit a buyer (the edge, the Redis gate, or the database alone), take
the units for an order at the campaign price, and give unpaid units back. The purchase
itself, the order and its payment, is checkout's (checkout/flash.py).

Sold-out and limit-reached answers come before any order is made. The database refuses
to take more than the quota or the buyer's limit even without Redis, so a gate that is
down or wrong can slow a sale but never oversell it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import F

from niaga.core import clock, metrics
from niaga.core.errors import Conflict, DomainError, NotFound

from . import gate, shortcut
from .models import BuyerTake, CampaignItem, Claim


class SoldOut(Conflict):
    code = "sold_out"
    headers = dict([shortcut.EDGE_HEADER])  # the same for every buyer: the edge may repeat it


class LimitReached(Conflict):
    code = "limit_reached"


class NotOnSale(Conflict):
    code = "campaign_not_active"


# At the peak every attempt asks about the same item: each process keeps its (fixed)
# terms for a moment instead of asking SQL each time. What is left is never cached here:
# units given back by a buyer who failed must be sold again at once.
_ITEM_SECONDS = 2.0
_items: dict[int, tuple[float, CampaignItem]] = {}


def _item(item_id: int) -> CampaignItem | None:
    now = time.monotonic()
    cached = _items.get(item_id)
    if cached and cached[0] > now:
        return cached[1]
    related = ("campaign", "variant__product__store__owner", "variant__product__store__ships_from__location")
    item = CampaignItem.objects.select_related(*related).filter(pk=item_id).first()
    if item is not None:
        _items[item_id] = (now + _ITEM_SECONDS, item)
        publish_terms(item)  # an edit made elsewhere reaches the edge as it reaches this process
    return item


def publish_terms(item: CampaignItem) -> None:
    """Tell the edge this item's limit and window, so it can answer attempts by itself."""
    campaign = item.campaign
    gate.publish_terms(
        item_id=item.pk,
        limit=item.per_buyer_limit,
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
        left_in_db=item.left,
    )


def forget(item_id: int | None = None) -> None:
    """Drop what this process remembers (a campaign was edited; tests)."""
    _items.pop(item_id, None) if item_id else _items.clear()


def item_for_placing(item_id: int) -> CampaignItem:
    """An admitted buyer's item: the sale may have ended since the gate admitted them."""
    item = _item(item_id)
    if item is None:
        raise NotFound("Produk flash sale tidak ditemukan.", code="campaign_item_not_found")
    return item


def item_for_sale(item_id: int) -> CampaignItem:
    item = item_for_placing(item_id)
    now = clock.now()
    if now < item.campaign.starts_at:
        raise NotOnSale("Flash sale belum dimulai.")
    if now >= item.campaign.ends_at:
        raise NotOnSale("Flash sale sudah berakhir.")
    return item


@dataclass(frozen=True)
class Ticket:
    """A buyer let through to buy `quantity` of an item: by the edge (nginx holds the units), by
    the Redis gate (it promised them), or by neither (the database decides alone, at `take`)."""

    item_id: int
    buyer_id: int
    quantity: int
    path: str  # "edge", "redis" or "database": how the metrics name it

    @property
    def through_gate(self) -> bool:
        return self.path != "database"


def admit(*, item: CampaignItem, buyer, quantity: int, reservation: str = "") -> Ticket:
    """Let the buyer through, or refuse at once (SoldOut, LimitReached) before any order is made.
    `reservation`: the edge admitted this attempt already and holds its units under that name."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= item.per_buyer_limit:
        raise DomainError(
            f"Maksimal {item.per_buyer_limit} per pembeli.",
            code="invalid_quantity",
            fields={"quantity": f"1–{item.per_buyer_limit}."},
        )
    through_gate = claimed = False
    if gate.enabled():
        try:
            if reservation and gate.claim(
                reservation=reservation, item_id=item.pk, buyer_id=buyer.pk, quantity=quantity
            ):
                answer, claimed = gate.ADMITTED, True
            else:
                answer = gate.admit(
                    item_id=item.pk,
                    buyer_id=buyer.pk,
                    quantity=quantity,
                    limit=item.per_buyer_limit,
                    left_in_db=item.left,
                )
        except gate.GateDown:
            answer = None  # the database decides alone
        if answer == gate.SOLD_OUT:
            metrics.GATE.labels(answer="sold_out", path="redis").inc()
            shortcut.remember_sold_out(item.pk)
            raise SoldOut("Stok flash sale habis.")
        if answer == gate.LIMIT_REACHED:
            metrics.GATE.labels(answer="limit_reached", path="redis").inc()
            raise LimitReached(f"Batas {item.per_buyer_limit} per pembeli sudah tercapai.")
        through_gate = answer == gate.ADMITTED
    ticket = Ticket(
        item_id=item.pk,
        buyer_id=buyer.pk,
        quantity=quantity,
        path="edge" if claimed else "redis" if through_gate else "database",
    )
    if not through_gate:
        try:
            _check_unlocked(item=item, buyer=buyer, quantity=quantity)
        except (SoldOut, LimitReached) as exc:
            turned_back(ticket, exc)
            raise
    return ticket


def admitted(ticket: Ticket) -> None:
    """The buyer's order is made, or queued to be made."""
    metrics.GATE.labels(answer="admitted", path=ticket.path).inc()


def turned_back(ticket: Ticket, exc: Exception) -> None:
    """The purchase failed after the buyer was let through: a refusal of the sale's own is
    counted, and units the gate promised go back to it."""
    if isinstance(exc, SoldOut | LimitReached):
        metrics.GATE.labels(answer=exc.code, path=ticket.path).inc()
        if isinstance(exc, SoldOut):
            shortcut.remember_sold_out(ticket.item_id)
    if ticket.through_gate:
        gate.give_back(item_id=ticket.item_id, buyer_id=ticket.buyer_id, quantity=ticket.quantity)


def _check_unlocked(*, item: CampaignItem, buyer, quantity: int) -> None:
    """Without the gate, refuse a sold-out or over-limit attempt with two plain reads before
    making an order that `take` would only roll back."""
    if not CampaignItem.objects.filter(pk=item.pk, taken__lte=F("quota") - quantity).exists():
        raise SoldOut("Stok flash sale habis.")
    if BuyerTake.objects.filter(item=item, buyer=buyer, quantity__gt=item.per_buyer_limit - quantity).exists():
        raise LimitReached(f"Batas {item.per_buyer_limit} per pembeli sudah tercapai.")


def take(*, item: CampaignItem, buyer, quantity: int, order_number: str) -> None:
    """The units of the sale go to this order: the database's own check, and the authority.
    One conditional UPDATE for the quota, one for the buyer. Run it last in the order's
    transaction, so the item's row is locked for the commit only, not for the whole order."""
    Claim.objects.create(item=item, buyer=buyer, quantity=quantity, order_number=order_number, created_at=clock.now())
    if not CampaignItem.objects.filter(pk=item.pk, taken__lte=F("quota") - quantity).update(
        taken=F("taken") + quantity
    ):
        raise SoldOut("Stok flash sale habis.")
    BuyerTake.objects.bulk_create([BuyerTake(item=item, buyer=buyer)], ignore_conflicts=True)  # no savepoint
    if not BuyerTake.objects.filter(item=item, buyer=buyer, quantity__lte=item.per_buyer_limit - quantity).update(
        quantity=F("quantity") + quantity
    ):
        raise LimitReached(f"Batas {item.per_buyer_limit} per pembeli sudah tercapai.")


def release(*, order_number: str) -> int:
    """An admitted buyer's order was not paid: its units go back to the campaign, once."""
    given = 0
    now = clock.now()
    with transaction.atomic():
        for claim in Claim.objects.filter(order_number=order_number, released_at__isnull=True):
            if not Claim.objects.filter(pk=claim.pk, released_at__isnull=True).update(released_at=now):
                continue
            CampaignItem.objects.filter(pk=claim.item_id).update(taken=F("taken") - claim.quantity)
            BuyerTake.objects.filter(item_id=claim.item_id, buyer_id=claim.buyer_id).update(
                quantity=F("quantity") - claim.quantity
            )
            item_id, buyer_id, quantity = claim.item_id, claim.buyer_id, claim.quantity
            # Bound now: a lambda would see the loop's last claim.
            transaction.on_commit(partial(gate.give_back, item_id=item_id, buyer_id=buyer_id, quantity=quantity))
            transaction.on_commit(partial(shortcut.forget, item_id))
            given += claim.quantity
    return given
