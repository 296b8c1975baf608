"""After any run of stock operations over a few variants and two locations, the history and
the figures agree: per variant, the movements sum to Stock, Stock is the sum of its levels,
and no level is negative. Runs on SQLite and PostgreSQL alike."""

import itertools

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niaga.core.errors import DomainError
from niaga.inventory import locations, services, warehouse
from niaga.inventory.models import Reservation, Stock, StockLevel, StockMovement

pytestmark = pytest.mark.django_db

VARIANTS = 3
_refs = itertools.count()

op = st.one_of(
    st.tuples(st.just("reserve"), st.integers(0, VARIANTS - 1), st.integers(1, 4), st.integers(0, 1)),
    st.tuples(st.just("release"), st.integers(0, 50)),
    st.tuples(st.just("commit"), st.integers(0, 50)),
    st.tuples(st.just("restock"), st.integers(0, 50)),
    st.tuples(st.just("return"), st.integers(0, VARIANTS - 1), st.integers(1, 3), st.booleans()),
    st.tuples(st.just("write_off"), st.integers(0, VARIANTS - 1), st.integers(1, 5), st.integers(0, 1)),
    st.tuples(st.just("seller_set"), st.integers(0, VARIANTS - 1), st.integers(0, 12)),
    st.tuples(st.just("set_location"), st.integers(0, VARIANTS - 1), st.integers(0, 1), st.integers(0, 12)),
    st.tuples(st.just("receive"), st.integers(0, VARIANTS - 1), st.integers(1, 6), st.integers(0, 1)),
    st.tuples(st.just("transfer"), st.integers(0, VARIANTS - 1), st.integers(1, 6), st.integers(0, 1)),
    st.tuples(st.just("count"), st.integers(0, VARIANTS - 1), st.integers(0, 1), st.integers(0, 12)),
)


def _apply(step, *, store, variants, places, refs, owner):
    kind, *args = step
    if kind == "reserve":
        v, q, at = args
        ref = f"ORD-{next(_refs)}"
        services.reserve(lines=[(variants[v].pk, q)], reference=ref, location_id=places[at])
        refs.append(ref)
    elif kind in ("release", "commit", "restock") and refs:
        getattr(services, kind)(reference=refs[args[0] % len(refs)])
    elif kind == "return":
        v, q, sellable = args
        condition = "sellable" if sellable else "written_off"
        services.receive_returned(
            reference=f"KMP-{next(_refs)}", units=[services.Returned(variants[v].pk, q, condition)], by=owner
        )
    elif kind == "write_off":
        v, q, at = args
        services.write_off(variant_id=variants[v].pk, quantity=q, location_id=places[at])
    elif kind == "seller_set":
        v, n = args
        services.set_available(variant=variants[v], available=n, actor=owner)
    elif kind == "set_location":
        v, at, n = args
        services.set_location_stock(variant=variants[v], location_id=places[at], available=n, actor=owner)
    elif kind == "receive":
        v, q, at = args
        services.receive(variant_id=variants[v].pk, quantity=q, unit_cost=1000, location_id=places[at])
    elif kind == "transfer":
        v, q, at = args
        warehouse.transfer(
            store=store, source_id=places[at], destination_id=places[1 - at], lines=[(variants[v].pk, q)], actor=owner
        )
    elif kind == "count":
        v, at, n = args
        count = warehouse.start_count(store=store, location_id=places[at], actor=owner)
        stock_id = variants[v].stock.pk
        warehouse.enter_counts(count=count, entries={stock_id: {"counted": n, "why": "hilang"}})
        warehouse.confirm_count(count=count, actor=owner)


@pytest.mark.timeout(900)  # real database work per example: minutes on a loaded machine
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(op, min_size=5, max_size=30))
def test_movements_always_sum_to_the_stock_and_its_levels(steps, make_store, make_product, second_warehouse):
    store = make_store()
    variants = [make_product(store, name=f"Buku {i}", stock=5).variants.get() for i in range(VARIANTS)]
    places = [locations.default_for_store(store.pk), second_warehouse(store).pk]
    refs: list[str] = []
    for step in steps:
        try:
            with transaction.atomic():
                _apply(step, store=store, variants=variants, places=places, refs=refs, owner=store.owner)
        except DomainError:
            pass  # refused (out of stock, a count below what is held...): nothing changed

    for variant in variants:
        stock = Stock.objects.get(variant=variant)
        moved = StockMovement.objects.filter(stock=stock).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        levels = StockLevel.objects.filter(stock=stock).aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
        assert (moved["on_hand"] or 0, moved["reserved"] or 0) == (stock.on_hand, stock.reserved), steps
        assert (levels["on_hand"] or 0, levels["reserved"] or 0) == (stock.on_hand, stock.reserved), steps
        assert not StockLevel.objects.filter(stock=stock, on_hand__lt=0).exists()
        assert not StockLevel.objects.filter(stock=stock, reserved__lt=0).exists()
        held = Reservation.objects.filter(stock=stock, status="active").aggregate(n=Sum("quantity"))["n"] or 0
        assert held == stock.reserved
        # Per location too: what is held there is what its active reservations hold.
        for level in StockLevel.objects.filter(stock=stock):
            here = Reservation.objects.filter(stock=stock, status="active", location_id=level.location_id)
            assert level.reserved == (here.aggregate(n=Sum("quantity"))["n"] or 0)
