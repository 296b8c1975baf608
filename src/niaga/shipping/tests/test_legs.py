"""After-sales legs ride the same couriers as an order's parcel: booked once with an AWB and
a pickup, tracked through the courier simulator by the same poll, each new event stored and
told once (signals.leg_tracked), the label decoding to the AWB, a booking given back before
pickup."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.sandbox.models import Parcel
from niaga.shipping import legs, tasks
from niaga.shipping.models import Leg, LegEvent
from niaga.shipping.signals import leg_tracked

pytestmark = pytest.mark.django_db(transaction=True)

BUYER = legs.Party(
    name="Budi Santoso",
    phone="081234567890",
    address="Jl. Tebet Raya 1, Tebet Barat, Tebet",
    postal_code="12820",
    province_code="31",
    regency_code="31.74",
    area_name="Kota Administrasi Jakarta Selatan",
)
STORE = legs.Party(
    name="Toko Buku Sejahtera",
    contact_name="Sari",
    phone="081222001234",
    address="Jl. Ir. H. Juanda No. 120, Lebakgede, Coblong",
    postal_code="40135",
    province_code="32",
    regency_code="32.73",
    area_name="Kota Bandung",
)
ITEMS = [{"name": "Buku Materi Kuliah", "value": 50_000, "quantity": 2, "weight": 400}]


@pytest.fixture
def heard():
    """Every leg_tracked the signal sends, as (awb, status)."""
    seen: list[tuple[str, str]] = []

    def receiver(sender, leg, status, event, **kwargs):
        seen.append((leg.awb, status))

    leg_tracked.connect(receiver, weak=False)
    yield seen
    leg_tracked.disconnect(receiver)


def book_return(order, courier_code="jne_reg", **overrides):
    parcel = legs.parcel_for(sender=BUYER, recipient=STORE, weight_grams=800, value=100_000)
    return legs.book_leg(
        order=order,
        kind=Leg.Kind.RETURN,
        reference="KMP/20261207/0001",
        courier_code=courier_code,
        parcel=parcel,
        sender=overrides.get("sender", BUYER),
        recipient=STORE,
        items=ITEMS,
        payer=Leg.Payer.SELLER,
    )


def test_a_return_leg_is_booked_once_tracked_to_delivered_and_told_once_per_event(sandbox, place, heard):
    order = place(stock=2).orders.get()
    offer = legs.options(legs.parcel_for(sender=BUYER, recipient=STORE, weight_grams=800, value=100_000))
    assert offer.get("jne_reg") is not None and offer.options == sorted(offer.options, key=lambda r: r.cost)

    leg = book_return(order)
    assert book_return(order) == leg  # booked once per complaint and kind
    parcel = Parcel.objects.get(waybill=leg.awb)
    assert (parcel.reference_id, parcel.courier, parcel.service) == ("KMP/20261207/0001", "jne", "reg")
    assert parcel.pickup_requested_at is not None  # the courier comes to the buyer
    assert leg.price == parcel.price > 0 and leg.order == order and not leg.done

    with clock.travel(dt.timedelta(hours=3)):
        assert tasks.poll_tracking.call_local() >= 1  # the periodic poll takes legs too
    leg.refresh_from_db()
    assert leg.status == "picked" and not leg.done
    with clock.travel(dt.timedelta(days=3)):
        legs.poll_leg(leg=leg)
        assert legs.poll_leg(leg=leg) == 0  # a repeated poll adds nothing
    leg.refresh_from_db()
    statuses = [e.status for e in LegEvent.objects.filter(leg=leg)]
    assert statuses[0] == "confirmed" and statuses[-1] == "delivered" and "picked" in statuses
    assert leg.done and leg.status == "delivered" and leg.delivered_at is not None
    assert heard == [(leg.awb, s) for s in statuses]  # once per event, in order
    assert [e.status for e in legs.events_of(leg)] == statuses[::-1]


def test_a_failing_receiver_leaves_the_event_for_the_next_poll(sandbox, place):
    order = place(stock=1).orders.get()
    leg = book_return(order)

    def broken(sender, leg, status, event, **kwargs):
        if status == "picked":
            raise RuntimeError("after-sales is down")

    leg_tracked.connect(broken, weak=False)
    try:
        with clock.travel(dt.timedelta(hours=3)), pytest.raises(RuntimeError):
            legs.poll_leg(leg=leg)
    finally:
        leg_tracked.disconnect(broken)
    assert not LegEvent.objects.filter(leg=leg, status="picked").exists()
    with clock.travel(dt.timedelta(hours=3)):
        legs.poll_leg(leg=leg)
    assert LegEvent.objects.filter(leg=leg, status="picked").count() == 1


def test_booking_refuses_a_missing_address_or_an_unknown_courier_and_stores_nothing(sandbox, place):
    order = place(stock=1).orders.get()
    with pytest.raises(Conflict) as incomplete:
        book_return(order, sender=legs.Party(**{**BUYER.__dict__, "phone": "", "postal_code": " "}))
    assert set(incomplete.value.fields) == {"sender.phone", "sender.postal_code"}
    with pytest.raises(DomainError) as unknown:
        book_return(order, courier_code="kilat_kilat")
    assert "courier" in unknown.value.fields
    assert not Leg.objects.exists() and not Parcel.objects.exists()


def test_a_leg_given_back_before_pickup_can_be_booked_again_but_not_after(sandbox, place, heard):
    order = place(stock=1).orders.get()
    first = book_return(order)
    legs.cancel_leg(leg=first)
    assert first.status == "cancelled" and first.done and heard == [(first.awb, "cancelled")]
    assert Parcel.objects.get(waybill=first.awb).cancelled_at is not None
    second = book_return(order)
    assert second.pk != first.pk and second.awb != first.awb
    with clock.travel(dt.timedelta(hours=3)):
        legs.poll_leg(leg=second)
        with pytest.raises(Conflict):  # the courier has it now
            legs.cancel_leg(leg=second)
    second.refresh_from_db()
    assert second.status == "picked" and Parcel.objects.get(waybill=second.awb).cancelled_at is None


def test_the_leg_label_decodes_to_its_awb(sandbox, place):
    from niaga.fulfillment.tests.test_labels import decoded
    from niaga.shipping import leg_labels

    leg = book_return(place(stock=1).orders.get())
    pdf = leg_labels.render(leg)
    assert pdf.startswith(b"%PDF")
    assert decoded(pdf) == [[("Code128", leg.awb), ("QRCode", leg.awb)]]
