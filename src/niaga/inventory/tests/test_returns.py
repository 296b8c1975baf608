"""Returned goods: sellable units back on the shelf, written-off ones only recorded, each
with its reference, reason and who decided — once, however often the seller confirms; and
units held for an exchange's replacement under their own reference."""

import pytest

from niaga.inventory import services
from niaga.inventory.models import ReturnedStock, Stock
from niaga.inventory.services import Returned

pytestmark = pytest.mark.django_db

SELLABLE, WRITTEN_OFF = ReturnedStock.Condition.SELLABLE, ReturnedStock.Condition.WRITTEN_OFF


@pytest.fixture
def sold(make_store, make_product):
    """Three units on hand; two of them sold to an order (reserved, then committed)."""
    product = make_product(make_store(), stock=3)
    variant = product.variants.get()
    services.reserve(lines=[(variant.pk, 2)], reference="ORD/1")
    services.commit(reference="ORD/1")
    return variant


def stock_of(variant) -> tuple[int, int]:
    stock = Stock.objects.get(variant=variant)
    return stock.on_hand, stock.reserved


def test_a_partial_return_puts_sellable_units_back_and_records_the_written_off_ones(sold, make_user):
    seller = make_user("Penjual")
    assert stock_of(sold) == (1, 0)
    made = services.receive_returned(
        reference="KMP/1",
        units=[
            Returned(sold.pk, 1, SELLABLE, "Segel utuh"),
            Returned(sold.pk, 1, WRITTEN_OFF, "Sampul robek"),
        ],
        by=seller,
    )
    assert stock_of(sold) == (2, 0)  # one back for sale; the torn one stays gone
    assert sorted((r.condition, r.quantity, r.reason, r.recorded_by) for r in made) == [
        (SELLABLE, 1, "Segel utuh", seller),
        (WRITTEN_OFF, 1, "Sampul robek", seller),
    ]
    assert [r.reference for r in services.returned_for(reference="KMP/1")] == ["KMP/1", "KMP/1"]


def test_confirming_twice_moves_nothing_more(sold):
    units = [Returned(sold.pk, 2, SELLABLE)]
    assert len(services.receive_returned(reference="KMP/2", units=units)) == 1
    assert services.receive_returned(reference="KMP/2", units=units) == []
    assert stock_of(sold) == (3, 0)
    assert ReturnedStock.objects.get(reference="KMP/2").quantity == 2


def test_zero_units_record_nothing_and_a_bad_condition_changes_nothing(sold):
    assert services.receive_returned(reference="KMP/3", units=[Returned(sold.pk, 0, SELLABLE)]) == []
    with pytest.raises(services.DomainError):
        services.receive_returned(
            reference="KMP/3", units=[Returned(sold.pk, 1, SELLABLE), Returned(sold.pk, 1, "lost")]
        )
    with pytest.raises(services.DomainError):
        services.receive_returned(reference="KMP/3", units=[Returned(sold.pk, -1, SELLABLE)])
    assert stock_of(sold) == (1, 0) and not ReturnedStock.objects.exists()


def test_a_replacement_is_held_under_its_own_reference_and_shipped_or_given_back(sold):
    services.reserve(lines=[(sold.pk, 1)], reference="KMP/4/TUKAR")
    assert stock_of(sold) == (1, 1)
    with pytest.raises(services.OutOfStock):  # the held unit cannot be sold to someone else
        services.reserve(lines=[(sold.pk, 1)], reference="ORD/2")
    services.commit(reference="KMP/4/TUKAR")  # the replacement leaves with the courier
    assert stock_of(sold) == (0, 0)
    assert services.release(reference="ORD/1") == 0  # the sale it replaces is untouched


def test_a_replacement_not_sent_gives_its_unit_back(sold):
    services.reserve(lines=[(sold.pk, 1)], reference="KMP/5/TUKAR")
    assert services.release(reference="KMP/5/TUKAR") == 1
    assert stock_of(sold) == (1, 0)
