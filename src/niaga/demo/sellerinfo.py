"""Demo data of the seller's information system, for Toko Buku Ilmu: two suppliers, a purchase
order received in full and one received in part, two months of paid orders (some completed and
paid out to the seller's balance), one book running low and one sold out with their alerts, a
tax profile with a turnover statement, and the funnel's view/cart counters.

Everything goes through the real services (purchasing, orders, payments, tax), with the clock
set back, so movements, moving-average cost, ledger and tax rows are what the app would have
written. Loaded once: a store that has suppliers already is left alone."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from niaga.accounts.services import mark_email_verified
from niaga.catalog.models import Product, ProductDailyStats
from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.purchasing import alerts
from niaga.purchasing import services as purchasing
from niaga.purchasing.models import Supplier
from niaga.stores.models import Store
from niaga.tax import services as tax

STORE_SLUG = "toko-buku-ilmu"
PASSWORD = "belanja123"
SUPPLIERS = [
    {
        "name": "CV Sumber Ilmu Distribusi",
        "contact_name": "Pak Hendra",
        "phone": "0274-512345",
        "email": "order@sumberilmu.example",
        "address": "Jl. Magelang Km 6, Sleman, DI Yogyakarta",
        "lead_time_days": 5,
    },
    {
        "name": "PT Alat Tulis Nusantara",
        "contact_name": "Bu Sari",
        "phone": "021-5551234",
        "email": "sales@atk-nusantara.example",
        "address": "Jl. Daan Mogot No. 88, Jakarta Barat",
        "lead_time_days": 10,
    },
]
# (product, units, cost per unit) — the first PO comes in whole, the second in part
PO_RECEIVED = [("Kamus Lengkap Inggris-Indonesia", 10, 61_000), ("Novel Laskar Pelangi", 12, 52_000)]
PO_PARTIAL = [("Stabilo Boss Original Set 4 Warna", 24, 24_000), ("Pensil 2B Faber-Castell (isi 12)", 30, 21_000)]
LOW = "Buku Pengantar Ekonomi Mikro Edisi 7"  # 12 in stock: sold down to 2 in the last month
LOW_LEFT = 2
OUT = "Buku Bekas Kalkulus Purcell Jilid 1"  # 3 in stock: all sold
# (product, units, days ago) — the orders of the last two months; the low and sold-out books last
SALES = [
    ("Kamus Lengkap Inggris-Indonesia", 1, 58),
    ("Novel Laskar Pelangi", 2, 55),
    ("Stabilo Boss Original Set 4 Warna", 1, 52),
    ("Kalkulator Scientific Casio FX-991ID Plus", 1, 46),
    ("Tas Ransel Kuliah Anti Air", 1, 43),
    ("Puzzle Peta Indonesia 500 Keping", 1, 37),
    ("Kamus Lengkap Inggris-Indonesia", 2, 34),
    (LOW, 2, 28),
    ("Rubik 3x3 Speed Cube", 2, 26),
    ("Pensil 2B Faber-Castell (isi 12)", 2, 24),
    (OUT, 1, 22),
    (LOW, 2, 20),
    ("Kertas Origami Warna-warni 100 Lembar", 4, 16),
    (LOW, 1, 14),
    ("Novel Laskar Pelangi", 1, 10),
    (LOW, 2, 9),
    (OUT, 1, 8),
    ("Kalkulator Scientific Casio FX-991ID Plus", 1, 6),
    (LOW, 1, 5),
    (OUT, 1, 3),
    (LOW, 0, 2),  # 0: whatever leaves 2 on the shelf (other demo modules sell this book too)
    ("Stabilo Boss Original Set 4 Warna", 2, 1),
]
BUYERS = [("Rina Kartika", "rina"), ("Agus Prasetyo", "agus"), ("Dewi Lestari", "dewi"), ("Bayu Nugroho", "bayu")]
# Orders older than this were delivered and confirmed (money released to the seller); younger
# ones are on their way, and those of the last day wait to be packed: none is left unshipped
# past its deadline, or the job that cancels those would undo the demo's sales.
COMPLETED_AFTER_DAYS = 6
SHIPPED_AFTER_DAYS = 1


def _buyer(name: str, login: str):
    User = get_user_model()
    email = f"{login}@niaga.local"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, phone="+6281200000000")
        mark_email_verified(user)
    return user


def _paid_order(buyer, product: Product, quantity: int, days_ago: int):
    variant = product.variants.order_by("pk")[0]
    draft = orders.OrderDraft(
        store_id=product.store_id,
        store_code="TBI",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=12_000,
        lines=[
            orders.LineDraft(variant.pk, product.name, variant.name, variant.unit_price, quantity, product.weight_grams)
        ],
    )
    group = orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={"recipient_name": buyer.full_name, "phone": "081298765432", "street": "Jl. Kaliurang 5"},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=24),
    ).group
    money.record_payment(group=group, gateway_order_id=f"{group.code}-demo", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran BCA VA terverifikasi (demo)")
    if days_ago <= SHIPPED_AFTER_DAYS:
        return
    order = group.orders.get()
    order = orders.transition(order=order, to_status=Status.READY_TO_SHIP, role=Actor.SELLER, reason="Dikemas")
    order = orders.transition(order=order, to_status=Status.SHIPPED, role=Actor.SELLER, reason="Dikirim JNE")
    if days_ago > COMPLETED_AFTER_DAYS:
        orders.buyer_confirm(order=order, buyer=buyer)


def _lines(store: Store, spec) -> list[purchasing.LineIn]:
    products = {p.name: p for p in store.products.filter(name__in=[name for name, *_ in spec])}
    return [
        purchasing.LineIn(products[name].variants.order_by("pk")[0].pk, units, cost)
        for name, units, cost in spec
        if name in products
    ]


def _funnel_counters(store: Store, days: int = 60) -> None:
    """Views and cart adds a day per product; the bestsellers are looked at more."""
    rnd = random.Random(21)
    today = timezone.localdate(clock.now())
    popular = {name for name, *_ in SALES}
    rows = []
    for product in store.products.order_by("pk"):
        base = 30 if product.name in popular else 8
        for n in range(days):
            views = rnd.randint(base // 2, base + base // 2)
            rows.append(
                ProductDailyStats(
                    product=product,
                    day=today - dt.timedelta(days=n),
                    views=views,
                    cart_adds=rnd.randint(0, max(1, views // 6)),
                )
            )
    ProductDailyStats.objects.bulk_create(rows, ignore_conflicts=True)


def load() -> bool:
    """Once; returns whether it loaded now. The low-stock alerts are settled at the end, as the
    job would after the stock changed (it may find them settled already)."""
    variant_ids = _load()
    if variant_ids:
        alerts.evaluate(variant_ids)
    return bool(variant_ids)


@transaction.atomic
def _load() -> list[int]:
    store = Store.objects.filter(slug=STORE_SLUG).select_related("owner").first()
    if store is None or Supplier.objects.filter(store=store).exists():
        return []
    owner = store.owner
    products = {p.name: p for p in store.products.all()}
    if LOW not in products or OUT not in products:
        return []  # not the demo catalogue
    with clock.travel(-dt.timedelta(days=62)):
        tax.save_profile(
            store=store,
            id_kind="npwp",
            id_number="0912345678901234",
            name="Rahmat Hidayat",
            address="Jl. Kaliurang Km 7 No. 15, Sleman, DI Yogyakarta 55581",
            is_pkp=False,
        )
        suppliers = [purchasing.create_supplier(store=store, data=spec) for spec in SUPPLIERS]
        buyers = [_buyer(name, login) for name, login in BUYERS]
        received = purchasing.create_purchase_order(
            store=store, supplier_id=suppliers[0].pk, lines=_lines(store, PO_RECEIVED), actor=owner
        )
        purchasing.place_order(po=received)
    with clock.travel(-dt.timedelta(days=57)):
        po = received
        purchasing.receive(
            store=store,
            purchase_order_id=po.pk,
            lines=[purchasing.ReceiveLine(quantity=line.quantity, po_line_id=line.pk) for line in po.lines.all()],
            actor=owner,
        )
    with clock.travel(-dt.timedelta(days=15)):
        partial = purchasing.create_purchase_order(
            store=store,
            supplier_id=suppliers[1].pk,
            lines=_lines(store, PO_PARTIAL),
            expected_date=timezone.localdate(clock.now()) + dt.timedelta(days=10),
            notes="Kirim bertahap boleh.",
            actor=owner,
        )
        purchasing.place_order(po=partial)
    with clock.travel(-dt.timedelta(days=7)):
        first = partial.lines.order_by("pk")[0]
        purchasing.receive(
            store=store,
            purchase_order_id=partial.pk,
            lines=[purchasing.ReceiveLine(quantity=first.quantity // 2, po_line_id=first.pk)],
            note="Kiriman pertama",
            actor=owner,
        )
    for n, (name, units, days_ago) in enumerate(SALES):
        if not units:
            units = products[name].variants.order_by("pk")[0].stock.available - LOW_LEFT
            if units < 1:
                continue
        with clock.travel(-dt.timedelta(days=days_ago, hours=n % 5)):
            _paid_order(buyers[n % len(buyers)], products[name], units, days_ago)
            if days_ago == 20:  # signed mid-way: the earlier orders had PPh 22 collected, the later none
                today = timezone.localdate(clock.now())
                tax.submit_statement(
                    store=store, year=today.year, declared_turnover=350_000_000, signed_on=today, agreed=True
                )
    _funnel_counters(store)
    return [v.pk for p in products.values() for v in p.variants.all()]
