"""A flash sale's order: one item at the campaign price, the buyer's choices checked by the
same rules as "Buat Pesanan" (placing.py). `services.buy_now` places it in the request, or
admissions.py by a job consumer when the gate admitted the buyer. `buy_choices`: what the
"Beli Sekarang" form offers, quoted as the purchase charges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from niaga.accounts import selectors as accounts
from niaga.accounts.models import Address
from niaga.core import clock, paymethods
from niaga.core.pages import parse_int
from niaga.orders import services as orders
from niaga.promotions import services as promotions
from niaga.promotions.models import Admission, CampaignItem
from niaga.shipping import rates
from niaga.shipping.couriers import Rate

from . import placing
from .placing import Placement


@dataclass(frozen=True)
class Plan:
    """What the buyer chose, checked: where to, how to pay, which courier."""

    address: Address
    method: paymethods.PayMethod
    courier: Rate

    @property
    def address_id(self) -> int:
        return self.address.pk


def plan(*, user, item: CampaignItem, quantity: int, address_id: int | None, payment_method: str, courier: str) -> Plan:
    """The buyer's choices checked by checkout's rules: their own address, within a courier's
    reach, a method the store accepts (or saldo that covers the total)."""
    store = item.variant.product.store
    address = placing.address_of(user, address_id)
    offer = shipping_options(item=item, address=address, quantity=quantity)
    chosen = placing.courier_for(store=store, address=address, offer=offer, wanted=courier, field="courier")
    total = item.price * quantity + chosen.cost + placing.service_fee()
    method = placing.accepted_method(payment_method, accepted=store.payment_methods, user=user, total=total)
    return Plan(address=address, method=method, courier=chosen)


def plan_for(admission: Admission, item: CampaignItem) -> Plan:
    """The admitted buyer's choices, checked again: an address can be deleted meanwhile."""
    return plan(
        user=admission.buyer,
        item=item,
        quantity=admission.quantity,
        address_id=admission.address_id,
        payment_method=admission.payment_method,
        courier=admission.courier,
    )


def shipping_options(*, item: CampaignItem, address: Address, quantity: int) -> rates.Offer:
    """The couriers' options for `quantity` of the item to the address, cheapest first: what the
    buy form shows, and what the order charges."""
    store, weight = item.variant.product.store, item.variant.product.weight_grams * quantity
    return placing.shipping_offer(store=store, address=address, weight_grams=weight, value=item.price * quantity)


def payment_deadline(method: paymethods.PayMethod) -> dt.datetime:
    """The method's deadline, or NIAGA_FLASH_PAYMENT_MINUTES if sooner: unpaid units must come
    back while the sale is still on."""
    return placing.payment_deadline(
        method, clock.now(), within=dt.timedelta(minutes=settings.NIAGA_FLASH_PAYMENT_MINUTES)
    )


def commit_order(*, user, item: CampaignItem, quantity: int, plan: Plan) -> Placement:
    """One order at the campaign price, in one transaction (opened here, or the caller's)."""
    variant, store = item.variant, item.variant.product.store
    with transaction.atomic():
        placement = placing.place(
            user=user,
            address=plan.address,
            method=plan.method,
            drafts=[
                placing.draft(
                    store=store,
                    courier=plan.courier,
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
            due_at=payment_deadline(plan.method),
        )
        # Last: every buyer of the sale updates this one row, and holds its lock until commit.
        promotions.take(item=item, buyer=user, quantity=quantity, order_number=placement.placed.orders[0].order.number)
    return placement


@dataclass(frozen=True)
class BuyChoices:
    """What the buyer picks on a flash "Beli Sekarang" form: the shipping address (its couriers
    quoted for it), the payment methods the store accepts, and the quantity."""

    addresses: list
    address_id: int | None
    methods: list[paymethods.PayMethod]
    method: str
    couriers: list[Rate]  # cheapest first, for `address_id` and `quantity`
    courier: str
    quantities: range
    quantity: int


def buy_choices(user, item: CampaignItem, chosen=None, *, addresses: list | None = None) -> BuyChoices:
    """The buyer's own addresses and the quote for the one chosen (`chosen`: the form's last
    values, as its re-quote sends them; else the first address): the same courier quote the
    purchase charges (`shipping_options`)."""
    chosen = chosen or {}
    store = item.variant.product.store
    if addresses is None:
        addresses = list(accounts.addresses_for(user)) if user.is_authenticated else []
    wanted = parse_int(str(chosen.get("address_id", "")), minimum=1)
    address = next((a for a in addresses if a.pk == wanted), addresses[0] if addresses else None)
    quantity = parse_int(str(chosen.get("quantity", "")), minimum=1, maximum=item.per_buyer_limit) or 1
    methods = [m for code, m in paymethods.METHODS.items() if code in store.payment_methods]
    couriers: list[Rate] = []
    if address is not None:
        couriers = shipping_options(item=item, address=address, quantity=quantity).options
    courier = str(chosen.get("courier", ""))
    return BuyChoices(
        addresses=addresses,
        address_id=address.pk if address else None,
        methods=methods,
        method=str(chosen.get("payment_method", "")),
        couriers=couriers,
        courier=courier if any(c.code == courier for c in couriers) else (couriers[0].code if couriers else ""),
        quantities=range(1, item.per_buyer_limit + 1),
        quantity=quantity,
    )
