"""What each order move sets off (status.EFFECTS), move by move: the effects it names run, in
its order, inside the move's transaction or once it commits, and nothing else runs. An effect
nobody registered stops Niaga at startup."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from niaga.core import clock
from niaga.orders import effects, services
from niaga.orders.models import Order
from niaga.orders.status import EFFECTS, TRANSITIONS, Actor, Effect, Status

S, A = Status, Actor
COMMIT = "— commit —"

# The specification, written out: what each move sets off, in order; after COMMIT, what
# waits for the move to be saved.
SETS_OFF = {
    (S.AWAITING_PAYMENT, S.TO_PACK): ["stamp.paid", "stock.commit", "tax.collect", "risk.screen", "notify"],
    (S.AWAITING_PAYMENT, S.CANCELLED): ["stock.release", "notify", "flash.give_back", COMMIT, "charges.close"],
    (S.TO_PACK, S.READY_TO_SHIP): ["notify"],
    (S.TO_PACK, S.CANCELLED): ["stock.restock", "escrow.refund", "notify"],
    (S.READY_TO_SHIP, S.SHIPPED): ["stamp.shipped", "notify"],
    (S.READY_TO_SHIP, S.CANCELLED): ["stock.restock", "escrow.refund", "notify", COMMIT, "booking.cancel"],
    (S.SHIPPED, S.DELIVERED): ["stamp.delivered", "notify"],
    (S.SHIPPED, S.COMPLETED): ["escrow.release", "notify", "reviews.invite"],
    (S.SHIPPED, S.RETURNED): ["stock.restock", "escrow.refund", "notify"],
    (S.SHIPPED, S.CANCELLED): ["escrow.refund", "notify"],
    (S.DELIVERED, S.COMPLETED): ["escrow.release", "notify", "reviews.invite"],
    (S.DELIVERED, S.COMPLAINT): ["notify"],
    (S.SHIPPED, S.COMPLAINT): ["notify"],  # "barang belum sampai", past the estimate
    (S.COMPLAINT, S.COMPLETED): ["escrow.release", "notify", "reviews.invite"],
    (S.COMPLAINT, S.RETURNED): ["escrow.refund", "notify"],
}


@pytest.fixture
def recorded(monkeypatch):
    """Every effect replaced by one that only writes its name down."""
    calls: list[str] = []

    def recorder(name):
        def record(move):
            calls.append(name)
            return {}  # a stamp that writes nothing

        return record

    monkeypatch.setattr(effects, "HANDLERS", {name: recorder(name) for name in effects.HANDLERS})
    monkeypatch.setattr(effects, "STAMPS", {name: recorder(name) for name in effects.STAMPS})
    return calls


@pytest.fixture
def sets_off(recorded, django_capture_on_commit_callbacks):
    """sets_off(act) → the effects `act` set off, with COMMIT where its transaction commits."""

    def run(act) -> list[str]:
        recorded.clear()
        with django_capture_on_commit_callbacks(execute=True):
            act()
            recorded.append(COMMIT)
        return recorded[:-1] if recorded[-1] == COMMIT else list(recorded)

    return run


def order_at(place, status: str) -> Order:
    order = place(quantity=2, stock=2).orders.get()
    Order.objects.filter(pk=order.pk).update(status=status)
    return Order.objects.get(pk=order.pk)


def test_the_specification_covers_every_move_of_the_table():
    assert set(SETS_OFF) == set(TRANSITIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("move", list(SETS_OFF), ids=lambda move: "-".join(move))
def test_each_move_sets_off_its_effects_in_order_and_nothing_else(place, sets_off, move):
    from_status, to_status = move
    order = order_at(place, from_status)
    role = sorted(TRANSITIONS[move])[0]
    assert sets_off(lambda: services.transition(order=order, to_status=to_status, role=role)) == SETS_OFF[move]
    assert Order.objects.get(pk=order.pk).status == to_status


@pytest.mark.django_db
def test_placing_an_order_tells_the_seller_and_nothing_else(place, sets_off):
    assert sets_off(lambda: place()) == ["notify"]


@pytest.mark.django_db
def test_cancelling_some_units_tells_the_buyer_and_refunds_those_units(place, sets_off, monkeypatch):
    order = order_at(place, S.TO_PACK)
    line = order.lines.get()
    seen = []
    monkeypatch.setitem(effects.HANDLERS, "escrow.refund_units", lambda move: seen.append((move.line, move.quantity)))

    def cancel_one():
        services.cancel_units(order=order, line=line, quantity=1, actor=order.store.owner, reason="Stok kurang")

    assert sets_off(cancel_one) == ["notify"]  # and the refund, seen by its own stand-in:
    assert seen == [(line, 1)] and line.cancelled_quantity == 1


@pytest.mark.django_db
def test_a_refused_move_or_a_lost_race_sets_off_nothing(place, recorded):
    order = order_at(place, S.AWAITING_PAYMENT)
    stale = Order.objects.get(pk=order.pk)
    recorded.clear()
    with pytest.raises(services.InvalidTransition):
        services.transition(order=order, to_status=S.SHIPPED, role=A.SELLER)
    services.transition(order=order, to_status=S.CANCELLED, role=A.BUYER)
    recorded.clear()
    with pytest.raises(services.InvalidTransition):  # another worker cancelled it first
        services.transition(order=stale, to_status=S.CANCELLED, role=A.SYSTEM)
    assert recorded == []


@pytest.mark.django_db
def test_an_effect_that_fails_inside_undoes_the_move(place, recorded, monkeypatch):
    order = order_at(place, S.TO_PACK)

    def broken(move):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setitem(effects.HANDLERS, "escrow.refund", broken)
    with pytest.raises(RuntimeError):
        services.transition(order=order, to_status=S.CANCELLED, role=A.SELLER)
    assert Order.objects.get(pk=order.pk).status == S.TO_PACK and not order.events.filter(to_status=S.CANCELLED)


@pytest.mark.django_db
def test_the_checkouts_charge_is_closed_once_with_its_last_unpaid_order(place, sets_off):
    first = place().orders.get()
    second = Order.objects.get(pk=first.pk)
    second.pk, second.number = None, first.number + "-2"
    second.save()
    calls = sets_off(
        lambda: services.cancel_unpaid_group(group=first.group, role=A.BUYER, actor=first.buyer, reason="Batal")
    )
    assert calls.count("charges.close") == 1 and calls[-2:] == [COMMIT, "charges.close"]
    assert calls.count("stock.release") == 2


# --- the buyer's confirmation window: it counts from delivery ("Sampai") -------------------


@pytest.fixture
def ready_to_ship(place):
    group = place()
    services.mark_group_paid(group=group, reason="Lunas")
    order = group.orders.get()
    return services.seller_pack(order=order, seller=order.store.owner)


@pytest.mark.django_db
def test_a_parcel_a_courier_follows_has_no_window_until_it_is_delivered(ready_to_ship, settings):
    picked, delivered = clock.now(), clock.now() + dt.timedelta(days=2)
    order = services.courier_update(order=ready_to_ship, to_status=S.SHIPPED, reason="Diambil", when=picked)
    assert (order.shipped_at, order.confirm_by) == (picked, None)
    order = services.courier_update(order=order, to_status=S.DELIVERED, reason="Sampai", when=delivered)
    assert order.confirm_by == delivered + dt.timedelta(days=settings.NIAGA_CONFIRM_WITHIN_DAYS)
    assert Order.objects.get(pk=order.pk).confirm_by == order.confirm_by


@pytest.mark.django_db
def test_the_sellers_own_awb_has_nobody_to_report_delivery_so_the_window_counts_from_hand_over(ready_to_ship, settings):
    order = services.seller_ship(order=ready_to_ship, seller=ready_to_ship.store.owner, awb="JP1234567890")
    window = dt.timedelta(days=settings.NIAGA_CONFIRM_WITHIN_DAYS)
    assert order.shipped_at is not None and order.confirm_by == order.shipped_at + window
    delivered = clock.now() + dt.timedelta(days=3)  # a courier reports it after all: from delivery
    order = services.courier_update(order=order, to_status=S.DELIVERED, reason="Sampai", when=delivered)
    assert order.confirm_by == delivered + window


@pytest.mark.django_db
def test_payment_stamps_the_ship_by_deadline(place):
    group = place()
    paid_at = clock.now()
    [order], _ = services.mark_group_paid(group=group, reason="Lunas", when=paid_at)
    assert (order.paid_at, order.ship_by) == (paid_at, effects.ship_deadline(paid_at))


# --- startup ------------------------------------------------------------------------------


def test_niaga_starts_with_every_effect_registered():
    call_command("check")  # raises SystemCheckError otherwise


def test_an_effect_nobody_registered_stops_startup(monkeypatch):
    row = (S.DELIVERED, S.COMPLAINT)
    monkeypatch.setitem(EFFECTS, row, (*EFFECTS[row], Effect("reviews.ask")))
    with pytest.raises(SystemCheckError, match="'reviews.ask' of .* is registered by no app"):
        call_command("check")


def test_a_registered_effect_the_table_does_not_name_stops_startup(monkeypatch):
    monkeypatch.setitem(effects.HANDLERS, "escrow.relaese", lambda move: None)
    with pytest.raises(SystemCheckError, match="'escrow.relaese' is registered but not in EFFECTS"):
        call_command("check")


def test_a_move_without_its_row_of_effects_stops_startup(monkeypatch):
    monkeypatch.delitem(EFFECTS, (S.DELIVERED, S.COMPLAINT))
    with pytest.raises(SystemCheckError, match="orders.E001"):
        call_command("check")


def test_the_same_effect_cannot_be_registered_twice(monkeypatch):
    monkeypatch.setattr(effects, "HANDLERS", dict(effects.HANDLERS))
    with pytest.raises(Exception, match="registered twice"):
        effects.register("notify", lambda move: None)
