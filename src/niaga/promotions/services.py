"""Flash-sale checkout: admit a buyer (Redis gate, then the database's own conditional
updates), place one order at the campaign price, and give unpaid units back.

Sold-out and limit-reached answers come before any order is made. The database refuses
to take more than the quota or the buyer's limit even without Redis, so a gate that is
down or wrong can slow a sale but never oversell it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F

from niaga.accounts import selectors as accounts
from niaga.checkout import services as checkout
from niaga.core import clock, metrics, paymethods
from niaga.core.errors import Conflict, DomainError, NotFound
from niaga.orders import services as orders
from niaga.orders.models import OrderGroup
from niaga.payments import services as payments

from . import admissions, gate, shortcut
from .models import Admission, BuyerTake, CampaignItem, Claim


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


def item_for_sale(item_id: int) -> CampaignItem:
    item = _item(item_id)
    if item is None:
        raise NotFound("Produk flash sale tidak ditemukan.", code="campaign_item_not_found")
    now = clock.now()
    if now < item.campaign.starts_at:
        raise NotOnSale("Flash sale belum dimulai.")
    if now >= item.campaign.ends_at:
        raise NotOnSale("Flash sale sudah berakhir.")
    return item


def buy_now(
    *, user, item_id: int, quantity: int, address_id: int, payment_method: str, courier: str = "", reservation: str = ""
) -> OrderGroup | Admission:
    """ "Beli Sekarang" in a flash sale: admitted or refused at once, then one order: placed
    here (the database path), or by a job consumer when the gate admitted (an Admission).
    `reservation`: the edge admitted this attempt already and holds its units under that name."""
    item = item_for_sale(item_id)
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
                reservation=reservation, item_id=item.pk, buyer_id=user.pk, quantity=quantity
            ):
                answer, claimed = gate.ADMITTED, True
            else:
                answer = gate.admit(
                    item_id=item.pk,
                    buyer_id=user.pk,
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
    path = "edge" if claimed else "redis" if through_gate else "database"
    try:
        if not through_gate:
            _check_unlocked(item=item, buyer=user, quantity=quantity)
        plan = _plan(
            user=user,
            item=item,
            quantity=quantity,
            address_id=address_id,
            payment_method=payment_method,
            courier=courier,
        )
        if through_gate and settings.NIAGA_FLASH_PLACE_LATER:
            # The gate has promised the units: answer now, and let a job consumer make the
            # order, so admissions never wait behind order placement at the peak.
            admission = admissions.enqueue(user=user, item=item, quantity=quantity, plan=plan)
            metrics.GATE.labels(answer="admitted", path=path).inc()
            return admission
        group = commit_order(user=user, item=item, quantity=quantity, plan=plan)
    except (SoldOut, LimitReached) as exc:
        metrics.GATE.labels(answer=exc.code, path=path).inc()
        if isinstance(exc, SoldOut):
            shortcut.remember_sold_out(item.pk)
        if through_gate:
            gate.give_back(item_id=item.pk, buyer_id=user.pk, quantity=quantity)
        raise
    except Exception:
        if through_gate:
            gate.give_back(item_id=item.pk, buyer_id=user.pk, quantity=quantity)
        raise
    metrics.GATE.labels(answer="admitted", path=path).inc()
    # Outside the transaction: the order exists even if the gateway is slow. The charge also
    # queues the buyer's payment instructions e-mail (rendered by the job, not here).
    group.attempt = payments.charge(group=group, attempt=group.attempt)
    return group


@dataclass(frozen=True)
class Plan:
    """What the buyer chose, checked: where to, how to pay, which courier."""

    address: object
    address_id: int
    method: object
    courier: object


def _plan(*, user, item: CampaignItem, quantity: int, address_id: int, payment_method: str, courier: str) -> Plan:
    store = item.variant.product.store
    address = accounts.address_for(user, address_id) if isinstance(address_id, int) else None
    if address is None:
        raise DomainError("Pilih alamat pengiriman.", code="invalid_address", fields={"address_id": "Wajib diisi."})
    method = paymethods.get(payment_method or "")
    if method is None or method.code not in store.payment_methods:
        raise DomainError(
            "Pilih metode pembayaran yang diterima toko.",
            code="invalid_payment_method",
            fields={"payment_method": "Tidak tersedia."},
        )
    offer = shipping_options(item=item, address=address, quantity=quantity)
    chosen = offer.get(courier) if courier else (offer.options[0] if offer.options else None)
    if chosen is None:
        raise DomainError(
            "Kurir tidak tersedia untuk alamat ini.", code="invalid_courier", fields={"courier": "Tidak tersedia."}
        )
    return Plan(address=address, address_id=address_id, method=method, courier=chosen)


def shipping_options(*, item: CampaignItem, address, quantity: int):
    """The couriers' options for `quantity` of the item to the address, cheapest first: what the
    buy form shows, and what the order charges."""
    store, weight = item.variant.product.store, item.variant.product.weight_grams * quantity
    return checkout.shipping_offer(store=store, address=address, weight_grams=weight, value=item.price * quantity)


def payment_deadline(method) -> dt.datetime:
    """The method's deadline, or NIAGA_FLASH_PAYMENT_MINUTES if sooner: unpaid units must come
    back while the sale is still on."""
    now = clock.now()
    return min(checkout.payment_deadline(method, now), now + dt.timedelta(minutes=settings.NIAGA_FLASH_PAYMENT_MINUTES))


def commit_order(*, user, item: CampaignItem, quantity: int, plan: Plan) -> OrderGroup:
    """One order at the campaign price, in one transaction (opened here, or the caller's)."""
    variant, store = item.variant, item.variant.product.store
    chosen, method = plan.courier, plan.method
    with transaction.atomic():
        group = orders.place_orders(
            buyer=user,
            drafts=[
                orders.OrderDraft(
                    store_id=store.pk,
                    store=store,
                    store_code=checkout.store_code(store),
                    courier_code=chosen.code,
                    courier_name=chosen.name,
                    shipping_eta=chosen.eta,
                    shipping_cost=chosen.cost,
                    note=f"Flash sale {item.campaign.name}"[:200],
                    lines=[
                        orders.LineDraft(
                            variant_id=variant.pk,
                            product_name=variant.product.name,
                            variant_name=variant.name,
                            unit_price=item.price,
                            quantity=quantity,
                            weight_grams=variant.product.weight_grams,
                        )
                    ],
                )
            ],
            shipping_address=checkout.address_snapshot(plan.address),
            payment_method=method.code,
            service_fee=settings.NIAGA_SERVICE_FEE,
            payment_due_at=payment_deadline(method),
            savepoint=False,
        )
        Claim.objects.create(
            item=item, buyer=user, quantity=quantity, order_number=group.placed[0].number, created_at=clock.now()
        )
        group.attempt = payments.open_first_attempt(group=group)
        # Last: every buyer of the sale updates this one row, and holds its lock until commit.
        _take(item=item, buyer=user, quantity=quantity)
    return group


def item_for_placing(item_id: int) -> CampaignItem:
    """An admitted buyer's item: the sale may have ended since the gate admitted them."""
    item = _item(item_id)
    if item is None:
        raise NotFound("Produk flash sale tidak ditemukan.", code="campaign_item_not_found")
    return item


def plan_for(admission: Admission, item: CampaignItem) -> Plan:
    """The admitted buyer's choices, checked again: an address can be deleted meanwhile."""
    return _plan(
        user=admission.buyer,
        item=item,
        quantity=admission.quantity,
        address_id=admission.address_id,
        payment_method=admission.payment_method,
        courier=admission.courier,
    )


def _check_unlocked(*, item: CampaignItem, buyer, quantity: int) -> None:
    """Without the gate, refuse a sold-out or over-limit attempt with two plain reads before
    making an order that `_take` would only roll back."""
    if not CampaignItem.objects.filter(pk=item.pk, taken__lte=F("quota") - quantity).exists():
        raise SoldOut("Stok flash sale habis.")
    if BuyerTake.objects.filter(item=item, buyer=buyer, quantity__gt=item.per_buyer_limit - quantity).exists():
        raise LimitReached(f"Batas {item.per_buyer_limit} per pembeli sudah tercapai.")


def _take(*, item: CampaignItem, buyer, quantity: int) -> None:
    """The database's own check, and the authority: one conditional UPDATE for the quota,
    one for the buyer. Runs last in the order's transaction, so the item's row is locked
    for the commit only, not for the whole order."""
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


def resync_gate(*, item: CampaignItem) -> None:
    item.refresh_from_db()
    gate.resync(item_id=item.pk, left_in_db=item.left, buyers=dict(item.buyers.values_list("buyer_id", "quantity")))
