"""A store moving where it ships from takes its stock along as a transfer, or is told plainly
that its products read "Stok habis" at checkout until the stock follows it."""

import pytest

from niaga.fulfillment import relocation
from niaga.fulfillment.models import Location
from niaga.fulfillment.services import store_location
from niaga.inventory import services as inventory
from niaga.inventory.models import StockLevel, StockMovement, StockTransfer
from niaga.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def moving(make_store, make_product):
    """A store with 10 units at its own warehouse (2 of them held) and a centre to move into."""
    store = make_store()
    own = store_location(store=store)
    variant = make_product(store, stock=10).variants.get()
    inventory.reserve(lines=[(variant.pk, 2)], reference="INV-HELD")
    center = Location.objects.create(name="Niaga Fulfillment Center Cikarang", kind=Location.Kind.PLATFORM)
    return store, own, center, variant


def _at(variant, location):
    level = StockLevel.objects.filter(stock__variant=variant, location=location).first()
    return (level.on_hand, level.reserved) if level else (0, 0)


def test_moving_with_the_stock_transfers_every_available_unit_and_checkout_holds_at_once(moving):
    store, own, center, variant = moving
    done = relocation.move_store(store=store, location=center, take_stock=True)

    assert done.transfer is not None and done.left_behind == 0 and done.warning == ""
    assert _at(variant, center) == (8, 0) and _at(variant, own) == (2, 2)  # held units stay with their hold
    moves = StockMovement.objects.filter(reference=done.transfer.number).values_list("reason", "on_hand_change")
    assert sorted(moves) == [("transfer_in", 8), ("transfer_out", -8)]
    inventory.reserve(lines=[(variant.pk, 8)], reference="INV-NEW")  # held at the new place
    assert _at(variant, center) == (8, 8)
    note = Notification.objects.get(user=store.owner)
    assert done.transfer.number in note.body


def test_moving_without_the_stock_says_products_read_sold_out_until_it_is_transferred(moving):
    store, own, center, variant = moving
    done = relocation.move_store(store=store, location=center, take_stock=False)

    assert done.transfer is None and not StockTransfer.objects.exists()
    assert done.left_behind == 8 and _at(variant, own) == (10, 2)
    assert "Stok habis" in done.warning and "8 unit" in done.warning
    assert Notification.objects.get(user=store.owner).body == done.warning
    with pytest.raises(inventory.OutOfStock):
        inventory.reserve(lines=[(variant.pk, 1)], reference="INV-NEW")


def test_a_store_cannot_move_into_another_stores_warehouse(moving, make_store):
    store, own, center, variant = moving
    other = store_location(store=make_store())
    with pytest.raises(relocation.DomainError):
        relocation.move_store(store=store, location=other, take_stock=True)
    assert _at(variant, own) == (10, 2)


def test_the_operator_moving_a_store_in_the_admin_is_offered_the_stock_and_warned_without_it(
    moving, make_user, client, second_factor
):
    from niaga.fulfillment.models import StoreLocation

    store, own, center, variant = moving
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    second_factor(client, operator)
    url = f"/admin/fulfillment/storelocation/{StoreLocation.objects.get(store=store).pk}/change/"
    assert "Pindahkan semua stok ke gudang baru" in client.get(url).content.decode()

    answer = client.post(url, {"store": store.pk, "location": center.pk, "_save": "Simpan"}, follow=True)
    assert "Stok habis" in answer.content.decode()  # declined: the warning, not a silent move
    assert StoreLocation.objects.get(store=store).location == center and _at(variant, own) == (10, 2)

    client.post(url, {"store": store.pk, "location": own.pk, "take_stock": "on", "_save": "Simpan"})
    assert StoreLocation.objects.get(store=store).location == own
    assert StockTransfer.objects.count() == 0  # nothing was at the centre to take back
