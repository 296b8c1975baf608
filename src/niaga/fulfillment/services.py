"""Writes for fulfillment: where a store ships from, bins, pick lists, short picks, packing.

Packing books the courier (an AWB) before it moves the order to "Siap Dikirim", so a
label can be printed the moment the parcel is closed.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from niaga.accounts.phones import normalize_phone
from niaga.accounts.services import resolve_region
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError, PermissionDenied
from niaga.core.ids import random_digits
from niaga.inventory import services as inventory
from niaga.notifications.services import notify
from niaga.orders import services as orders
from niaga.orders.models import Order, OrderLine
from niaga.orders.status import Actor, Status
from niaga.shipping import couriers, rates
from niaga.shipping import services as shipping
from niaga.shipping.models import Shipment
from niaga.stores.models import Store

from . import selectors
from .models import BinSlot, Location, Package, PickLine, PickList, StoreLocation

_BIN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")


class PickupAddressIncomplete(Conflict):
    """No courier is booked from a warehouse whose pickup address is not complete."""

    code = "pickup_address_incomplete"


def store_location(*, store) -> Location:
    """The store's ship-from location, creating its own warehouse at its city the first time.

    The new warehouse knows only its city: the seller is asked for the street, village,
    postal code and a contact phone (set_pickup_address) before its first courier booking.
    """
    assigned = StoreLocation.objects.filter(store=store).select_related("location").first()
    if assigned:
        return assigned.location
    with transaction.atomic():
        location = Location.objects.create(
            name=f"Gudang {store.name}"[:80],
            kind=Location.Kind.STORE,
            store=store,
            regency_code=store.city_code,
            regency_name=store.city_name,
            province_code=store.province_code,
            province_name=store.province_name,
            contact_name=store.owner.full_name[:80],
            phone=str(store.owner.phone or "")[:16],
        )
        StoreLocation.objects.get_or_create(store=store, defaults={"location": location})
    return StoreLocation.objects.get(store=store).location


def default_location_id(store_id: int) -> int:
    """The store's ship-from location's id, for inventory's registry (stock with no place named):
    one query once the store has one (checkout asks it for every order it places)."""
    assigned = StoreLocation.objects.filter(store_id=store_id).values_list("location_id", flat=True).first()
    return assigned or store_location(store=Store.objects.get(pk=store_id)).pk


def set_pickup_address(*, location: Location, data: dict) -> Location:
    """The warehouse's pickup address: street, the region tree down to the village (checked
    against each other and the district's postal codes), a contact name and phone."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name, label, limit in (("street", "Alamat jalan", 200), ("contact_name", "Nama kontak", 80)):
        value = " ".join((data.get(name) or "").split())
        if not value:
            errors[name] = f"{label} wajib diisi."
        elif len(value) > limit:
            errors[name] = f"{label} terlalu panjang (maks. {limit} karakter)."
        cleaned[name] = value
    try:
        cleaned["phone"] = normalize_phone(data.get("phone") or "")
    except DomainError as exc:
        errors["phone"] = exc.fields.get("phone", exc.message)
    try:
        region = resolve_region(**{k: (data.get(k) or "").strip() for k in REGION_FIELDS})
    except DomainError as exc:
        errors.update(exc.fields)
    else:
        store = location.store
        if location.kind == Location.Kind.STORE and store is not None and region["regency_code"] != store.city_code:
            errors["regency_code"] = (
                f"Gudang toko ada di {store.city_name}, kota asal ongkir di checkout. "
                "Ubah kota toko di Pengaturan Toko bila gudang pindah kota."
            )
        cleaned.update(region)
    if errors:
        raise DomainError(
            "Alamat penjemputan belum lengkap atau tidak cocok.", code="invalid_pickup_address", fields=errors
        )
    with transaction.atomic():
        Location.objects.filter(pk=location.pk).update(**cleaned)
        for name, value in cleaned.items():
            setattr(location, name, value)
    return location


def set_store_pickup_address(*, store, data: dict) -> Location:
    """The seller sets their own warehouse's address; a fulfillment center's is Niaga's."""
    location = store_location(store=store)
    if location.kind != Location.Kind.STORE:
        raise PermissionDenied(
            "Toko ini dikirim dari pusat fulfillment Niaga; alamatnya diatur Niaga.", code="platform_location"
        )
    return set_pickup_address(location=location, data=data)


REGION_FIELDS = ("province_code", "regency_code", "district_code", "village_code", "postal_code")


def pickup_sender(*, location: Location, store) -> dict:
    """Who and where the courier picks the parcel up from, or PickupAddressIncomplete
    naming what the seller still has to fill in."""
    missing = location.pickup_missing()
    if missing:
        raise PickupAddressIncomplete(
            f"Lengkapi alamat penjemputan {location.name} sebelum memesan kurir "
            f"(Gudang › Alamat penjemputan): kurir menjemput paket di sana.",
            fields=missing,
        )
    return {
        "name": store.name,
        "contact_name": location.contact_name,
        "phone": location.phone,
        "address": ", ".join(filter(None, [location.street, location.village_name, location.district_name])),
        "postal_code": location.postal_code,
        "area_name": location.regency_name,
    }


def assign_bins(*, location: Location, bins: dict[int, str]) -> int:
    """{variant id: "A-01-3"}; an empty code takes the variant off the shelves' map."""
    changed = 0
    with transaction.atomic():
        for variant_id, raw in bins.items():
            code = re.sub(r"\s+", "", raw or "").upper()
            if not code:
                changed += BinSlot.objects.filter(location=location, variant_id=variant_id).delete()[0]
                continue
            if not _BIN.match(code):
                raise DomainError(
                    "Kode rak 1–20 huruf, angka atau '-'.",
                    code="invalid_bin",
                    fields={f"bin_{variant_id}": "Tidak valid."},
                )
            BinSlot.objects.update_or_create(location=location, variant_id=variant_id, defaults={"bin_code": code})
            changed += 1
    return changed


def create_pick_list(*, location: Location, user, limit: int = 100) -> PickList:
    """Batch the location's paid, not-yet-picked orders (oldest payment first) into one walk."""
    with transaction.atomic():
        # Lock the orders (by id: PostgreSQL cannot lock a DISTINCT query) so two staff
        # pressing at once never put the same line on two lists.
        ids = list(selectors.to_pick(location).values_list("pk", flat=True)[:limit])
        waiting = list(Order.objects.select_for_update().filter(pk__in=ids, status=Status.TO_PACK).order_by("pk"))
        lines = [
            line
            for line in OrderLine.objects.filter(order__in=waiting, pick_line__isnull=True).select_related("order")
            if line.to_send
        ]
        if not lines:
            raise DomainError("Tidak ada pesanan yang perlu diambil.", code="nothing_to_pick")
        now = clock.now()
        pick_list = PickList.objects.create(
            location=location,
            number=f"PCK/{timezone.localdate(now):%Y%m%d}/{random_digits(6)}",
            created_by=user,
            created_at=now,
        )
        bins = dict(BinSlot.objects.filter(location=location).values_list("variant_id", "bin_code"))
        PickLine.objects.bulk_create(
            PickLine(
                pick_list=pick_list,
                order=line.order,
                order_line=line,
                variant_id=line.variant_id,
                bin_code=bins.get(line.variant_id, ""),
                quantity=line.to_send,
            )
            for line in lines
        )
    return pick_list


def record_picks(*, pick_list: PickList, picked: dict[int, int], user) -> list[PickLine]:
    """What was found for each product ({variant id: units}), shared out to the orders that
    paid first. Returns the short lines; their sellers are asked what to do."""
    short: list[PickLine] = []
    with transaction.atomic():
        if PickList.objects.select_for_update().get(pk=pick_list.pk).completed_at:
            raise Conflict("Daftar ambil ini sudah selesai.", code="pick_list_done")
        lines = list(pick_list.lines.select_for_update().select_related("order").order_by("order__paid_at", "pk"))
        wanted = {line.variant_id for line in lines}
        if set(picked) != wanted:
            raise DomainError("Isi jumlah terambil untuk setiap barang.", code="pick_incomplete")
        left = dict(picked)
        for variant_id, units in left.items():
            total = sum(line.quantity for line in lines if line.variant_id == variant_id)
            if not 0 <= units <= total:
                raise DomainError(
                    f"Jumlah terambil 0–{total}.", code="invalid_pick", fields={f"picked_{variant_id}": f"0–{total}."}
                )
        for line in lines:
            line.picked = min(line.quantity, left[line.variant_id])
            left[line.variant_id] -= line.picked
            if line.short:
                short.append(line)
        PickLine.objects.bulk_update(lines, ["picked"])
        PickList.objects.filter(pk=pick_list.pk).update(completed_at=clock.now())
        for variant_id in {line.variant_id for line in short}:
            # The shelf was empty: whatever the books still offer of it does not exist.
            inventory.write_off(
                variant_id=variant_id,
                quantity=10**9,
                location_id=pick_list.location_id,
                reference=pick_list.number,
                actor=user,
                note="Kurang saat diambil",
            )
        for order in {line.order for line in short}:
            _tell_seller_short(order)
    return short


def _tell_seller_short(order: Order) -> None:
    notify(
        user=order.store.owner,
        title=f"Stok kurang saat diambil: {order.number}",
        body="Batalkan barang yang kurang atau seluruh pesanan; dana pembeli dikembalikan otomatis.",
        url=reverse("seller:order", args=[order.pk]),
    )


def resolve_short(*, order: Order, seller, cancel_order: bool) -> Order:
    """The seller's answer to a short pick: refund the missing units and send the rest, or
    cancel the order (full refund). Either way the buyer's money goes back at once."""
    if order.store.owner_id != seller.pk:
        raise PermissionDenied("Bukan pesanan toko Anda.")
    missing = selectors.shortages(order)
    if not missing:
        raise Conflict("Tidak ada kekurangan yang perlu diputuskan.", code="no_shortage")
    remaining = {line.pk: line.to_send for line in order.lines.all()}
    for pick in missing:
        remaining[pick.order_line_id] -= pick.short
    with transaction.atomic():
        now = clock.now()
        if cancel_order or not any(remaining.values()):
            orders.transition(
                order=order,
                to_status=Status.CANCELLED,
                role=Actor.SELLER,
                actor=seller,
                reason="Stok tidak tersedia saat diambil",
            )
            for pick in missing:  # restocked with the order, but never on the shelf
                inventory.write_off(
                    variant_id=pick.variant_id,
                    quantity=pick.short,
                    location_id=pick.pick_list.location_id,
                    reference=order.number,
                    actor=seller,
                    note="Stok tidak tersedia saat diambil",
                )
        else:
            for pick in missing:  # each cancel refunds its units (orders' EFFECTS, UNITS_CANCELLED)
                line = pick.order_line
                orders.cancel_units(
                    order=order,
                    line=line,
                    quantity=pick.short,
                    actor=seller,
                    reason=f"{pick.short}× {line.product_name} dibatalkan: stok kurang",
                )
        PickLine.objects.filter(pk__in=[p.pk for p in missing]).update(resolved_at=now)
    order.refresh_from_db()
    return order


def pack(
    *,
    order: Order,
    user,
    counts: dict[int, int],
    weight_grams: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    notes: str = "",
    insured: bool = False,
):
    """Close the parcel: every line counted right, weighed and measured; then book the
    courier and move the order to "Siap Dikirim". A wrong count blocks and changes nothing."""
    orders.refuse_if_held(order)
    if order.status != Status.TO_PACK:
        raise Conflict(f"Pesanan berstatus {order.status_label}, tidak bisa dikemas.", code="invalid_transition")
    if selectors.shortages(order):
        raise Conflict("Ada barang yang kurang saat diambil; penjual harus memutuskan dulu.", code="shortage_open")
    lines = [line for line in order.lines.all() if line.to_send]
    errors = {
        f"count_{line.pk}": f"Seharusnya {line.to_send}, terhitung {counts.get(line.pk, 0)}."
        for line in lines
        if counts.get(line.pk, 0) != line.to_send
    }
    extra = set(counts) - {line.pk for line in lines}
    if extra and any(counts[k] for k in extra):
        errors["counts"] = "Ada barang yang bukan bagian pesanan ini."
    if errors:
        raise DomainError(
            "Isi paket tidak cocok dengan pesanan. Periksa lagi sebelum menutup paket.",
            code="packing_mismatch",
            fields=errors,
        )
    measures = {
        "weight_grams": (weight_grams, 1, 150_000),
        "length_cm": (length_cm, 1, 300),
        "width_cm": (width_cm, 1, 300),
        "height_cm": (height_cm, 1, 300),
    }
    bad = {k: f"{lo}–{hi}." for k, (v, lo, hi) in measures.items() if not isinstance(v, int) or not lo <= v <= hi}
    if bad:
        raise DomainError("Isi berat (gram) dan ukuran paket (cm).", code="invalid_package", fields=bad)
    location = store_location(store=order.store)
    address = order.shipping_address
    value = sum(line.unit_price * line.to_send for line in lines)
    parcel = couriers.Parcel(
        origin=rates.region(location.province_code, location.regency_code),
        destination=rates.region(address.get("province_code", ""), address.get("regency_code", "")),
        weight_grams=weight_grams,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        value=value,
    )
    courier = couriers.get(order.courier_code)
    quote = next((r for r in courier.rates(parcel) if r.code == order.courier_code), None) if courier else None
    if not isinstance(quote, couriers.Rate):
        raise DomainError(
            f"{order.courier_name}: {quote.reason if quote else 'tidak tersedia'} Kemas ulang lebih kecil/ringan.",
            code="over_courier_limit",
        )
    sender = pickup_sender(location=location, store=order.store)
    booked_before = Shipment.objects.filter(order=order).exists()
    shipment = shipping.book(order=order, parcel=parcel, sender=sender, insured=insured, note=notes)
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.status != Status.TO_PACK or Package.objects.filter(order=order).exists():
                raise Conflict("Pesanan ini sudah dikemas orang lain.", code="already_packed")
            Package.objects.create(
                order=order,
                weight_grams=weight_grams,
                length_cm=length_cm,
                width_cm=width_cm,
                height_cm=height_cm,
                volumetric_grams=rates.tariffs.volumetric_grams(length_cm, width_cm, height_cm),
                chargeable_grams=parcel.chargeable_grams,
                notes=notes[:200],
                insured=insured,
                packed_by=user,
                packed_at=clock.now(),
            )
            orders.seller_pack(
                order=order, seller=user, awb=shipment.awb, reason=f"Dikemas, resi {order.courier_name} {shipment.awb}"
            )
    except Exception:
        if not booked_before:  # only give back an AWB this attempt took
            shipping.cancel_booking(shipment=shipment)
            shipment.delete()
        raise
    return shipment
