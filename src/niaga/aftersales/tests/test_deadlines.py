"""Deadlines are data, kept by the sweep: a silent buyer lets the seller's offer or rejection
stand; the seller's deadline counts Indonesian working days. Who must act is told; the
store's figures count what happened."""

import datetime as dt

import pytest
from django.core import mail

from niaga.conftest import png
from niaga.notifications.models import Notification
from niaga.orders.status import Status as OrderStatus

from .. import selectors, services
from ..status import Outcome, Reason, Resolution, Status
from .conftest import MUG, available, books_balance, line_of, saldo

pytestmark = pytest.mark.django_db(transaction=True)


def open_for(order, *, resolution=Resolution.REFUND_ONLY, mugs=1):
    return services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=mugs)],
        reason=Reason.DAMAGED,
        description="Mug retak rambut di sisi dalam.",
        resolution=resolution,
        photos=[png()],
    )


def test_the_seller_answers_within_working_days(settings):
    settings.NIAGA_COMPLAINT_RESPOND_WORKING_DAYS = 2
    thursday_before_christmas = dt.datetime(2026, 12, 24, 3, 0, tzinfo=dt.UTC)  # 25th a holiday, then a weekend
    deadline = services.working_deadline(thursday_before_christmas, settings.NIAGA_COMPLAINT_RESPOND_WORKING_DAYS)
    assert deadline.astimezone(dt.timezone(dt.timedelta(hours=7))).date() == dt.date(2026, 12, 29)


def test_a_silent_buyer_lets_the_offer_stand(delivered, settings):
    order = delivered()
    complaint = open_for(order)
    mail.outbox.clear()
    services.seller_offer(complaint=complaint, seller=order.store.owner, amount=15_000, reason="Retak kecil saja.")
    # The buyer must act: told in the app and by e-mail, with the deadline.
    note = Notification.objects.get(user=order.buyer, title__startswith="Penjual memberi tawaran")
    assert "Rp15.000" in note.body and [m.to for m in mail.outbox] == [[order.buyer.email]]
    assert complaint.buyer_respond_by is not None
    assert services.sweep_overdue(now=complaint.buyer_respond_by - dt.timedelta(minutes=1)) == 0
    assert services.sweep_overdue(now=complaint.buyer_respond_by) == 1
    assert services.sweep_overdue(now=complaint.buyer_respond_by) == 0
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (
        Status.RESOLVED,
        Outcome.REFUND_PARTIAL,
        15_000,
    )
    assert order.status == OrderStatus.COMPLETED and saldo(order.buyer) == 15_000
    assert complaint.decided_by == "system"  # the buyer's deadline decided it
    books_balance()


def test_a_silent_buyer_lets_the_rejection_stand_and_the_seller_is_paid(delivered, settings):
    order = delivered()
    complaint = open_for(order, resolution=Resolution.RETURN_REFUND)
    services.seller_reject(
        complaint=complaint, seller=order.store.owner, reason="Mug dikemas dengan bubble wrap tebal.", photos=[png()]
    )
    complaint.refresh_from_db()
    assert complaint.messages.filter(role="seller").get().attachments.count() == 1  # the seller's evidence
    assert services.sweep_overdue(now=complaint.buyer_respond_by) == 1
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (Status.RESOLVED, Outcome.REJECTED, 0)
    assert order.status == OrderStatus.COMPLETED and saldo(order.buyer) == 0
    commission = order.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000
    assert available(order.store) == order.total - commission
    books_balance()


def test_a_silent_seller_of_a_return_request_is_asked_for_the_goods_back(delivered):
    order = delivered()
    complaint = open_for(order, resolution=Resolution.RETURN_REFUND, mugs=2)
    assert services.sweep_overdue(now=complaint.respond_by) == 1
    complaint.refresh_from_db()
    order.refresh_from_db()
    # The refund waits for the goods: escrow still whole, the order still held.
    assert complaint.status == Status.RETURN_REQUESTED and order.status == OrderStatus.COMPLAINT
    assert saldo(order.buyer) == 0 and available(order.store) == 0
    assert Notification.objects.filter(user=order.buyer, title__startswith="Kirim balik barang").exists()
    # The returns module ends it through move(): the units' value back, the rest to the seller.
    for to, role in ((Status.RETURN_SHIPPED, "buyer"), (Status.RETURN_RECEIVED, "seller")):
        services.move(complaint, to, role, None, "Resi retur JNE0099887766")
    top = services.max_refund(complaint)
    assert top == 2 * MUG
    services.move(
        complaint, Status.RESOLVED, "seller", None, "Barang diterima", refund=top, outcome=Outcome.REFUND_FULL
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and saldo(order.buyer) == 2 * MUG
    with pytest.raises(services.InvalidMove):  # ended: nothing moves it again, nothing refunded twice
        services.move(complaint, Status.RESOLVED, "operator", None, "Lagi", refund=1, outcome=Outcome.REFUND_PARTIAL)
    assert saldo(order.buyer) == 2 * MUG
    books_balance()


def test_the_store_figures_count_complaints_opened_since(delivered, make_store):
    store = make_store()
    quiet, escalated, open_one = delivered(store=store), delivered(store=store), delivered(store=store)
    since = min(o.created_at for o in (quiet, escalated, open_one)) - dt.timedelta(minutes=1)
    first = open_for(quiet)
    services.seller_accept(complaint=first, seller=store.owner)
    second = open_for(escalated)
    services.seller_reject(complaint=second, seller=store.owner, reason="Barang sesuai foto produk.")
    services.escalate(complaint=second, actor=escalated.buyer, reason="Tidak sesuai.")
    services.decide(complaint=second, operator=None, decision=services.Decision.REJECT, reason="Bukti penjual kuat.")
    open_for(open_one)
    figures = selectors.complaint_figures(store.pk, since)
    assert figures == selectors.ComplaintFigures(opened=3, escalated=1, resolved=2, resolved_without_escalation=1)
    later = selectors.complaint_figures(store.pk, since + dt.timedelta(days=1))
    assert later == selectors.ComplaintFigures(0, 0, 0, 0)
    assert selectors.complaint_figures(make_store().pk, since).opened == 0


def test_whoever_must_act_is_told_by_email(delivered, make_user):
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    order = delivered()
    buyer, seller = order.buyer, order.store.owner
    mail.outbox.clear()
    complaint = open_for(order)
    # Opened: the seller, with the complaint's number and deadline (the order's own notice).
    [opened] = mail.outbox
    assert opened.to == [seller.email] and complaint.number in opened.body and "WIB" in opened.body
    mail.outbox.clear()
    services.seller_reject(complaint=complaint, seller=seller, reason="Mug dikemas dengan bubble wrap tebal.")
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # the buyer must answer
    mail.outbox.clear()
    services.escalate(complaint=complaint, actor=buyer, reason="Mug retak, foto sudah jelas.")
    assert [m.to for m in mail.outbox] == [[seller.email]]  # the seller adds evidence
    assert Notification.objects.filter(user=operator, title__startswith="Mediasi baru").exists()
    mail.outbox.clear()
    services.decide(
        complaint=complaint, operator=operator, decision=services.Decision.REFUND_FULL, reason="Foto jelas."
    )
    told = sorted(m.to[0] for m in mail.outbox)
    assert buyer.email in told and seller.email in told  # both hear the decision and its reason
    assert all("Foto jelas." in m.body for m in mail.outbox if "Komplain" in m.subject)
