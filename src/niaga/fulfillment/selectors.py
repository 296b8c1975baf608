import re

from django.db.models import Q

from niaga.orders.models import Order
from niaga.orders.status import Status
from niaga.shipping import rates
from niaga.stores.models import Store

from .models import Location, PickLine, PickList, StoreLocation


def labels_for(store, order_ids: list[int]):
    """The store's own orders that have an AWB, in the order asked; anyone else's are skipped."""
    return _labels(Order.objects.filter(store=store), order_ids)


def _labels(orders, order_ids: list[int]):
    found = {
        o.pk: o
        for o in orders.filter(pk__in=order_ids)
        .exclude(awb="")
        .select_related("store__owner", "store__ships_from__location", "shipment", "package")
        .prefetch_related("lines")
    }
    return [found[i] for i in order_ids if i in found]


def origin_of(store: Store) -> rates.tariffs.Region:
    """Where the store's parcels leave from: its assigned location, else its own city."""
    if Store.ships_from.is_cached(store):  # read with the cart (select_related)
        try:
            assigned = store.ships_from
        except StoreLocation.DoesNotExist:
            assigned = None
    else:
        assigned = StoreLocation.objects.filter(store=store).select_related("location").first()
    if assigned:
        return rates.region(assigned.location.province_code, assigned.location.regency_code)
    return rates.region(store.province_code, store.city_code)


def ship_from_id(store: Store) -> int | None:
    """The id of the location that ships the store's orders, when it is known without a
    query (read with the cart); None lets inventory ask its registry."""
    if not Store.ships_from.is_cached(store):
        return None
    try:
        return store.ships_from.location_id
    except StoreLocation.DoesNotExist:
        return None


def locations_for(user):
    """The locations this person picks and packs at: their store's, and any they staff."""
    if not user.is_authenticated:
        return Location.objects.none()
    return Location.objects.filter(Q(staff=user) | Q(store__owner=user)).distinct().order_by("name")


def location_for(user, location_id: int) -> Location | None:
    return locations_for(user).filter(pk=location_id).first()


def orders_at(location: Location, status: str | None = None):
    qs = Order.objects.filter(store__ships_from__location=location).select_related("store", "buyer")
    return qs.filter(status=status) if status else qs


def to_pick(location: Location):
    """Paid orders at this location with lines no pick list has taken yet."""
    return (
        orders_at(location, Status.TO_PACK)
        .filter(held=False, lines__pick_line__isnull=True)
        .distinct()
        .order_by("paid_at", "pk")
    )


def pick_list(location: Location, pick_list_id: int) -> PickList | None:
    return PickList.objects.filter(location=location, pk=pick_list_id).first()


def grouped(pick_list: PickList) -> list[dict]:
    """The walk: one row per product, in bin order (unassigned last), with its orders."""
    rows: dict[int, dict] = {}
    lines = pick_list.lines.select_related("order_line", "order").order_by("order__paid_at", "pk")
    for line in lines:
        row = rows.setdefault(
            line.variant_id,
            {
                "variant_id": line.variant_id,
                "bin": line.bin_code,
                "name": line.order_line.product_name,
                "variant": line.order_line.variant_name,
                "quantity": 0,
                "picked": None,
                "orders": [],
            },
        )
        row["quantity"] += line.quantity
        if line.picked is not None:
            row["picked"] = (row["picked"] or 0) + line.picked
        row["orders"].append(line)
    for row in rows.values():
        row["short"] = 0 if row["picked"] is None else row["quantity"] - row["picked"]
    return sorted(rows.values(), key=lambda r: (r["bin"] == "", _natural(r["bin"]), r["name"]))


def _natural(code: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code.upper())]


def shortages(order: Order) -> list[PickLine]:
    """Short picks of this order the seller has not answered yet."""
    return [
        line
        for line in order.pick_lines.select_related("order_line").filter(resolved_at__isnull=True)
        if line.short > 0
    ]


def labels_at(location: Location, order_ids: list[int]):
    """Labels of any store's parcels packed at this location (a fulfillment center prints them all)."""
    return _labels(orders_at(location), order_ids)
