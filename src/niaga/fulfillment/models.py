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

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORE)
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="locations")
    street = models.CharField("alamat", max_length=200)
    regency_code = models.CharField(max_length=5)
    regency_name = models.CharField(max_length=80)
    province_code = models.CharField(max_length=2)
    province_name = models.CharField(max_length=80)
    postal_code = models.CharField(max_length=5)
    phone = models.CharField(max_length=16)
    # Who may pick and pack here; a store location's owner always may.
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="fulfillment_locations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="platform", store__isnull=True) | Q(kind="store", store__isnull=False), name="location_owner_matches_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StoreLocation(models.Model):
    """Where a store's orders are picked, packed and handed to couriers."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="ships_from")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="assignments")


class BinSlot(models.Model):
    """Which bin (rak) of a location holds a variant, e.g. A-01-3."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="slots")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="+")
    bin_code = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "variant"], name="one_bin_per_variant")]


class PickList(models.Model):
    """One walk through the shelves for many orders of a location."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="pick_lists")
    number = models.CharField(max_length=30, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


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
