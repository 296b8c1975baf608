from niaga.core.errors import NotFound
from niaga.orders.status import Status

from .couriers import COURIERS
from .models import Shipment


def awaiting_pickup(location) -> list[dict]:
    """Packed parcels at a location not yet on a manifest, by courier: what "Minta Penjemputan" would hand over."""
    rows: dict[str, dict] = {}
    shipments = Shipment.objects.filter(
        manifest__isnull=True, order__status=Status.READY_TO_SHIP, order__store__ships_from__location=location
    ).select_related("order")
    for shipment in shipments.order_by("pk"):
        row = rows.setdefault(shipment.courier, {"courier": COURIERS[shipment.courier], "shipments": []})
        row["shipments"].append(shipment)
    return list(rows.values())


def tracking_of(order):
    """The parcel's tracking events, newest first, or [] when no courier was booked."""
    shipment = Shipment.objects.filter(order=order).first()
    return (shipment, list(shipment.events.all())[::-1]) if shipment else (None, [])


def booked_shipment(order) -> Shipment:
    """The order's parcel as booked with its courier; NotFound before a courier was booked."""
    shipment = Shipment.objects.filter(order=order).first()
    if shipment is None:
        raise NotFound("Pesanan ini belum dipesankan kurir.", code="not_booked")
    return shipment
