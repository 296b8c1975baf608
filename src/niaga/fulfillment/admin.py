from django.contrib import admin

from .models import Location, PickList, StoreLocation


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "store", "regency_name", "province_name"]
    list_filter = ["kind"]
    search_fields = ["name", "regency_name"]
    filter_horizontal = ["staff"]
    raw_id_fields = ["store"]


@admin.register(StoreLocation)
class StoreLocationAdmin(admin.ModelAdmin):
    """Which location ships each store's orders: move a store into a fulfillment center here."""

    list_display = ["store", "location"]
    raw_id_fields = ["store"]


@admin.register(PickList)
class PickListAdmin(admin.ModelAdmin):
    list_display = ["number", "location", "created_by", "created_at", "completed_at"]
    list_filter = ["location"]
    readonly_fields = ["number", "location", "created_by", "created_at", "completed_at"]
