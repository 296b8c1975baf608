"""Placing an order, whichever way it comes: the cart's "Buat Pesanan" (services.py) and a
flash sale's "Beli Sekarang" (flash.py). Each rule is written here once and both paths call
it: the buyer's address, the payment method, the courier, the payment deadline, the service
fee, then `place`, which writes the orders, reserves their units and starts the payment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from niaga.accounts import selectors as accounts
from niaga.accounts.models import Address
from niaga.core import paymethods
from niaga.core.errors import DomainError
from niaga.fulfillment import selectors as fulfillment
from niaga.orders import services as orders
from niaga.orders.models import OrderGroup
from niaga.orders.origin import Origin
from niaga.payments import money as payment_money
from niaga.payments import services as payments
from niaga.payments.models import PaymentAttempt
from niaga.shipping import rates
from niaga.shipping.couriers import Parcel, Rate
from niaga.stores.models import Store


@dataclass(frozen=True)
class Placement:
    """A checkout placed: its orders with their lines, and its first charge (None for a card,
    charged on the payment page, or for saldo, paid at once)."""

    placed: orders.Placed
    attempt: PaymentAttempt | None

    @property
    def group(self) -> OrderGroup:
        return self.placed.group

    @property
    def paid_with_saldo(self) -> bool:
        return self.group.payment_method == paymethods.SALDO.code


def address_of(user, address_id: int | None) -> Address:
    """The buyer's own address; someone else's is not found (accounts.address_for)."""
    if not isinstance(address_id, int) or isinstance(address_id, bool):
        raise DomainError("Pilih alamat pengiriman.", code="invalid_address", fields={"address_id": "Wajib diisi."})
    return accounts.address_for(user, address_id)


def accepted_method(code: str, *, accepted: Iterable[str], user, total: int) -> paymethods.PayMethod:
    """A method every store of the checkout accepts, or Saldo Niaga when it covers the total."""
    method = paymethods.get(code or "")
    if method is paymethods.SALDO:
        ok = payment_money.saldo_of(user) >= total
    else:
        ok = method is not None and method.code in set(accepted)
    if method is None or not ok:
        raise DomainError(
            "Pilih metode pembayaran yang diterima toko.",
            code="invalid_payment_method",
            fields={"payment_method": "Tidak tersedia."},
        )
    return method


def shipping_offer(*, store: Store, address: Address, weight_grams: int, value: int) -> rates.Offer:
    """The couriers' options for a parcel from the store's ship-from location to the address."""
    return rates.offer(
        Parcel(
            origin=fulfillment.origin_of(store),
            destination=rates.region(address.province_code, address.regency_code),
            weight_grams=weight_grams,
            value=value,
        )
    )


def out_of_reach(*, store: Store, address: Address, offer: rates.Offer) -> str:
    """Why no courier takes this parcel ("" when one does): the page lists it, placing refuses."""
    if offer.options:
        return ""
    reasons = "; ".join(sorted({u.reason for u in offer.unavailable}))
    return f"{store.name} belum bisa mengirim ke {address.regency_name} ({reasons})"


class OutOfReach(DomainError):
    code = "address_out_of_reach"


def courier_for(*, store: Store, address: Address, offer: rates.Offer, wanted: str, field: str) -> Rate:
    """The courier the buyer chose (the cheapest when none), or a refusal: the address is out of
    every courier's reach, or the chosen one does not go there."""
    if not offer.options:
        raise OutOfReach(out_of_reach(store=store, address=address, offer=offer))
    chosen = offer.get(wanted) if wanted else offer.options[0]
    if chosen is None:
        raise DomainError(
            f"Kurir tidak tersedia untuk {store.name}.", code="invalid_courier", fields={field: "Tidak tersedia."}
        )
    return chosen


def service_fee() -> int:
    return settings.NIAGA_SERVICE_FEE


def payment_deadline(
    method: paymethods.PayMethod, now: dt.datetime, *, within: dt.timedelta | None = None
) -> dt.datetime:
    """The method's time to pay, or `within` when that is sooner (a flash sale's units must come
    back while the sale is on)."""
    due = now + dt.timedelta(minutes=settings.NIAGA_PAYMENT_DEADLINE_MINUTES[method.family])
    return min(due, now + within) if within is not None else due


def address_snapshot(address: Address) -> dict:
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


def store_code(store: Store) -> str:
    """Three letters for the invoice number: initials of the slug's words (toko-buku-ilmu → TBI)."""
    words = [w for w in store.slug.upper().split("-") if w and w[0].isalpha()]
    code = "".join(w[0] for w in words[:3])
    if len(code) < 3 and words:
        code = (code + words[-1][1:])[:3]
    return code.ljust(3, "X")


def draft(*, store: Store, courier: Rate, note: str, lines: list[orders.LineDraft]) -> orders.OrderDraft:
    """One store's order as the buyer chose it."""
    return orders.OrderDraft(
        store_id=store.pk,
        store=store,
        store_code=store_code(store),
        courier_code=courier.code,
        courier_name=courier.name,
        shipping_eta=courier.eta,
        shipping_cost=courier.cost,
        note=note,
        lines=lines,
        location_id=fulfillment.ship_from_id(store),  # checkout holds the units where they ship from
    )


def place(
    *,
    user,
    address: Address,
    method: paymethods.PayMethod,
    drafts: list[orders.OrderDraft],
    due_at: dt.datetime,
    origin: Origin | None = None,
) -> Placement:
    """Write the orders with the service fee, reserve their units, then pay with saldo or open
    the first charge. Runs in the caller's transaction, which any refusal rolls back whole."""
    placed = orders.place_orders(
        buyer=user,
        drafts=drafts,
        shipping_address=address_snapshot(address),
        payment_method=method.code,
        service_fee=service_fee(),
        payment_due_at=due_at,
        origin=origin,
    )
    if method is paymethods.SALDO:
        payments.pay_with_saldo(group=placed.group)
        return Placement(placed=placed, attempt=None)
    return Placement(placed=placed, attempt=payments.open_first_attempt(group=placed.group))


def charge(placement: Placement) -> Placement:
    """After the commit: ask the gateway for the payment instructions (the orders exist even if
    it is down) and queue the buyer's e-mail of them. A checkout paid with saldo is done."""
    if placement.paid_with_saldo:
        return placement
    return dataclasses.replace(placement, attempt=payments.charge(placed=placement.placed, attempt=placement.attempt))
