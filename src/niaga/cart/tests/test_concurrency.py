"""Adding to one cart from several tabs at once (PostgreSQL): every unit counted once, one row
per item, and never more in the cart than the shelf holds."""

import threading

import pytest
from django.db import connection

from niaga.cart.models import CartItem
from niaga.cart.services import add_item, cart_for
from niaga.core.errors import Conflict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def press_together(n, cart, variant_id):
    barrier = threading.Barrier(n)
    refused, errors = [], []

    def press():
        try:
            barrier.wait()
            add_item(cart=cart, variant_id=variant_id, quantity=1)
        except Conflict as exc:
            refused.append(exc.code)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return refused


@pytest.mark.parametrize("stock, expected", [(50, 12), (5, 5)])
def test_twelve_adds_at_once_count_every_unit_up_to_the_shelf(make_user, make_store, make_product, stock, expected):
    variant = make_product(make_store(), stock=stock).variants.get()
    cart = cart_for(user=make_user("Pembeli"), create=True)
    refused = press_together(12, cart, variant.pk)
    item = CartItem.objects.get(cart=cart, variant=variant)  # one row, however many raced to create it
    assert item.quantity == expected
    assert len(refused) == 12 - expected and set(refused) <= {"insufficient_stock", "cart_busy"}
