"""The deadlines of the way back, swept (safe to run twice): a return never sent ends the
complaint for the seller; a seller silent after delivery is confirmed for the buyer; an
exchange's replacement not shipped is refunded instead. And the buyer's own bookings: given
back before pickup (the postage with it), refused when they cannot be paid for."""

import datetime as dt

import pytest

from niaga.aftersales import exchanges, returns
from niaga.aftersales import services as complaints
from niaga.aftersales.status import Outcome, Reason, Resolution
from niaga.aftersales.status import Status as CS
from niaga.core import clock
from niaga.core.errors import Conflict
from niaga.inventory.models import Reservation, ReturnedStock, Stock
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.orders.status import Status
from niaga.payments import money
from niaga.sandbox.models import Parcel
from niaga.shipping import legs
from niaga.shipping.models import Leg

from .couriered import DELIVERY, couriered, open_complaint, paid_checkout  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.timedelta(days=1)


@pytest.fixture
def complaint_of(couriered, make_store, make_product):
    def make(reason=Reason.DAMAGED, resolution=Resolution.RETURN_REFUND, stock=3, quantity=1):
        product = make_product(make_store(), stock=stock, weight_grams=300, price=70_000)
        order = couriered([(product, quantity)])
        return open_complaint(order, reason=reason, resolution=resolution), product

    return make


def received(complaint):
    """The buyer books the return; the simulator delivers it to the store."""
    with clock.travel(DELIVERY):
        leg = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
    with clock.travel(DELIVERY + 3 * DAY):
        legs.poll_leg(leg=leg)
    complaint.refresh_from_db()
    assert complaint.status == CS.RETURN_RECEIVED
    return leg


def test_a_return_not_sent_back_in_time_ends_the_complaint_for_the_seller(complaint_of, settings):
    complaint, _ = complaint_of()
    order = complaint.order
    late = DELIVERY + (settings.NIAGA_RETURN_SHIP_WITHIN_DAYS + 1) * DAY
    assert returns.sweep_returns(now=clock.now() + DELIVERY) == 0  # still in time
    with clock.travel(late), pytest.raises(Conflict) as refused:
        returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
    assert refused.value.code == "return_overdue" and not Parcel.objects.filter(reference_id=complaint.number).exists()
    with clock.travel(late):
        assert returns.sweep_returns() == 1
        assert returns.sweep_returns() == 0  # twice changes nothing
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (CS.RESOLVED, Outcome.REJECTED, 0)
    assert order.status == Status.COMPLETED and Transaction.objects.filter(key=f"release:{order.pk}").exists()
    assert ledger.total() == 0


def test_a_silent_seller_is_confirmed_for_the_buyer_and_nothing_unchecked_is_sold_again(complaint_of, settings):
    complaint, product = complaint_of(quantity=2)
    received(complaint)
    case = returns.case_for(complaint)
    assert returns.sweep_returns(now=case.confirm_by - dt.timedelta(minutes=1)) == 0
    assert returns.sweep_returns(now=case.confirm_by + dt.timedelta(minutes=1)) == 1
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (CS.RESOLVED, Outcome.REFUND_FULL)
    assert complaint.refund_amount == complaint.order.total == money.saldo_of(complaint.buyer)
    record = ReturnedStock.objects.get(reference=complaint.number)
    assert (record.condition, record.quantity, record.recorded_by) == ("written_off", 2, None)
    assert "tidak mengonfirmasi" in record.reason
    assert Stock.objects.get(variant=product.variants.get()).on_hand == 3 - 2  # none back on sale
    assert ledger.total() == 0


def test_a_silent_seller_of_an_exchange_refunds_rather_than_replaces(complaint_of):
    complaint, product = complaint_of(resolution=Resolution.EXCHANGE)
    received(complaint)
    returns.sweep_returns(now=returns.case_for(complaint).confirm_by + dt.timedelta(minutes=1))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (CS.RESOLVED, Outcome.REFUND_FULL)
    assert not Reservation.objects.filter(reference__endswith="/TUKAR").exists()
    assert Stock.objects.get(variant=product.variants.get()).reserved == 0


def test_a_replacement_not_shipped_in_time_is_refunded_and_its_units_released(complaint_of):
    complaint, product = complaint_of(resolution=Resolution.EXCHANGE)
    received(complaint)
    with clock.travel(DELIVERY + 3 * DAY):
        returns.confirm_receipt(
            complaint=complaint, seller=complaint.store.owner, conditions={complaint.lines.get().pk: (1, 0)}
        )
    case = returns.case_for(complaint)
    assert case.replacement_held and Stock.objects.get(variant=product.variants.get()).reserved == 1
    assert returns.sweep_returns(now=case.replace_by + dt.timedelta(minutes=1)) == 1
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (CS.RESOLVED, Outcome.REFUND_FULL)
    stock = Stock.objects.get(variant=product.variants.get())
    assert (stock.on_hand, stock.reserved) == (3 - 1 + 1, 0)  # the returned unit back on sale, the hold released
    assert Reservation.objects.get(reference=case.replacement_reference).status == "released"
    with pytest.raises(returns.ReturnNotAllowed):
        exchanges.ship_replacement(complaint=complaint, seller=complaint.store.owner, courier_code="jne_reg")


def test_a_booking_given_back_before_pickup_returns_the_postage_and_can_be_made_again(complaint_of):
    complaint, _ = complaint_of()
    store = complaint.store
    with clock.travel(DELIVERY):
        first = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
        assert money.postage_owed(store.pk) == first.price
        returns.cancel_return(complaint=complaint, buyer=complaint.buyer)
        assert money.postage_owed(store.pk) == 0 and Parcel.objects.get(waybill=first.awb).cancelled_at
        second = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="anteraja_reg")
    assert second.awb != first.awb and money.postage_owed(store.pk) == second.price
    with clock.travel(DELIVERY + 4 * dt.timedelta(hours=1)):
        legs.poll_leg(leg=second)
        with pytest.raises(Conflict):  # the courier has it: too late to give back
            returns.cancel_return(complaint=complaint, buyer=complaint.buyer)
    assert ledger.total() == 0


def test_an_exchange_for_the_buyers_own_reason_needs_saldo_for_the_postage(complaint_of):
    complaint, _ = complaint_of(reason=Reason.OTHER, resolution=Resolution.EXCHANGE)
    with clock.travel(DELIVERY), pytest.raises(Conflict) as refused:
        returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
    assert "Saldo" in refused.value.message
    assert not Leg.objects.exclude(status="cancelled").exists()  # the AWB was given back
    assert Parcel.objects.get(reference_id=complaint.number).cancelled_at is not None and ledger.total() == 0


def test_a_complaint_withdrawn_after_booking_gives_the_parcel_and_its_postage_back(complaint_of):
    complaint, _ = complaint_of()
    with clock.travel(DELIVERY):
        leg = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code="jne_reg")
        assert money.postage_owed(complaint.store_id) == leg.price
        complaints.withdraw(complaint=complaint, buyer=complaint.buyer, reason="Barang ternyata masih bisa dipakai.")
    leg.refresh_from_db()
    assert leg.status == "cancelled" and Parcel.objects.get(waybill=leg.awb).cancelled_at is not None
    assert money.postage_owed(complaint.store_id) == 0
    complaint.order.refresh_from_db()
    assert complaint.order.status == Status.COMPLETED and ledger.total() == 0


def test_a_mediated_exchange_decided_for_a_refund_releases_the_held_replacement(complaint_of, make_user):
    complaint, product = complaint_of(resolution=Resolution.EXCHANGE)
    received(complaint)
    with clock.travel(DELIVERY + 3 * DAY):
        returns.confirm_receipt(
            complaint=complaint, seller=complaint.store.owner, conditions={complaint.lines.get().pk: (0, 1)}
        )
        assert Stock.objects.get(variant=product.variants.get()).reserved == 1
        complaints.escalate(complaint=complaint, actor=complaint.buyer, reason="Penggantinya tidak kunjung dikirim.")
        complaints.decide(
            complaint=complaint,
            operator=make_user("Operator"),
            decision=complaints.Decision.REFUND_FULL,
            reason="Penjual tidak mengirim pengganti; dana dikembalikan.",
        )
    complaint.refresh_from_db()
    assert complaint.status == CS.RESOLVED and complaint.refund_amount == complaint.order.total
    stock = Stock.objects.get(variant=product.variants.get())
    assert (stock.on_hand, stock.reserved) == (3 - 1, 0)  # the hold released, the written-off unit gone
    assert ledger.total() == 0
