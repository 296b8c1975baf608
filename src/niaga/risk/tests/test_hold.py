"""A high-risk checkout, paid: held before the seller hears of it, then released (the seller
is told and packs, the deadline counts from the release) or rejected (cancelled, refunded
in full through payments, stock back, the books balanced). A low-risk one flows as before."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from niaga.audit.models import Event
from niaga.core import clock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.notifications.models import Notification
from niaga.orders import services as orders
from niaga.orders.effects import ship_deadline
from niaga.orders.models import Order, OrderGroup
from niaga.orders.status import Status
from niaga.payments import money
from niaga.risk import rules, services
from niaga.risk.models import Assessment

from .histories import checkout

PACK_TITLE = "Pesanan dibayar — Perlu Dikemas"


@pytest.fixture
def pricey(make_store, make_product):
    """Goods worth the new-account rule's threshold on their own."""
    return make_product(make_store(), price=rules.HIGH_VALUE, stock=1)


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def shared_device(make_user, make_store, make_product, device="dev-risk"):
    """Two other accounts checked out from the same device earlier today."""
    other = make_product(make_store(), price=10_000, stock=10)
    for _ in range(2):
        checkout(make_user(), other, device=device, ago=dt.timedelta(hours=2))


def pay(group):
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    return orders.mark_group_paid(group=group, reason="Pembayaran BCA Virtual Account terverifikasi")


@pytest.mark.django_db
class TestHeldAndReleased:
    @pytest.fixture
    def held(self, make_user, make_store, make_product, pricey, django_capture_on_commit_callbacks):
        shared_device(make_user, make_store, make_product)
        group = checkout(make_user("Pembeli Baru"), pricey, device="dev-risk")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            pay(group)
        return group.orders.get()

    def test_the_seller_is_not_told_and_sees_it_held(self, held, client):
        held.refresh_from_db()
        assert held.status == Status.TO_PACK and held.held and held.ship_by is None
        case = Assessment.objects.get(group=held.group)
        assert (case.level, case.decision, case.score) == ("high", "pending", 60)
        assert {r["code"] for r in case.reasons} == {"new_account", "device"}
        owner = held.store.owner
        assert not Notification.objects.filter(user=owner, title=PACK_TITLE).exists()
        assert not [m for m in mail.outbox if m.to == [owner.email]]
        assert Notification.objects.filter(user=held.buyer, title="Pembayaran diterima").exists()
        client.force_login(owner)
        page = client.get(reverse("seller:order", args=[held.pk])).content.decode()
        assert 'id="order-held"' in page and "Ditinjau Niaga" in page and 'value="pack"' not in page
        to_pack = client.get(reverse("seller:orders") + "?status=to_pack").content.decode()
        assert held.number not in to_pack

    def test_packing_and_shipping_are_refused_while_held(self, held, client):
        client.force_login(held.store.owner)
        for data in ({"action": "pack"}, {"action": "ship", "awb": "JNE12345678"}):
            answer = client.post(reverse("seller:order", args=[held.pk]), data)
            assert answer.status_code == 409 and "sedang ditinjau tim Niaga" in answer.content.decode()
        with pytest.raises(orders.OrderHeld):
            orders.seller_pack(order=held, seller=held.store.owner)
        held.refresh_from_db()
        assert held.status == Status.TO_PACK and held.held

    def test_the_ship_by_sweep_leaves_a_held_order_alone(self, held):
        assert orders.cancel_unshipped(now=clock.now() + dt.timedelta(days=30)) == 0
        held.refresh_from_db()
        assert held.status == Status.TO_PACK

    def test_released_the_seller_is_told_and_packs(self, held, operator, django_capture_on_commit_callbacks):
        case = Assessment.objects.get(group=held.group)
        with django_capture_on_commit_callbacks(execute=True):
            services.decide(assessment=case, release=True, operator=operator, note="Pembeli dikonfirmasi via telepon")
        held.refresh_from_db()
        assert not held.held and held.ship_by == ship_deadline(clock.now())
        owner = held.store.owner
        assert Notification.objects.filter(user=owner, title=PACK_TITLE).count() == 1
        assert [m for m in mail.outbox if m.to == [owner.email]]
        orders.seller_pack(order=held, seller=owner)
        held.refresh_from_db()
        assert held.status == Status.READY_TO_SHIP
        case.refresh_from_db()
        assert (case.decision, case.decided_by, case.note) == ("released", operator, "Pembeli dikonfirmasi via telepon")
        event = Event.objects.get(action="risk.decided")
        assert event.actor == operator and event.changes["decision"] == "released"

    def test_a_decision_needs_a_note_and_is_made_once(self, held, operator):
        case = Assessment.objects.get(group=held.group)
        with pytest.raises(services.DomainError) as exc:
            services.decide(assessment=case, release=True, operator=operator, note="  ")
        assert exc.value.fields == {"note": "Catatan wajib diisi."}
        services.decide(assessment=case, release=True, operator=operator, note="Aman")
        with pytest.raises(services.AlreadyDecided):
            services.decide(assessment=case, release=False, operator=operator, note="Berubah pikiran")


@pytest.mark.django_db
def test_a_low_risk_checkout_flows_as_before(make_user, make_store, make_product):
    group = checkout(make_user(), make_product(make_store(), price=20_000, stock=1), device="dev-alone")
    [order], _ = pay(group)
    assert not order.held and order.ship_by is not None
    assert Assessment.objects.get(group=group).decision == "released"
    assert Notification.objects.filter(user=order.store.owner, title=PACK_TITLE).exists()


@pytest.mark.django_db(transaction=True)
def test_rejected_the_order_is_cancelled_refunded_and_restocked(
    sandbox, checkout_group, make_user, make_store, make_product, pricey, operator
):
    from niaga.payments.tests.test_methods_e2e import pay as pay_at_gateway

    shared_device(make_user, make_store, make_product)
    group = checkout_group("va_bca", product=pricey)
    OrderGroup.objects.filter(pk=group.pk).update(placed_device="dev-risk")
    attempt = group.payments.get()
    pay_at_gateway(sandbox.url, attempt)
    order = Order.objects.get(group=group)
    assert order.status == Status.TO_PACK and order.held
    assert pricey.variants.get().stock.available == 0

    services.decide(
        assessment=Assessment.objects.get(group=group), release=False, operator=operator, note="Kartu curian"
    )
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.CANCELLED and not order.held
    assert "Kartu curian" in order.events.last().reason
    # A VA cannot be refunded at the bank: the order's whole total goes to the buyer's saldo
    # (the service fee stays, as for any paid order cancelled).
    assert attempt.status == "settlement" and ledger.balance(acc.buyer_saldo(group.buyer_id)) == order.total
    assert ledger.balance(acc.escrow(order.store_id, order.pk)) == 0
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    assert pricey.variants.get().stock.available == 1
    assert Notification.objects.filter(user=group.buyer, title="Pesanan dibatalkan").exists()
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()
