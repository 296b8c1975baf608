"""The seller's warehouse by API: close a parcel (count, weigh, book the courier) and hand
parcels over at a pickup."""

from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import GATEWAY_ERRORS, Input
from niaga.orders import selectors as orders
from niaga.shipping import services as shipping
from niaga.shipping.api import TrackingOut, tracking_out
from niaga.stores import selectors as stores

from . import services

router = Router(tags=["fulfillment"])


class PackIn(Input):
    counts: dict[int, int] = Field(
        description="order line id → units put in the parcel",
        json_schema_extra={"propertyNames": {"pattern": "^[0-9]{1,18}$"}},  # JSON keys are strings: ids in digits
    )
    weight_grams: int
    length_cm: int
    width_cm: int
    height_cm: int
    notes: str = Field("", max_length=200)
    insured: bool = False


class PickupIn(Input):
    courier: str = Field(max_length=20, description="jne, jnt, sicepat, pos or anteraja")


class ManifestOut(Schema):
    number: str
    courier: str
    pickup_id: str
    awbs: list[str]


@router.post("/seller/orders/{order_id}/package", response={200: TrackingOut, **GATEWAY_ERRORS}, summary="Close the parcel and book its courier")
def pack(request, order_id: int, payload: PackIn):
    order = orders.store_order(stores.my_store(request.user), order_id)
    services.pack(order=order, user=request.user, **payload.model_dump())
    return tracking_out(order)


@router.post("/seller/pickups", response={201: ManifestOut, **GATEWAY_ERRORS}, summary="Minta Penjemputan: hand packed parcels to a courier")
def pickup(request, payload: PickupIn):
    store = stores.my_store(request.user)
    manifest = shipping.request_pickup(location=services.store_location(store=store), courier_code=payload.courier, user=request.user, store=store)
    return Status(
        201,
        {
            "number": manifest.number,
            "courier": manifest.courier,
            "pickup_id": manifest.pickup_id,
            "awbs": list(manifest.shipments.values_list("awb", flat=True)),
        },
    )
