from django.contrib import admin

from .models import Manifest, Shipment, TrackingEvent


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    can_delete = False
    readonly_fields = ["status", "note", "occurred_at"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    """Parcels as the couriers report them; read-only, the couriers are the source."""

    list_display = ["awb", "order", "courier", "service", "status", "done", "created_at"]
    list_filter = ["courier", "status", "done"]
    search_fields = ["awb", "order__number"]
    readonly_fields = [f.name for f in Shipment._meta.fields]
    inlines = [TrackingEventInline]


@admin.register(Manifest)
class ManifestAdmin(admin.ModelAdmin):
    list_display = ["number", "location", "courier", "created_at"]
    list_filter = ["courier", "location"]
    readonly_fields = [f.name for f in Manifest._meta.fields]
