import pytest
from django.db import IntegrityError, transaction

from niaga.inventory import services
from niaga.inventory.models import Reservation, Stock


@pytest.fixture
def variant(make_store, make_product):
    return make_product(make_store(), stock=3).variants.get()


def stock_of(variant) -> Stock:
    return Stock.objects.get(variant=variant)


def test_reserving_holds_units_without_selling_them(variant):
    services.reserve(lines=[(variant.pk, 2)], reference="INV/1")
    stock = stock_of(variant)
    assert (stock.on_hand, stock.reserved, stock.available) == (3, 2, 1)


def test_a_reservation_beyond_what_is_available_holds_nothing(variant):
    services.reserve(lines=[(variant.pk, 2)], reference="INV/1")
    with pytest.raises(services.OutOfStock, match="Stok habis"):
        services.reserve(lines=[(variant.pk, 2)], reference="INV/2")
    assert stock_of(variant).reserved == 2
    assert not Reservation.objects.filter(reference="INV/2").exists()


def test_several_lines_are_all_or_nothing(make_store, make_product, variant):
    other = make_product(make_store(), name="Pulpen", stock=1).variants.get()
    with pytest.raises(services.OutOfStock):
        services.reserve(lines=[(variant.pk, 1), (other.pk, 5)], reference="INV/3")
    assert stock_of(variant).reserved == 0 and stock_of(other).reserved == 0


def test_release_gives_units_back_once(variant):
    services.reserve(lines=[(variant.pk, 2)], reference="INV/1")
    assert services.release(reference="INV/1") == 2
    assert services.release(reference="INV/1") == 0
    assert stock_of(variant).available == 3


def test_commit_turns_held_units_into_sold_ones(variant):
    services.reserve(lines=[(variant.pk, 2)], reference="INV/1")
    services.commit(reference="INV/1")
    services.release(reference="INV/1")  # too late: nothing left to release
    stock = stock_of(variant)
    assert (stock.on_hand, stock.reserved) == (1, 0)


def test_seller_sets_what_is_still_sellable_and_held_units_stay_held(variant):
    services.reserve(lines=[(variant.pk, 2)], reference="INV/1")
    services.set_available(variant=variant, available=5)
    stock = stock_of(variant)
    assert (stock.on_hand, stock.reserved, stock.available) == (7, 2, 5)


@pytest.mark.parametrize("quantity", [0, -1])
def test_quantity_must_be_positive(variant, quantity):
    with pytest.raises(services.DomainError):
        services.reserve(lines=[(variant.pk, quantity)], reference="INV/9")


def test_the_database_itself_refuses_an_oversold_row(variant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(variant=variant).update(reserved=4)
