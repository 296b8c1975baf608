"""Many buyers, few units, PostgreSQL: never oversold, never a half-made checkout."""

import random
import threading

import pytest
from django.db import connection

from niaga.cart.services import add_item, cart_for
from niaga.checkout.services import place_order
from niaga.core.errors import DomainError
from niaga.inventory.models import Stock
from niaga.orders.models import Order, OrderGroup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def buyers_with_carts(make_user, make_address, wants):
    """wants: one dict {variant_id: quantity} per buyer, put in the cart up front (stock allows)."""
    people = []
    for want in wants:
        buyer = make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        for variant_id, quantity in want.items():
            add_item(cart=cart, variant_id=variant_id, quantity=quantity)
        people.append((buyer, address, cart))
    return people


def race(people):
    """Everyone presses "Buat Pesanan" at the same moment."""
    barrier = threading.Barrier(len(people))
    won, lost, errors = {}, {}, []

    def press(i, buyer, address, cart):
        try:
            barrier.wait()
            won[i] = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca").group
        except DomainError as exc:  # sold out, or the cart was already ordered
            lost[i] = exc
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(i, *p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    return won, lost


def stock(variant_id) -> Stock:
    return Stock.objects.get(variant_id=variant_id)


def test_fifty_buyers_ten_units_exactly_ten_orders(sandbox, make_user, make_address, make_store, make_product):
    variant = make_product(make_store(), stock=10).variants.get().pk
    won, lost = race(buyers_with_carts(make_user, make_address, [{variant: 1}] * 50))
    assert len(won) == 10 and len(lost) == 40
    assert all(exc.code == "out_of_stock" and "Stok habis" in exc.message for exc in lost.values())
    s = stock(variant)
    assert (s.on_hand, s.reserved, s.available) == (10, 10, 0)
    assert Order.objects.count() == 10


def test_mixed_quantities_never_oversell(sandbox, make_user, make_address, make_store, make_product):
    variant = make_product(make_store(), stock=10).variants.get().pk
    rnd = random.Random(7)
    wants = [{variant: rnd.randint(1, 3)} for _ in range(50)]
    won, lost = race(buyers_with_carts(make_user, make_address, wants))
    sold = sum(wants[i][variant] for i in won)
    s = stock(variant)
    assert len(won) + len(lost) == 50
    assert s.reserved == sold and s.available == 10 - sold >= 0
    assert sum(line.quantity for o in Order.objects.all() for line in o.lines.all()) == sold
    # Stock only went down during the race, so nobody was refused who could have been served.
    assert all(wants[i][variant] > s.available for i in lost)


def test_checkouts_across_stores_are_all_or_nothing(sandbox, make_user, make_address, make_store, make_product):
    book = make_product(make_store(city_code="34.71"), stock=10).variants.get().pk
    pen = make_product(make_store(city_code="32.73"), name="Pulpen Gel", stock=15).variants.get().pk
    wants = [{book: 1, pen: 1}] * 30 + [{pen: 1}] * 10
    won, lost = race(buyers_with_carts(make_user, make_address, wants))
    for i, group in won.items():
        bought = {line.variant_id for o in group.orders.all() for line in o.lines.all()}
        assert bought == set(wants[i]) and group.orders.count() == len(wants[i])  # one order per store, all of them
    assert stock(book).reserved == sum(1 for i in won if book in wants[i]) <= 10
    assert stock(pen).reserved == sum(1 for i in won if pen in wants[i]) <= 15
    # Someone was refused, so something ran out; nothing went below zero.
    assert lost and min(stock(book).available, stock(pen).available) == 0
    assert OrderGroup.objects.count() == len(won)


def test_a_double_click_on_buat_pesanan_orders_once(sandbox, make_user, make_address, make_store, make_product):
    variant = make_product(make_store(), stock=10).variants.get().pk
    [(buyer, address, cart)] = buyers_with_carts(make_user, make_address, [{variant: 2}])
    won, lost = race([(buyer, address, cart)] * 5)
    assert len(won) == 1 and OrderGroup.objects.count() == 1
    assert stock(variant).reserved == 2


def test_carts_filled_in_opposite_orders_do_not_deadlock(sandbox, make_user, make_address, make_store, make_product):
    book = make_product(make_store(city_code="34.71"), stock=40).variants.get().pk
    pen = make_product(make_store(city_code="32.73"), name="Pulpen Gel", stock=40).variants.get().pk
    wants = [{book: 1, pen: 1}, {pen: 1, book: 1}] * 15  # store A then B, and B then A
    won, lost = race(buyers_with_carts(make_user, make_address, wants))
    assert len(won) == 30 and not lost
    assert stock(book).reserved == stock(pen).reserved == 30
