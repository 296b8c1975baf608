"""The seller's warehouse by API: close a parcel (count, weigh, book the courier) and hand
parcels over at a pickup."""

from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import ERRORS, GATEWAY_ERRORS, Input
from niaga.orders import selectors as orders
from niaga.shipping import selectors as shipping_selectors
from niaga.shipping import services as shipping
from niaga.shipping.api import TrackingOut
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

    @staticmethod
    def resolve_awbs(manifest) -> list[str]:
        return list(manifest.shipments.values_list("awb", flat=True))


class PickupAddressIn(Input):
    contact_name: str = Field(max_length=80)
    phone: str = Field(max_length=30, description="Indonesian number the courier calls, e.g. 0812-3456-7890")
    street: str = Field(max_length=200)
    province_code: str = Field(max_length=2)
    regency_code: str = Field(max_length=5)
    district_code: str = Field(max_length=8)
    village_code: str = Field(max_length=13, description="Kemendagri village code, e.g. 32.73.02.1004")
    postal_code: str = Field(max_length=5)


class PickupAddressOut(Schema):
    contact_name: str
    phone: str
    street: str
    village_code: str
    village_name: str
    district_name: str
    regency_name: str
    province_name: str
    postal_code: str
    missing: dict[str, str] = Field(description="what couriers still need before a booking; empty when complete")

    @staticmethod
    def resolve_missing(location) -> dict[str, str]:
        return location.pickup_missing()


@router.get(
    "/seller/pickup-address", response={200: PickupAddressOut, **ERRORS}, summary="The warehouse's pickup address"
)
def pickup_address(request):
    return services.store_location(store=stores.my_store(request.user))


@router.put(
    "/seller/pickup-address",
    response={200: PickupAddressOut, **ERRORS},
    summary="Set the warehouse's pickup address (needed before booking a courier)",
)
def set_pickup_address(request, payload: PickupAddressIn):
    return services.set_store_pickup_address(store=stores.my_store(request.user), data=payload.model_dump())


@router.post(
    "/seller/orders/{order_id}/package",
    response={200: TrackingOut, **GATEWAY_ERRORS},
    summary="Close the parcel and book its courier",
)
def pack(request, order_id: int, payload: PackIn):
    order = orders.store_order(stores.my_store(request.user), order_id)
    services.pack(order=order, user=request.user, **payload.model_dump())
    return shipping_selectors.booked_shipment(order)


@router.post(
    "/seller/pickups",
    response={201: ManifestOut, **GATEWAY_ERRORS},
    summary="Minta Penjemputan: hand packed parcels to a courier",
)
def pickup(request, payload: PickupIn):
    store = stores.my_store(request.user)
    manifest = shipping.request_pickup(
        location=services.store_location(store=store), courier_code=payload.courier, user=request.user, store=store
    )
    return Status(201, manifest)
