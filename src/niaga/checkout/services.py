"""Checkout: turn a cart into one order per store, paid with one payment.

`quote` shows what "Buat Pesanan" would create; `place_order` creates it in one
transaction (orders, lines, stock reservations, cart clean-up) and only then asks the
payment gateway for instructions, so a slow or failing gateway never loses an order.
`buy_now` is a flash sale's "Beli Sekarang", the other way an order is placed: both share
every rule and the one function that writes the orders (placing.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from niaga.accounts import selectors as accounts
from niaga.accounts.models import Address
from niaga.cart import selectors as carts
from niaga.cart import services as cart_services
from niaga.catalog import policy as terms
from niaga.core import clock, paymethods
from niaga.core.errors import Conflict, DomainError
from niaga.inventory import services as inventory
from niaga.orders import services as orders
from niaga.orders.origin import Origin
from niaga.payments import money as payment_money
from niaga.promotions import services as promotions
from niaga.promotions.models import Admission
from niaga.shipping import rates
from niaga.shipping.couriers import Rate, Unavailable
from niaga.stores.models import Store

from . import admissions, flash, placing
from .placing import Placement


@dataclass(frozen=True)
class OwnPolicy:
    product_name: str
    policy: terms.Policy


@dataclass
class StoreQuote:
    bundle: carts.StoreBundle
    offer: rates.Offer
    chosen: Rate | None

    @property
    def store(self) -> Store:
        return self.bundle.store

    @property
    def options(self) -> list[Rate]:
        return self.offer.options

    @property
    def policy(self) -> terms.Policy:
        """The store's after-sales promise, shown before "Buat Pesanan"."""
        return terms.for_store(self.store)

    @property
    def product_policies(self) -> list[OwnPolicy]:
        """The products of the bundle whose promise is their own, with that promise."""
        own: dict[int, OwnPolicy] = {}
        for line in self.bundle.lines:
            product = line.item.variant.product
            if product.pk not in own:
                found = terms.for_product(product, store=self.store)
                if found.overridden:
                    own[product.pk] = OwnPolicy(product.name, found)
        return list(own.values())

    @property
    def unavailable(self) -> list[Unavailable]:
        return self.offer.unavailable


@dataclass
class Quote:
    stores: list[StoreQuote]
    address: Address | None
    methods: list[paymethods.PayMethod]
    service_fee: int
    saldo: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(s.bundle.subtotal for s in self.stores)

    @property
    def shipping_total(self) -> int:
        return sum(s.chosen.cost for s in self.stores if s.chosen)

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_total + self.service_fee

    @property
    def accepted(self) -> set[str]:
        """The methods every store of the cart accepts."""
        return {m.code for m in self.methods if m is not paymethods.SALDO}


def quote(*, user, cart, address_id: int | None = None, couriers: dict | None = None) -> Quote:
    """What "Buat Pesanan" would create, as the checkout page shows it (pictures included), with
    Saldo Niaga among the methods when it covers the total."""
    address = accounts.address_for(user, address_id) if address_id else accounts.addresses_for(user).first()
    result = _price(bundles=carts.bundles(cart, images=True, for_checkout=True), address=address, couriers=couriers)
    if result.stores:
        result.saldo = payment_money.saldo_of(user)
        if result.saldo >= result.total:
            result.methods.append(paymethods.SALDO)
    return result


_EMPTY = "Keranjang masih kosong."
_NO_COMMON_METHOD = "Toko-toko di keranjang tidak punya metode pembayaran yang sama; bayar per toko."


def _price(*, bundles: list[carts.StoreBundle], address: Address | None, couriers: dict | None) -> Quote:
    """The cart priced for an address: each store's couriers, the methods all stores accept, and
    every problem the page lists before "Buat Pesanan" can be pressed."""
    chosen_codes = {str(k): v for k, v in (couriers or {}).items()}
    problems: list[str] = []
    if not bundles:
        problems.append(_EMPTY)
    if address is None:
        problems.append("Tambahkan alamat pengiriman.")
    store_quotes = []
    common: set[str] | None = None
    for bundle in bundles:
        store = bundle.store
        accepted = set(store.payment_methods)
        common = accepted if common is None else common & accepted
        problems += [f"{line.item.variant}: {line.problem}." for line in bundle.lines if line.problem]
        offer = rates.Offer()
        if address is not None:
            offer = placing.shipping_offer(
                store=store, address=address, weight_grams=bundle.weight_grams, value=bundle.subtotal
            )
            if reach := placing.out_of_reach(store=store, address=address, offer=offer):
                problems.append(reach)
        wanted = chosen_codes.get(str(store.pk))
        chosen = next((o for o in offer.options if o.code == wanted), offer.options[0] if offer.options else None)
        store_quotes.append(StoreQuote(bundle=bundle, offer=offer, chosen=chosen))
    methods = [m for code, m in paymethods.METHODS.items() if common and code in common]
    if bundles and not methods:
        problems.append(_NO_COMMON_METHOD)
    return Quote(
        stores=store_quotes,
        address=address,
        methods=methods,
        service_fee=placing.service_fee() if bundles else 0,
        problems=problems,
    )


def _refuse_lines(q: Quote) -> None:
    """A cart line that cannot be bought refuses the whole checkout, before anything is held."""
    for sq in q.stores:
        for line in sq.bundle.lines:
            if not line.on_sale:
                raise Conflict(f"{line.item.variant}: {line.problem}.", code="out_of_stock")
            if line.problem:
                raise inventory.out_of_stock(
                    name=str(line.item.variant), variant_id=line.item.variant_id, quantity=line.item.quantity
                )


def place_order(
    *,
    user,
    cart,
    address_id,
    payment_method: str,
    couriers: dict | None = None,
    notes: dict | None = None,
    origin: Origin | None = None,
) -> Placement:
    """ "Buat Pesanan": create every order or none, then request payment instructions
    (unless paid with saldo). `origin`: where it was placed from, for the fraud review."""
    notes = {str(k): str(v) for k, v in (notes or {}).items()}
    couriers = {str(k): str(v) for k, v in (couriers or {}).items()}
    address = placing.address_of(user, address_id)
    q = _price(bundles=carts.bundles(cart, images=False, for_checkout=True), address=address, couriers=couriers)
    if not q.stores:
        raise DomainError(_EMPTY, code="checkout_incomplete")
    _refuse_lines(q)
    chosen = {
        sq.store.pk: placing.courier_for(
            store=sq.store,
            address=address,
            offer=sq.offer,
            wanted=couriers.get(str(sq.store.pk), ""),
            field=f"couriers.{sq.store.pk}",
        )
        for sq in q.stores
    }
    if not q.methods:
        raise DomainError(_NO_COMMON_METHOD, code="checkout_incomplete")
    method = placing.accepted_method(payment_method, accepted=q.accepted, user=user, total=q.total)
    drafts = [
        placing.draft(
            store=sq.store,
            courier=chosen[sq.store.pk],
            note=notes.get(str(sq.store.pk), ""),
            lines=[
                orders.LineDraft(
                    variant_id=line.item.variant_id,
                    product_name=line.item.variant.product.name,
                    variant_name=line.item.variant.name,
                    unit_price=line.unit_price,
                    quantity=line.item.quantity,
                    weight_grams=line.item.variant.product.weight_grams,
                    stock_id=line.stock_id,
                )
                for line in sq.bundle.lines
            ],
        )
        for sq in q.stores
    ]
    bought = {(line.variant_id, line.quantity) for draft in drafts for line in draft.lines}
    with transaction.atomic():
        # One "Buat Pesanan" per cart at a time: the cart is emptied first, so a double click
        # or a retried request waits on the same rows, then finds them gone and is refused
        # instead of ordering them twice.
        if cart_services.take_all(cart=cart) != bought:
            raise Conflict("Keranjang berubah. Periksa lagi pesananmu.", code="cart_changed")
        placement = placing.place(
            user=user,
            address=address,
            method=method,
            drafts=drafts,
            due_at=placing.payment_deadline(method, clock.now()),
            origin=origin,
        )
    # Outside the transaction: the orders exist even if the gateway is down. The charge also
    # e-mails how and by when to pay, with the number and deadline the gateway answered.
    return placing.charge(placement)


def buy_now(
    *,
    user,
    item_id: int,
    quantity: int,
    address_id: int | None,
    payment_method: str,
    courier: str = "",
    reservation: str = "",
) -> Placement | Admission:
    """ "Beli Sekarang" in a flash sale: admitted or refused at once, then one order: placed
    here (the database path), or by a job consumer when the gate admitted (an Admission).
    `reservation`: the edge admitted this attempt already and holds its units under that name."""
    item = promotions.item_for_sale(item_id)
    ticket = promotions.admit(item=item, buyer=user, quantity=quantity, reservation=reservation)
    try:
        chosen = flash.plan(
            user=user,
            item=item,
            quantity=quantity,
            address_id=address_id,
            payment_method=payment_method,
            courier=courier,
        )
        if ticket.through_gate and settings.NIAGA_FLASH_PLACE_LATER:
            # The gate has promised the units: answer now, and let a job consumer make the
            # order, so admissions never wait behind order placement at the peak.
            admission = admissions.enqueue(user=user, item=item, quantity=quantity, plan=chosen)
            promotions.admitted(ticket)
            return admission
        placement = flash.commit_order(user=user, item=item, quantity=quantity, plan=chosen)
    except Exception as exc:
        promotions.turned_back(ticket, exc)
        raise
    promotions.admitted(ticket)
    # Outside the transaction: the order exists even if the gateway is slow. The charge also
    # queues the buyer's payment instructions e-mail (rendered by the job, not here).
    return placing.charge(placement)
