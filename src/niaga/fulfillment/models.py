"""Where parcels are made: locations with bins, pick lists, and packages."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.catalog.models import Variant
from niaga.orders.models import Order, OrderLine
from niaga.stores.models import Store


class Location(models.Model):
    """A store's own warehouse, or a Niaga fulfillment center that ships for many stores."""

    class Kind(models.TextChoices):
        STORE = "store", "Gudang toko"
        PLATFORM = "platform", "Fulfillment Niaga"

    name = models.CharField("nama", max_length=80)
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices, default=Kind.STORE)
    store = models.ForeignKey(
        Store, null=True, blank=True, on_delete=models.CASCADE, related_name="locations", verbose_name="toko"
    )
    # The pickup address couriers come to: street, the Kemendagri region tree down to the
    # village (codes and names as they were when saved), postal code, and who to call.
    # Empty parts mean the seller has not set it up yet; no courier is booked until they do.
    street = models.CharField("alamat jalan", max_length=200, blank=True)
    village_code = models.CharField("kode kelurahan/desa", max_length=13, blank=True)
    village_name = models.CharField("kelurahan/desa", max_length=80, blank=True)
    district_code = models.CharField("kode kecamatan", max_length=8, blank=True)
    district_name = models.CharField("kecamatan", max_length=80, blank=True)
    regency_code = models.CharField("kode kota/kabupaten", max_length=5)
    regency_name = models.CharField("kota/kabupaten", max_length=80)
    province_code = models.CharField("kode provinsi", max_length=2)
    province_name = models.CharField("provinsi", max_length=80)
    postal_code = models.CharField("kode pos", max_length=5, blank=True)
    contact_name = models.CharField("nama kontak", max_length=80, blank=True)
    phone = models.CharField("telepon kontak", max_length=16, blank=True)
    # Who may pick and pack here; a store location's owner always may.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="fulfillment_locations", verbose_name="staf"
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "gudang"
        verbose_name_plural = "gudang"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="platform", store__isnull=True) | Q(kind="store", store__isnull=False),
                name="location_owner_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # What a courier needs to come for a parcel, and how to ask the seller for it.
    PICKUP_FIELDS = {
        "street": "Alamat jalan gudang wajib diisi.",
        "village_code": "Pilih kelurahan/desa gudang.",
        "postal_code": "Kode pos gudang wajib diisi.",
        "contact_name": "Nama kontak penjemputan wajib diisi.",
        "phone": "Nomor telepon kontak wajib diisi: kurir menelepon saat menjemput.",
    }

    def pickup_missing(self) -> dict[str, str]:
        """The parts of the pickup address still empty, as field errors; {} when complete.

        A store's own warehouse must be in the store's city (checkout quotes shipping from
        there): after the seller moves the store, its pickup address is asked for again.
        """
        missing = {name: message for name, message in self.PICKUP_FIELDS.items() if not getattr(self, name)}
        if self.kind == self.Kind.STORE and self.store is not None and self.store.city_code != self.regency_code:
            missing["regency_code"] = (
                f"Toko pindah ke {self.store.city_name}: isi alamat penjemputan gudang di kota itu."
            )
        return missing

    def address_lines(self) -> list[str]:
        """The pickup address as printed on labels and manifests."""
        return [
            line
            for line in (
                self.street,
                ", ".join(filter(None, [self.village_name, self.district_name])),
                f"{self.regency_name}, {self.province_name} {self.postal_code}".strip(),
            )
            if line
        ]


class StoreLocation(models.Model):
    """Where a store's orders are picked, packed and handed to couriers."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="ships_from", verbose_name="toko")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="assignments", verbose_name="gudang")

    class Meta:
        verbose_name = "gudang pengirim toko"
        verbose_name_plural = "gudang pengirim toko"


class BinSlot(models.Model):
    """Which bin (rak) of a location holds a variant, e.g. A-01-3."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="slots")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="+")
    bin_code = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "variant"], name="one_bin_per_variant")]


class PickList(models.Model):
    """One walk through the shelves for many orders of a location."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="pick_lists", verbose_name="gudang")
    number = models.CharField("nomor", max_length=30, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibuat oleh"
    )
    created_at = models.DateTimeField("dibuat")
    completed_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "daftar ambil"
        verbose_name_plural = "daftar ambil"


class PickLine(models.Model):
    """An order line to take from the shelf; `picked` is what was found (None until counted)."""

    pick_list = models.ForeignKey(PickList, on_delete=models.CASCADE, related_name="lines")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="pick_lines")
    order_line = models.OneToOneField(OrderLine, on_delete=models.CASCADE, related_name="pick_line")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="+")
    bin_code = models.CharField(max_length=20, blank=True)
    quantity = models.PositiveIntegerField()
    picked = models.PositiveIntegerField(null=True, blank=True)
    # The seller's answer to a short pick: cancel the missing units, or the order.
    resolved_at = models.DateTimeField(null=True, blank=True)

    @property
    def short(self) -> int:
        return 0 if self.picked is None else self.quantity - self.picked


class Package(models.Model):
    """The packed parcel as weighed and measured at the packing table."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="package")
    weight_grams = models.PositiveIntegerField()
    length_cm = models.PositiveIntegerField()
    width_cm = models.PositiveIntegerField()
    height_cm = models.PositiveIntegerField()
    volumetric_grams = models.PositiveIntegerField()
    chargeable_grams = models.PositiveIntegerField()
    notes = models.CharField("catatan kemasan", max_length=200, blank=True)
    insured = models.BooleanField(default=False)
    packed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    packed_at = models.DateTimeField()
