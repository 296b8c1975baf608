"""Warehouse staff pressing at the same moment, on PostgreSQL: every order line on exactly
one pick list, every order packed and booked once."""

import threading

import pytest
from django.db import connection

from niaga.core.errors import DomainError
from niaga.fulfillment import services
from niaga.fulfillment.models import PickLine
from niaga.orders.models import OrderLine
from niaga.orders.status import Status
from niaga.sandbox.models import Parcel
from niaga.shipping.models import Shipment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(n, work):
    barrier = threading.Barrier(n)
    done, refused, errors = [], [], []

    def run(i):
        try:
            barrier.wait()
            done.append(work(i))
        except DomainError as exc:
            refused.append(exc.code)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return done, refused


def test_six_staff_making_pick_lists_at_once_never_take_a_line_twice(
    paid_checkout, make_store, make_product, make_user
):
    store = make_store()
    products = [make_product(store, name=f"Barang {i}", stock=5) for i in range(3)]
    orders = [paid_checkout([(p, 1)]) for p in products for _ in range(2)]
    location = services.store_location(store=store)
    staff = [make_user(f"Staf {i}") for i in range(6)]
    location.staff.add(*staff)
    made, refused = at_once(6, lambda i: services.create_pick_list(location=location, user=staff[i]))
    assert len(made) >= 1 and set(refused) <= {"nothing_to_pick"}
    assert PickLine.objects.count() == OrderLine.objects.filter(order__in=orders).count() == 6
    assert all(pl.lines.exists() for pl in made)


def test_two_packers_closing_the_same_parcel_book_one_awb(paid_checkout, make_store, make_product):
    store = make_store()
    order = paid_checkout([(make_product(store, stock=1, weight_grams=400), 1)])
    line = order.lines.get()

    def pack(_):
        return services.pack(
            order=order, user=store.owner, counts={line.pk: 1}, weight_grams=400, length_cm=20, width_cm=10, height_cm=5
        )

    packed, refused = at_once(2, pack)
    order.refresh_from_db()
    assert order.status == Status.READY_TO_SHIP and len(packed) == 1 and len(refused) == 1
    shipment = Shipment.objects.get(order=order)
    assert order.awb == shipment.awb
    live = Parcel.objects.filter(reference_id=order.number, cancelled_at__isnull=True)
    assert list(live.values_list("waybill", flat=True)) == [shipment.awb]  # any second AWB was given back
