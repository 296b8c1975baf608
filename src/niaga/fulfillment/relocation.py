"""A store moving where it ships from (its own warehouse into a Niaga fulfillment centre, or
back). Checkout holds units at the ship-from location, so a store that moves with its stock
left behind reads "Stok habis" at checkout until the stock follows it. The move offers to take
every available unit along, as one stock transfer; declined, it says so plainly."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from niaga.core.errors import DomainError
from niaga.inventory import warehouse
from niaga.inventory.models import StockTransfer
from niaga.notifications.services import notify
from niaga.stores.models import Store

from .models import Location, StoreLocation

LEFT_BEHIND = (
    "{units} unit stok masih di {old}. Produk akan terbaca Stok habis saat checkout sampai stok "
    "dipindahkan ke {new} (Toko Saya → Stok → Transfer)."
)


@dataclass(frozen=True)
class Relocation:
    previous: Location | None
    location: Location
    transfer: StockTransfer | None  # the units taken along, when asked
    left_behind: int  # units available at the previous location, not taken along

    @property
    def warning(self) -> str:
        if not self.left_behind or self.previous is None:
            return ""
        return LEFT_BEHIND.format(units=self.left_behind, old=self.previous.name, new=self.location.name)


def move_store(*, store: Store, location: Location, take_stock: bool, actor=None) -> Relocation:
    """Ship the store's orders from `location` from now on; with `take_stock`, every unit
    available at the old location moves there as a transfer (held units stay with their holds)."""
    if location.kind == Location.Kind.STORE and location.store_id != store.pk:
        raise DomainError(
            "Gudang ini milik toko lain.", code="unknown_location", fields={"location": "Pilih gudang toko ini."}
        )
    with transaction.atomic():
        Store.objects.select_for_update().filter(pk=store.pk).first()  # two moves of one store queue
        assigned = StoreLocation.objects.filter(store=store).select_related("location").first()
        previous = assigned.location if assigned else None
        if previous is not None and previous.pk == location.pk:
            return Relocation(previous, location, None, 0)
        moved, left = None, 0
        if previous is not None:
            if take_stock:
                note = f"Pindah gudang pengirim: {previous.name} → {location.name}"
                moved = warehouse.transfer_all(
                    store=store, source_id=previous.pk, destination_id=location.pk, actor=actor, note=note
                )
            left = warehouse.leave_at(store=store, location_id=previous.pk)
        StoreLocation.objects.update_or_create(store=store, defaults={"location": location})
    done = Relocation(previous, location, moved, left)
    _tell(store, done)
    return done


def _tell(store: Store, done: Relocation) -> None:
    if done.previous is None:
        return
    if done.warning:
        body = done.warning
    elif done.transfer is not None:
        body = f"Stok ikut dipindahkan ({done.transfer.number})."
    else:
        body = "Tidak ada stok di gudang lama."
    notify(
        user=store.owner,
        title=f"Toko kini dikirim dari {done.location.name}"[:120],
        body=body,
        url=reverse("seller:stock_transfer"),
    )
