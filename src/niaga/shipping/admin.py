from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline, rupiah_column

from .models import Leg, LegEvent, Manifest, Shipment, TrackingEvent


class TrackingEventInline(ReadOnlyInline):
    model = TrackingEvent
    fields = readonly_fields = ("status", "note", "occurred_at")


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    """Parcels as the couriers report them; read-only, the couriers are the source."""

    list_display = [
        "awb",
        "order",
        "courier",
        "service",
        "price_rupiah",
        "chargeable_grams",
        "status",
        "done",
        "created_at",
    ]
    price_rupiah = rupiah_column("price", "Biaya kurir")
    list_filter = ["courier", "status", "done"]
    search_fields = ["awb", "order__number"]
    readonly_fields = [f.name for f in Shipment._meta.fields]
    inlines = [TrackingEventInline]


@admin.register(Manifest)
class ManifestAdmin(ReadOnlyAdmin):
    list_display = ["number", "location", "courier", "created_at"]
    list_filter = ["courier", "location"]
    readonly_fields = [f.name for f in Manifest._meta.fields]


class LegEventInline(ReadOnlyInline):
    model = LegEvent
    fields = readonly_fields = ("status", "note", "occurred_at")


@admin.register(Leg)
class LegAdmin(ReadOnlyAdmin):
    """Returns and replacements as the couriers report them; read-only, booked through after-sales."""

    list_display = [
        "awb",
        "kind",
        "reference",
        "order",
        "courier",
        "service",
        "price_rupiah",
        "payer",
        "status",
        "done",
    ]
    price_rupiah = rupiah_column("price", "Biaya kurir")
    list_filter = ["kind", "courier", "payer", "status", "done"]
    search_fields = ["awb", "reference", "order__number"]
    readonly_fields = [f.name for f in Leg._meta.fields]
    inlines = [LegEventInline]
