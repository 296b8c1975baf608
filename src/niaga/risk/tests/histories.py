"""Constructed histories for the fraud review's tests: checkouts of chosen buyers, at chosen
moments, from chosen devices, addresses and cards, written through orders' own service."""

from __future__ import annotations

import datetime as dt

from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.models import OrderGroup
from niaga.orders.origin import Origin
from niaga.payments.models import PaymentAttempt

STREET = {"street": "Jl. Kebon Jeruk No. 7", "village_code": "31.73.05.1003"}


def checkout(
    buyer,
    product,
    *,
    ago: dt.timedelta = dt.timedelta(0),
    ip: str | None = None,
    device: str = "",
    address: dict | None = None,
    quantity: int = 1,
) -> OrderGroup:
    """One checkout of `quantity` units of `product` by `buyer`, placed `ago` before now."""
    variant = product.variants.get()
    draft = orders.OrderDraft(
        store_id=product.store_id,
        store_code="TOK",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=18_000,
        lines=[orders.LineDraft(variant.pk, product.name, "", product.price, quantity, product.weight_grams)],
    )
    group = orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={"recipient_name": buyer.full_name, **(address or {})},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=1),
        origin=Origin(ip=ip, device=device),
    ).group
    if ago:
        OrderGroup.objects.filter(pk=group.pk).update(created_at=clock.now() - ago)
        group.orders.update(created_at=clock.now() - ago)
        group.refresh_from_db()
    return group


def card_attempt(group: OrderGroup, *, masked: str = "", status: str = "pending", fraud: str = "", ago=None):
    attempt = PaymentAttempt.objects.create(
        group=group,
        method="card",
        gateway_order_id=f"{group.code}-{PaymentAttempt.objects.count() + 1}",
        status=status,
        fraud_status=fraud,
        gross_amount=group.total,
        masked_card=masked,
    )
    if ago:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=clock.now() - ago)
    return attempt
