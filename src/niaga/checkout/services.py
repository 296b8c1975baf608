"""Checkout: turn a cart into one order per store, paid with one payment.

`quote` shows what "Buat Pesanan" would create; `place_order` creates it in one
transaction (orders, lines, stock reservations, cart clean-up) and only then asks the
payment gateway for instructions, so a slow or failing gateway never loses an order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from niaga.accounts import selectors as accounts
from niaga.cart import selectors as carts
from niaga.cart import services as cart_services
from niaga.core import clock, paymethods
from niaga.core.errors import Conflict, DomainError
from niaga.fulfillment import selectors as fulfillment
from niaga.orders import services as orders
from niaga.orders.models import OrderGroup
from niaga.payments import money as payment_money
from niaga.payments import services as payments
from niaga.shipping import rates
from niaga.shipping.couriers import Parcel, Rate, Unavailable


@dataclass
class StoreQuote:
    bundle: carts.StoreBundle
    options: list[Rate]
    chosen: Rate | None
    unavailable: list[Unavailable] = field(default_factory=list)

    @property
    def store(self):
        return self.bundle.store


@dataclass
class Quote:
    stores: list[StoreQuote]
    address: object | None
    methods: list[paymethods.PayMethod]
    service_fee: int
    saldo: int = 0
    problems: list[str] = field(default_factory=list)
    # Why "Buat Pesanan" would be refused, for the API's error code: out_of_stock wins.
    problem_code: str = ""

    @property
    def subtotal(self) -> int:
        return sum(s.bundle.subtotal for s in self.stores)

    @property
    def shipping_total(self) -> int:
        return sum(s.chosen.cost for s in self.stores if s.chosen)

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_total + self.service_fee


def quote(
    *,
    user,
    cart,
    address_id: int | None = None,
    couriers: dict | None = None,
    images: bool = True,
    with_saldo: bool = True,
) -> Quote:
    """What "Buat Pesanan" would create. `images` for the page; `with_saldo` offers Saldo Niaga
    when it covers the total (placing an order paid another way does not need to know)."""
    chosen_codes = {str(k): v for k, v in (couriers or {}).items()}
    bundles = carts.bundles(cart, images=images, for_checkout=True)
    problems: list[str] = []
    stock_problem = False
    if not bundles:
        problems.append("Keranjang masih kosong.")
    if address_id:
        address = accounts.address_for(user, address_id)
    else:
        address = accounts.addresses_for(user).first()
    if address is None:
        problems.append("Tambahkan alamat pengiriman.")
    store_quotes = []
    common: set[str] | None = None
    for bundle in bundles:
        store = bundle.store
        accepted = set(store.payment_methods)
        common = accepted if common is None else common & accepted
        for line in bundle.lines:
            if line.problem:
                problems.append(f"{line.item.variant}: {line.problem}.")
                stock_problem = True
        offer = (
            shipping_offer(store=store, address=address, weight_grams=bundle.weight_grams, value=bundle.subtotal)
            if address
            else rates.Offer()
        )
        opts = offer.options
        if address and not opts:
            reasons = "; ".join(sorted({u.reason for u in offer.unavailable}))
            problems.append(f"{store.name} belum bisa mengirim ke {address.regency_name} ({reasons})")
        wanted = chosen_codes.get(str(store.pk))
        chosen = next((o for o in opts if o.code == wanted), opts[0] if opts else None)
        store_quotes.append(StoreQuote(bundle=bundle, options=opts, chosen=chosen, unavailable=offer.unavailable))
    methods = [m for code, m in paymethods.METHODS.items() if common and code in common]
    saldo = payment_money.saldo_of(user) if bundles and with_saldo else 0
    if bundles and not methods:
        problems.append("Toko-toko di keranjang tidak punya metode pembayaran yang sama; bayar per toko.")
    result = Quote(
        stores=store_quotes,
        address=address,
        methods=methods,
        saldo=saldo,
        service_fee=settings.NIAGA_SERVICE_FEE if bundles else 0,
        problems=problems,
        problem_code="out_of_stock" if stock_problem else ("checkout_incomplete" if problems else ""),
    )
    if bundles and saldo >= result.total:
        result.methods.append(paymethods.SALDO)
    return result


def shipping_offer(*, store, address, weight_grams: int, value: int) -> rates.Offer:
    """The couriers' options for a parcel from the store's ship-from location to the address."""
    return rates.offer(
        Parcel(
            origin=fulfillment.origin_of(store),
            destination=rates.region(address.province_code, address.regency_code),
            weight_grams=weight_grams,
            value=value,
        )
    )


def address_snapshot(address) -> dict:
    """The address as the order keeps it: later edits of the address book do not move parcels."""
    return {
        "recipient_name": address.recipient_name,
        "phone": address.phone,
        "street": address.street,
        "village": address.village_name,
        "district": address.district_name,
        "regency": address.regency_name,
        "province": address.province_name,
        "province_code": address.province_code,
        "regency_code": address.regency_code,
        "village_code": address.village_code,
        "postal_code": address.postal_code,
    }


def store_code(store) -> str:
    """Three letters for the invoice number: initials of the slug's words (toko-buku-ilmu → TBI)."""
    words = [w for w in store.slug.upper().split("-") if w and w[0].isalpha()]
    code = "".join(w[0] for w in words[:3])
    if len(code) < 3 and words:
        code = (code + words[-1][1:])[:3]
    return code.ljust(3, "X")


def payment_deadline(method: paymethods.PayMethod, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=settings.NIAGA_PAYMENT_DEADLINE_MINUTES[method.family])


def place_order(
    *, user, cart, address_id, payment_method: str, couriers: dict | None = None, notes: dict | None = None
) -> OrderGroup:
    """ "Buat Pesanan": create every order or none, then request payment instructions.

    Unless paid with saldo, the group comes back as it stands: with `placed` (its orders and
    lines, see orders.place_orders) and `attempt` (the charge, or None for a card).
    """
    notes = {str(k): str(v) for k, v in (notes or {}).items()}
    couriers = {str(k): str(v) for k, v in (couriers or {}).items()}
    if not isinstance(address_id, int) or isinstance(address_id, bool):
        raise DomainError("Pilih alamat pengiriman.", code="invalid_address", fields={"address_id": "Wajib diisi."})
    paying_with_saldo = payment_method == paymethods.SALDO.code
    q = quote(
        user=user, cart=cart, address_id=address_id, couriers=couriers, images=False, with_saldo=paying_with_saldo
    )
    if q.problems:
        raise (Conflict if q.problem_code == "out_of_stock" else DomainError)(" ".join(q.problems), code=q.problem_code)
    method = paymethods.get(payment_method or "")
    if method is None or method.code not in {m.code for m in q.methods}:
        raise DomainError(
            "Pilih metode pembayaran yang diterima toko.",
            code="invalid_payment_method",
            fields={"payment_method": "Tidak tersedia."},
        )
    for sq in q.stores:
        wanted = couriers.get(str(sq.store.pk))
        if wanted and (sq.chosen is None or sq.chosen.code != wanted):
            raise DomainError(
                f"Kurir tidak tersedia untuk {sq.store.name}.",
                code="invalid_courier",
                fields={f"couriers.{sq.store.pk}": "Tidak tersedia."},
            )
    snapshot = address_snapshot(q.address)
    drafts = [
        orders.OrderDraft(
            store_id=sq.store.pk,
            store=sq.store,
            store_code=store_code(sq.store),
            courier_code=sq.chosen.code,
            courier_name=sq.chosen.name,
            shipping_eta=sq.chosen.eta,
            shipping_cost=sq.chosen.cost,
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
        group = orders.place_orders(
            buyer=user,
            drafts=drafts,
            shipping_address=snapshot,
            payment_method=method.code,
            service_fee=q.service_fee,
            payment_due_at=payment_deadline(method, clock.now()),
            savepoint=False,
        )
        if paying_with_saldo:
            payments.pay_with_saldo(group=group)
            return group
        attempt = payments.open_first_attempt(group=group)
    # Outside the transaction: the orders exist even if the gateway is down. The charge also
    # e-mails how and by when to pay, with the number and deadline the gateway answered.
    group.attempt = payments.charge(group=group, attempt=attempt)
    return group
