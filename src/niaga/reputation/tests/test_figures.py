"""Penilaian Toko from a constructed history: every figure, the penalty points and the moment
the store recovers, worked out by hand (window 90 days, penalty window 28 days, threshold 2)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from niaga.aftersales.status import Status as ComplaintStatus
from niaga.orders.status import Actor, Status
from niaga.reputation import selectors, services
from niaga.stores.models import StoreStanding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _windows(settings):
    settings.NIAGA_REPUTATION_WINDOW_DAYS = 90
    settings.NIAGA_REPUTATION_PENALTY_WINDOW_DAYS = 28
    settings.NIAGA_REPUTATION_PENALTY_THRESHOLD = 2


@pytest.fixture
def shop(history):
    h = history()
    ago = h.ago
    # o1: on time (shipped a day before ship-by), delivered, completed.
    o1 = h.order(paid=ago(10), ship_by=ago(8), shipped=ago(9), delivered=ago(7), completed=ago(5))
    # o2: shipped a day late, 17 days ago (a penalty point until 11 days from now), delivered.
    o2 = h.order(paid=ago(20), ship_by=ago(18), shipped=ago(17), delivered=ago(15))
    # o3: on time, completed; o4: late but 47 days ago (in the 90-day figures, past the 28-day points).
    o3 = h.order(paid=ago(40), ship_by=ago(38), shipped=ago(39), delivered=ago(37), completed=ago(30))
    o4 = h.order(paid=ago(50), ship_by=ago(48), shipped=ago(47), delivered=ago(45))
    # o5: the seller cancelled it while packing; o6: not shipped by the deadline, cancelled by the sweep.
    h.order(paid=ago(5), cancelled=(Status.TO_PACK, Actor.SELLER, ago(4)))
    h.order(paid=ago(3), cancelled=(Status.READY_TO_SHIP, Actor.SYSTEM, ago(1)))
    # o7: paid, still to pack. o8: the whole story before the window. o9: the buyer never paid.
    h.order(paid=ago(2))
    o8 = h.order(paid=ago(100), ship_by=ago(98), shipped=ago(97), delivered=ago(95), completed=ago(93))
    h.order(paid=None, cancelled=(Status.AWAITING_PAYMENT, Actor.BUYER, ago(6)))
    # o10: the operator cancelled it (fraud): paid, but not the seller's cancellation.
    h.order(paid=ago(6), cancelled=(Status.TO_PACK, Actor.OPERATOR, ago(6, hours=-1)))

    # Reviews in the window: 5 and 4 (visible); 1 hidden by an operator; 1 before the window.
    h.review(o1, 5, ago(4))
    h.review(o3, 4, ago(29))
    h.review(o2, 1, ago(14), hidden=True)
    h.review(o8, 2, ago(92))
    # Complaints: on o2 ended by the seller and buyer; on o4 escalated, then decided; one before the window.
    h.complaint(o2, ago(14), status=ComplaintStatus.RESOLVED)
    h.complaint(o4, ago(44), escalated=True, status=ComplaintStatus.RESOLVED)
    h.complaint(o8, ago(94), status=ComplaintStatus.RESOLVED)
    # Chat: answered after 10 minutes, answered after 30 minutes, one still waiting; one before the window.
    h.chat(("b", ago(2)), ("s", ago(2, minutes=-10)))
    h.chat(("b", ago(1)), ("b", ago(1, minutes=-5)), ("s", ago(1, minutes=-30)))
    h.chat(("b", ago(hours=3)))
    h.chat(("b", ago(95)), ("s", ago(95, hours=-10)))
    return h


def test_each_figure_is_its_hand_computed_ratio(shop):
    f = selectors.figures(shop.store, now=shop.now)

    assert (f.rating.average, f.rating.count) == (4.5, 2)  # (5 + 4) / 2; hidden and old reviews left out
    assert (f.on_time.part, f.on_time.whole, f.on_time.percent) == (2, 4, 50.0)  # o1, o3 of o1–o4
    # Paid in the window: o1–o7 but o8, o9, plus o10 = 8; the seller's: o5 (seller), o6 (sweep) = 2.
    assert (f.seller_cancelled.part, f.seller_cancelled.whole, f.seller_cancelled.percent) == (2, 8, 25.0)
    # Opened in the window: on o2 and o4 = 2, over o1–o4 delivered or completed in it = 4.
    assert (f.complaints.part, f.complaints.whole, f.complaints.percent) == (2, 4, 50.0)
    # Both ended, one without Niaga's mediation.
    assert (f.resolved_without_escalation.part, f.resolved_without_escalation.whole) == (1, 2)
    assert f.complaint_counts.escalated == 1
    # Three questions, two answered, after 600 s and 1800 s: the median is 1200 s.
    assert (f.chat_answered.part, f.chat_answered.whole) == (2, 3)
    assert f.chat_median_seconds == 1200
    assert f.chat_answered.text == "66,7%" and f.on_time.text == "50%"


def test_penalty_points_and_the_moment_the_store_recovers(shop):
    p = selectors.penalty(shop.store, now=shop.now)

    # o2 late 17 days ago; o5 and o6 cancelled 4 and 1 days ago. o4's lateness (47 days) has aged out.
    assert (p.total, p.late_shipments, p.seller_cancellations) == (3, 1, 2)
    assert [point.order_number for point in p.points][0] == shop.store.orders.order_by("pk")[1].number
    # 3 > 2: blocked until o2's point ages out, 28 days after it: 11 days from now.
    assert p.blocked_until == shop.ago(17) + dt.timedelta(days=28) == shop.now + dt.timedelta(days=11)

    later = selectors.penalty(shop.store, now=shop.now + dt.timedelta(days=11, seconds=1))
    assert (later.total, later.blocked_until) == (2, None)


def test_no_badge_for_this_store_and_each_condition_says_why(shop):
    rep = selectors.reputation(shop.store, now=shop.now)
    assert rep.badges == []
    trusted = next(c for c in rep.checks if c.code == "trusted")
    assert [c.met for c in trusted.conditions] == [False, False, False, False, False, False]


def test_the_standing_snapshot_keeps_the_points_badges_and_headline(shop):
    services.refresh_standing(store=shop.store, now=shop.now)
    standing = StoreStanding.objects.get(store=shop.store)
    assert standing.penalty_points == 3
    assert standing.campaigns_blocked_until == shop.now + dt.timedelta(days=11)
    assert standing.blocks_campaigns(shop.now) and not standing.blocks_campaigns(shop.now + dt.timedelta(days=11))
    assert {"label": "Dikirim tepat waktu", "value": "50% (2/4)"} in standing.headline
    assert {"label": "Rating toko", "value": "4,5 dari 2 ulasan"} in standing.headline


def test_a_store_that_does_everything_well_earns_every_badge(history):
    h = history()
    ago = h.ago
    for i in range(10):
        order = h.order(paid=ago(30 + i), ship_by=ago(28 + i), shipped=ago(29 + i), delivered=ago(27 + i))
        if i < 5:
            h.review(order, 5, ago(20))
    for i in range(5):
        h.chat(("b", ago(3 + i)), ("s", ago(3 + i, minutes=-(5 + i))))

    rep = selectors.reputation(h.store, now=h.now)

    assert [b.label for b in rep.badges] == ["Penjual Terpercaya", "Kirim Tepat Waktu", "Balas Chat Cepat"]
    f = rep.figures
    assert (f.delivered, f.rating.average, f.on_time.rate, f.chat_median_seconds) == (10, 5.0, Fraction(1), 7 * 60)
    assert f.seller_cancelled.rate == 0 and f.complaints.rate == 0


def test_nothing_to_count_is_a_dash_not_a_percent(history):
    h = history()
    f = selectors.figures(h.store, now=h.now)
    assert f.on_time.percent is None and f.on_time.text == "–"
    assert f.rating.average is None and f.chat_median_seconds is None
    assert selectors.reputation(h.store, now=h.now).badges == []


def test_the_figures_read_what_the_order_services_record(place, make_store, make_product):
    """The same figures from orders moved by the real services (paid, shipped late by the seller,
    cancelled by the seller, cancelled by the ship-by sweep, shipped on time and received)."""
    from niaga.core import clock
    from niaga.orders import services as orders
    from niaga.payments import money

    store = make_store(name="Toko Lambat")
    product = make_product(store, name="Lampu Meja", price=80_000, stock=10)

    def paid():
        group = place(product=product)
        money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
        orders.mark_group_paid(group=group, reason="Pembayaran diterima")
        return group.orders.get()

    late, by_seller, by_sweep, on_time = paid(), paid(), paid(), paid()
    orders.transition(order=on_time, to_status=Status.READY_TO_SHIP, role=Actor.SELLER)
    orders.transition(order=on_time, to_status=Status.SHIPPED, role=Actor.SELLER)
    orders.buyer_confirm(order=on_time, buyer=on_time.buyer)
    orders.transition(order=by_seller, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    with clock.travel(dt.timedelta(days=10)):  # well past every ship-by deadline
        orders.transition(order=late, to_status=Status.READY_TO_SHIP, role=Actor.SELLER)
        orders.transition(order=late, to_status=Status.SHIPPED, role=Actor.SELLER)
        assert orders.cancel_unshipped() == 1  # by_sweep
        now = clock.now()
        f = selectors.figures(store, now=now)
        p = selectors.penalty(store, now=now)

    assert (f.on_time.part, f.on_time.whole) == (1, 2)  # on_time; late was shipped after its ship_by
    assert (f.seller_cancelled.part, f.seller_cancelled.whole) == (2, 4)  # by_seller, by_sweep
    assert (f.complaints.part, f.complaints.whole) == (0, 1)  # on_time reached Selesai
    assert (p.total, p.late_shipments, p.seller_cancellations, p.blocked) == (3, 1, 2, True)
    assert {point.order_number for point in p.points} == {late.number, by_seller.number, by_sweep.number}
