"""Demo data of the fraud review: every demo store has a saved bank account, and one
high-risk checkout waits in the operator's queue (/operator/risiko/). Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from niaga.catalog.models import Product
from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.origin import Origin, device_of
from niaga.orders.status import Actor
from niaga.payments import money
from niaga.payments.models import BankAccount
from niaga.risk.models import Assessment, Decision
from niaga.stores.models import Store

from . import data

ACCOUNTS = {  # slug -> (bank, number, holder)
    "toko-buku-ilmu": ("bca", "8720145566", "Rahmat Hidayat"),
    "gadget-murah-bandung": ("mandiri", "1310098765432", "Dewi Lestari"),
}
DEFAULT_ACCOUNT = ("bri", "002301004455507", "Pemilik Toko")
IP, AGENT = "203.0.113.77", "Mozilla/5.0 (Linux; Android 13; SM-A135F) Chrome/120.0 Mobile Safari/537.36"
PASSWORD = "belanja123"


def bank_accounts() -> int:
    """A saved account for each demo store, saved two months ago (no payout of theirs is held)."""
    since = clock.now() - dt.timedelta(days=60)
    made = 0
    for spec in data.STORES:
        store = Store.objects.filter(slug=spec["slug"]).first()
        if store is None or BankAccount.objects.filter(store=store).exists():
            continue
        bank, number, holder = ACCOUNTS.get(spec["slug"], DEFAULT_ACCOUNT)
        BankAccount.objects.create(
            store=store, bank=bank, account_number=number, account_name=holder, created_at=since, changed_at=since
        )
        made += 1
    return made


def _user(email: str, name: str):
    User = get_user_model()
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=PASSWORD, full_name=name, phone="+6281311110000"
    )


def _checkout(buyer, product: Product, origin: Origin) -> orders.Placed:
    variant = product.variants.order_by("pk")[0]
    draft = orders.OrderDraft(
        store_id=product.store_id,
        store_code="DMO",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=15_000,
        lines=[orders.LineDraft(variant.pk, product.name, variant.name, variant.unit_price, 1, product.weight_grams)],
    )
    return orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={"recipient_name": buyer.full_name, "phone": "081311110000", "street": "Jl. Melati No. 3"},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=24),
        origin=origin,
    )


@transaction.atomic
def held_checkout() -> Assessment | None:
    """A minutes-old account buys a used laptop from the phone two other new accounts checked
    out from today. Paid: the review holds it for the operator."""
    if Assessment.objects.filter(decision=Decision.PENDING).exists():
        return None
    laptop = Product.objects.filter(name__startswith="Laptop Bekas ThinkPad").first()
    cheap = Product.objects.filter(name__startswith="Buku Tulis Sidu").first()
    if laptop is None or cheap is None or laptop.variants.order_by("pk")[0].stock.available < 1:
        return None
    origin = Origin(ip=IP, device=device_of(IP, AGENT))
    for n in (1, 2):
        other = _user(f"akun.lain{n}@niaga.local", f"Akun Lain {n}")
        placed = _checkout(other, cheap, origin)
        orders.cancel_unpaid_group(group=placed.group, role=Actor.BUYER, actor=other, reason="Dibatalkan pembeli")
    buyer = _user("akun.baru@niaga.local", "Andi Pratama")
    group = _checkout(buyer, laptop, origin).group
    money.record_payment(group=group, gateway_order_id=f"{group.code}-demo", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran BCA Virtual Account terverifikasi (demo)")
    return Assessment.objects.filter(group=group).first()


def load() -> None:
    bank_accounts()
    held_checkout()
