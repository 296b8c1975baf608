"""A store's constructed history, through the real services (placing, payment, cancelling a
paid order, a short pick), seen by every report test:

    product A "Buku Tulis" Rp10.000 (Buku), stock 20; product B "Lampu Meja" Rp25.000
    (Elektronik), stock 10. Days are WIB, counted back from today (d-5 = five days ago).

    O1 d-5  va_bca  JNE Reguler  Kota Bandung   A×2 + B×1 = 45.000
    O2 d-3  qris    SiCepat      Kota Surabaya  A×3 = 30.000, then 1 unit not sent (−10.000)
    O3 d-1  qris    JNE Reguler  Kota Bandung   B×2 = 50.000, then cancelled by the seller
    O4 d-1  va_bca  SiCepat      Kota Surabaya  A×1 at the store's flash price 8.000 (list
                                                10.000: discount 2.000); complaint refund 4.000
    O5 d-9  va_bca  JNE Reguler  Kota Bandung   B×1 = 25.000 (the previous 7 days)
    O6 today, never paid: A×1 (counts nowhere but "dipesan")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.reports.periods import LOCAL, Period, today


@dataclass
class History:
    store: object
    owner: object
    a: object
    b: object
    orders: dict
    period: Period


def paid_on(days_back: int) -> dt.datetime:
    return dt.datetime.combine(today() - dt.timedelta(days=days_back), dt.time(10, 0), tzinfo=LOCAL)


@pytest.fixture
def history(make_user, make_store, make_product, category):
    from niaga.catalog.models import Category
    from niaga.promotions.models import Campaign, CampaignItem, Claim

    owner = make_user("Penjual")
    store = make_store(owner)
    lamp_category = Category.objects.get_or_create(slug="elektronik-uji", defaults={"name": "Elektronik"})[0]
    a = make_product(store, name="Buku Tulis", price=10000, stock=20)
    b = make_product(store, name="Lampu Meja", price=25000, stock=10, category_id=lamp_category.pk)
    va, vb = a.variants.get(), b.variants.get()

    def place(lines, *, method, courier, city, paid_days_back=None):
        buyer = make_user("Pembeli")
        draft = orders.OrderDraft(
            store_id=store.pk,
            store_code="TOK",
            courier_code=courier.lower().replace(" ", "_"),
            courier_name=courier,
            shipping_eta="2-3 hari",
            shipping_cost=9000,
            lines=[orders.LineDraft(v.pk, v.product.name, "", price, qty, 200) for v, price, qty in lines],
        )
        group = orders.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address={"recipient_name": buyer.full_name, "regency": city},
            payment_method=method,
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(hours=1),
        ).group
        if paid_days_back is not None:
            money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method=method)
            orders.mark_group_paid(group=group, reason="Pembayaran diterima", when=paid_on(paid_days_back))
        return group.orders.get()

    o1 = place(
        [(va, 10000, 2), (vb, 25000, 1)], method="va_bca", courier="JNE Reguler", city="Kota Bandung", paid_days_back=5
    )
    o2 = place([(va, 10000, 3)], method="qris", courier="SiCepat", city="Kota Surabaya", paid_days_back=3)
    orders.cancel_units(order=o2, line=o2.lines.get(), quantity=1, actor=owner, reason="Stok kurang")
    o3 = place([(vb, 25000, 2)], method="qris", courier="JNE Reguler", city="Kota Bandung", paid_days_back=1)
    orders.transition(order=o3, to_status=Status.CANCELLED, role=Actor.SELLER, actor=owner, reason="Tidak bisa kirim")
    o4 = place([(va, 8000, 1)], method="va_bca", courier="SiCepat", city="Kota Surabaya", paid_days_back=1)
    campaign = Campaign.objects.create(
        store=store, name="Flash toko", slug="flash-toko-uji", starts_at=paid_on(2), ends_at=paid_on(0)
    )
    item = CampaignItem.objects.create(campaign=campaign, variant=va, price=8000, quota=5, taken=1)
    Claim.objects.create(item=item, buyer=o4.buyer, quantity=1, order_number=o4.number, created_at=paid_on(1))
    _complaint_refund(o4, 4000)
    o5 = place([(vb, 25000, 1)], method="va_bca", courier="JNE Reguler", city="Kota Bandung", paid_days_back=9)
    o6 = place([(va, 10000, 1)], method="va_bca", courier="JNE Reguler", city="Kota Bandung")
    period = Period(today() - dt.timedelta(days=6), today())
    return History(store, owner, a, b, {1: o1, 2: o2, 3: o3, 4: o4, 5: o5, 6: o6}, period)


def _complaint_refund(order, amount: int) -> None:
    """The figure the report reads of a complaint settled with a refund (the complaint flow
    itself is aftersales' to test)."""
    from niaga.aftersales.models import Complaint

    Complaint.objects.create(
        number=f"KOM-{order.number}",
        order=order,
        buyer=order.buyer,
        store=order.store,
        reason="damaged",
        description="Sampul sobek.",
        resolution="refund_only",
        status="resolved",
        respond_by=clock.now(),
        refund_amount=amount,
        outcome="refund_partial",
    )


@pytest.fixture
def history_movements(history):
    """The history's stock movements. The services write them as the inventory branch wires
    every path; until they all do, the ones missing are written here as those paths will
    (opening, holds, sales at payment, the restock of the cancelled paid order), so the stock
    report reads the same history either way."""
    from niaga.inventory import movements
    from niaga.inventory.models import StockMovement

    R = StockMovement.Reason
    store_id = history.store.pk
    sa, sb = history.a.variants.get().stock, history.b.variants.get().stock
    o = history.orders
    wanted = {
        R.OPENING: [(sa, 20, 0, ""), (sb, 10, 0, "")],
        R.RESERVED: [
            (sa, 0, 2, o[1].number),
            (sb, 0, 1, o[1].number),
            (sa, 0, 3, o[2].number),
            (sb, 0, 2, o[3].number),
            (sa, 0, 1, o[4].number),
            (sb, 0, 1, o[5].number),
            (sa, 0, 1, o[6].number),
        ],
        R.SOLD: [
            (sa, -2, -2, o[1].number),
            (sb, -1, -1, o[1].number),
            (sa, -3, -3, o[2].number),
            (sb, -2, -2, o[3].number),
            (sa, -1, -1, o[4].number),
            (sb, -1, -1, o[5].number),
        ],
        R.RESTOCKED: [(sb, 2, 0, o[3].number)],
    }
    for reason, rows in wanted.items():
        if StockMovement.objects.filter(store_id=store_id, reason=reason).exists():
            continue  # the services wrote these already
        for stock, on_hand, reserved, reference in rows:
            movements.record(
                stock_id=stock.pk,
                store_id=store_id,
                reason=reason,
                on_hand=on_hand,
                reserved=reserved,
                reference=reference,
            )
    return history
